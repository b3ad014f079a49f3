"""The tenancy workflow: every step allowed and refused, by part, with its effects and its trail."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.errors import InvalidTransition
from core.models import Event
from core.trail import history_of
from incubation import services
from incubation.choices import TenancyState as S
from incubation.models import Tenancy
from registry.choices import Role
from tests.conftest import make_organization, make_user
from tests.incubation.conftest import TERM, D, active, admitted, apply_for, reload

pytestmark = pytest.mark.django_db

SCORES = {"governance": 18, "capacity": 16, "projects": 15, "resources": 12, "influence": 14}


def codes(error: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}


# -- applying ---------------------------------------------------------------------------------------


def test_an_organization_applies_for_itself_and_the_operator_must_decide_within_five_working_days(
    personas, bases, monkeypatch
):
    monkeypatch.setattr(
        timezone, "localdate", lambda *args: D(2025, 9, 30)
    )  # before the National Day holiday

    tenancy = apply_for(bases.street_a, personas["org_a"], organization=personas["org_a"].organization)

    assert (tenancy.state, tenancy.organization, tenancy.name) == (
        S.APPLIED,
        personas["org_a"].organization,
        "幸福里社区夕阳红合唱队",
    )
    # 10-1 … 10-8 are holidays and Saturday 10-11 is a make-up working day.
    assert tenancy.decision_due == D(2025, 10, 14)
    assert tenancy.category == personas["org_a"].organization.category
    assert [step.what for step in history_of(tenancy, user=personas["operator"])] == ["申请入驻"]


def test_a_group_not_yet_filed_applies_with_its_community(tree, bases):
    applicant = make_user("applicant", Role.APPLICANT)

    tenancy = apply_for(
        bases.street_a, applicant, group_name="桃源村巧手编织队", community=tree.village_a.code
    )

    assert (tenancy.organization, tenancy.group_name, tenancy.community) == (
        None,
        "桃源村巧手编织队",
        tree.village_a,
    )
    assert Tenancy.objects.for_user(applicant).get() == tenancy


def test_an_operator_applies_on_behalf_only_at_its_own_bases(tree, personas, bases, tenant_org):
    tenancy = apply_for(bases.street_a, personas["operator"], organization=tenant_org)

    assert tenancy.applicant == personas["operator"]
    with pytest.raises(ValidationError) as refused:
        apply_for(
            bases.street_b, personas["operator"], group_name="湖畔社区书法社", community=tree.community_b.code
        )
    assert codes(refused.value) == {"base": ["base_not_open"]}


def test_an_organization_has_one_tenancy_under_way(personas, bases, tenant_org):
    apply_for(bases.street_a, organization=tenant_org)

    with pytest.raises(ValidationError) as refused:
        apply_for(bases.street_b, organization=tenant_org)

    assert refused.value.message_dict == {
        "organization": ["该组织在“江滨街道社会组织培育孵化中心”的入驻尚在进行（待审核），不能重复申请"]
    }


def test_a_base_not_yet_approved_takes_no_applications(tree, personas):
    from tests.incubation.conftest import register_base

    pending = register_base(tree.street_a, "江滨街道第二孵化点", approve=False)

    with pytest.raises(ValidationError) as refused:
        apply_for(pending, personas["org_a"], organization=personas["org_a"].organization)
    assert codes(refused.value) == {"base": ["base_not_open"]}


def test_bad_application_input_is_refused_beside_its_fields(bases):
    applicant = make_user("applicant", Role.APPLICANT)

    with pytest.raises(ValidationError) as refused:
        services.tenancy_apply(
            actor=applicant,
            base=bases.street_a.pk,
            data={"group_name": "", "community": "990101001000", "category": "gold", "contact_phone": "123"},
        )

    assert codes(refused.value) == {
        "group_name": ["required"],
        "community": ["not_a_community"],
        "category": ["invalid_choice"],
        "contact_phone": ["mobile"],
        "contact_name": ["required"],
    }
    assert not Tenancy.objects.unrestricted().exists()


@pytest.mark.parametrize("persona", ["street_a", "bureau_city", "community_a"])
def test_staff_do_not_apply(personas, bases, persona, tenant_org):
    with pytest.raises(PermissionDenied):
        apply_for(bases.street_a, personas[persona], organization=tenant_org)


# -- deciding -----------------------------------------------------------------------------------------


def test_the_operator_admits_with_a_term_and_a_space(personas, bases, tenant_org):
    tenancy = apply_for(bases.street_a, organization=tenant_org)

    admitted = services.tenancy_admit(
        actor=personas["operator"],
        tenancy_id=tenancy.pk,
        planned_start=TERM[0],
        planned_end=TERM[1],
        space=bases.office.pk,
        note="需求明确",
    )

    assert (admitted.state, admitted.space, admitted.planned_end, admitted.decided_by) == (
        S.ADMITTED,
        bases.office,
        TERM[1],
        personas["operator"],
    )
    event = Event.objects.unrestricted().get(action="tenancy.admit")
    assert (event.from_state, event.to_state, event.reason, event.organization_id) == (
        S.APPLIED,
        S.ADMITTED,
        "需求明确",
        tenant_org.pk,
    )


def test_admission_without_a_space_is_virtual_incubation(personas, bases, tenant_org):
    tenancy = admitted(apply_for(bases.street_a, organization=tenant_org))

    assert tenancy.is_virtual and tenancy.state == S.ADMITTED


def test_another_operator_does_not_see_the_application(personas, bases, tenant_org):
    tenancy = apply_for(bases.street_a, organization=tenant_org)

    with pytest.raises(Tenancy.DoesNotExist):
        services.tenancy_admit(
            actor=bases.operator_b, tenancy_id=tenancy.pk, planned_start=TERM[0], planned_end=TERM[1]
        )


def test_the_applicant_cannot_decide_its_own_application(personas, bases):
    tenancy = apply_for(bases.street_a, personas["org_a"], organization=personas["org_a"].organization)

    with pytest.raises(PermissionDenied):
        services.tenancy_reject(actor=personas["org_a"], tenancy_id=tenancy.pk, reason="自行拒绝")


def test_the_street_managing_the_base_may_decide_but_the_community_only_reads(personas, bases, tenant_org):
    tenancy = apply_for(bases.street_a, organization=tenant_org)

    with pytest.raises(PermissionDenied):
        services.tenancy_reject(actor=personas["community_a"], tenancy_id=tenancy.pk, reason="不符合")
    rejected = services.tenancy_reject(
        actor=personas["street_a"], tenancy_id=tenancy.pk, reason="不属于孵化范围"
    )

    assert (rejected.state, rejected.decision_note) == (S.REJECTED, "不属于孵化范围")


def test_rejecting_needs_a_reason(personas, bases, tenant_org):
    tenancy = apply_for(bases.street_a, organization=tenant_org)

    with pytest.raises(ValidationError) as refused:
        services.tenancy_reject(actor=personas["operator"], tenancy_id=tenancy.pk, reason="")

    assert codes(refused.value) == {"reason": ["reason_required"]}
    assert reload(tenancy).state == S.APPLIED


def test_only_the_applicant_withdraws_and_only_before_the_decision(personas, bases):
    org_a = personas["org_a"]
    tenancy = apply_for(bases.street_a, org_a, organization=org_a.organization)

    with pytest.raises(PermissionDenied):
        services.tenancy_withdraw(actor=personas["operator"], tenancy_id=tenancy.pk)
    assert services.tenancy_withdraw(actor=org_a, tenancy_id=tenancy.pk).state == S.WITHDRAWN
    with pytest.raises(InvalidTransition):
        services.tenancy_withdraw(actor=org_a, tenancy_id=tenancy.pk)


# -- terms and spaces -------------------------------------------------------------------------------


def admit_by_operator(personas, tenancy, start, end, space=None):
    return services.tenancy_admit(
        actor=personas["operator"],
        tenancy_id=tenancy.pk,
        planned_start=start,
        planned_end=end,
        space=space.pk if space else None,
    )


def test_a_term_ending_before_it_starts_or_longer_than_two_years_is_refused(personas, bases, tenant_org):
    tenancy = apply_for(bases.street_a, organization=tenant_org)

    with pytest.raises(ValidationError) as backwards:
        admit_by_operator(personas, tenancy, D(2025, 3, 1), D(2025, 2, 1))
    with pytest.raises(ValidationError) as too_long:
        admit_by_operator(personas, tenancy, D(2025, 3, 1), D(2027, 3, 2))
    with pytest.raises(ValidationError) as before_opening:
        admit_by_operator(personas, tenancy, D(2023, 3, 1), D(2024, 3, 1))

    assert backwards.value.message_dict == {"planned_end": ["计划出壳日期应晚于计划入驻日期"]}
    assert too_long.value.message_dict == {"planned_end": ["入驻期限不超过24个月"]}
    assert codes(before_opening.value) == {"planned_start": ["before_opening"]}
    assert reload(tenancy).state == S.APPLIED
    assert admit_by_operator(personas, tenancy, D(2025, 3, 1), D(2027, 3, 1)).state == S.ADMITTED


def test_a_full_space_is_refused_for_an_overlapping_term_and_free_for_a_later_one(tree, personas, bases):
    first, second, third = (
        apply_for(bases.street_a, organization=make_organization(tree.community_a, name=name))
        for name in ("幸福里社区甲队", "幸福里社区乙队", "幸福里社区丙队")
    )
    admit_by_operator(personas, first, D(2025, 1, 1), D(2025, 12, 31), bases.office)

    with pytest.raises(ValidationError) as full:
        admit_by_operator(personas, second, D(2025, 6, 1), D(2026, 5, 31), bases.office)

    assert full.value.message_dict == {
        "space": ["“301办公室”可容纳1个组织，2025-06-01至2026-05-31期间已满，请另选空间或调整期限"]
    }
    assert codes(full.value) == {"space": ["space_full"]}
    assert (
        admit_by_operator(personas, second, D(2026, 1, 1), D(2026, 12, 31), bases.office).space
        == bases.office
    )
    with pytest.raises(ValidationError):  # overlaps the second one now
        admit_by_operator(personas, third, D(2026, 12, 1), D(2027, 6, 30), bases.office)


def test_a_space_holds_as_many_tenants_at_once_as_its_capacity(tree, personas, bases):
    tenancies = [
        apply_for(bases.street_a, organization=make_organization(tree.community_a, name=f"幸福里社区{n}号队"))
        for n in range(4)
    ]
    # Two desks: the first two terms do not overlap each other, so the third fits beside either.
    admit_by_operator(personas, tenancies[0], D(2025, 1, 1), D(2025, 6, 30), bases.desks)
    admit_by_operator(personas, tenancies[1], D(2025, 7, 1), D(2025, 12, 31), bases.desks)
    admit_by_operator(personas, tenancies[2], D(2025, 3, 1), D(2025, 9, 30), bases.desks)

    with pytest.raises(ValidationError) as full:
        admit_by_operator(personas, tenancies[3], D(2025, 5, 1), D(2025, 8, 31), bases.desks)
    assert codes(full.value) == {"space": ["space_full"]}


def test_the_space_must_be_the_bases_own_and_meant_for_tenants(personas, bases, tenant_org):
    other = services.space_add(
        actor=bases.operator_b,
        base_id=bases.street_b.pk,
        data={"name": "A1", "kind": "office", "capacity": 3, "for_tenants": True},
    )
    tenancy = apply_for(bases.street_a, organization=tenant_org)

    with pytest.raises(ValidationError) as elsewhere:
        admit_by_operator(personas, tenancy, *TERM, other)
    with pytest.raises(ValidationError) as meeting:
        admit_by_operator(personas, tenancy, *TERM, bases.meeting_room)

    assert elsewhere.value.message_dict == {"space": ["所选空间不属于本基地"]}
    assert codes(meeting.value) == {"space": ["space_not_for_tenants"]}


def test_an_early_exit_hands_the_space_back(tree, personas, bases, tenant_org):
    tenancy = active(apply_for(bases.street_a, organization=tenant_org), bases.office)
    waiting = apply_for(
        bases.street_a, organization=make_organization(tree.community_a, name="幸福里社区后来队")
    )

    with pytest.raises(ValidationError):
        admit_by_operator(personas, waiting, D(2025, 9, 1), D(2026, 8, 31), bases.office)
    left = services.tenancy_exit(
        actor=personas["operator"],
        tenancy_id=tenancy.pk,
        ended_on=D(2025, 8, 31),
        reason="骨干流失，自愿退出",
    )

    assert (left.state, left.ended_on, left.end_reason) == (S.EXITED, D(2025, 8, 31), "骨干流失，自愿退出")
    assert (
        admit_by_operator(personas, waiting, D(2025, 9, 1), D(2026, 8, 31), bases.office).state == S.ADMITTED
    )


# -- in incubation ------------------------------------------------------------------------------------


def test_moving_in_happens_within_the_term_and_not_in_the_future(personas, bases, tenant_org):
    tenancy = admitted(apply_for(bases.street_a, organization=tenant_org))

    with pytest.raises(ValidationError) as early:
        services.tenancy_move_in(actor=personas["operator"], tenancy_id=tenancy.pk, started_on=D(2025, 2, 1))
    with pytest.raises(ValidationError) as future:
        services.tenancy_move_in(
            actor=personas["operator"], tenancy_id=tenancy.pk, started_on=timezone.localdate() + D.resolution
        )
    moved = services.tenancy_move_in(
        actor=personas["operator"], tenancy_id=tenancy.pk, started_on=D(2025, 3, 3)
    )

    assert early.value.message_dict == {
        "started_on": ["入驻日期应在计划入驻期限（2025-03-01至2026-02-28）内"]
    }
    assert "future_date" in codes(future.value)["started_on"]
    assert (moved.state, moved.started_on) == (S.ACTIVE, D(2025, 3, 3))


def test_an_extension_moves_the_end_within_a_year_if_the_space_has_room(tree, personas, bases, tenant_org):
    tenancy = active(apply_for(bases.street_a, organization=tenant_org), bases.office)
    later = apply_for(
        bases.street_a, organization=make_organization(tree.community_a, name="幸福里社区后来队")
    )
    admit_by_operator(personas, later, D(2026, 6, 1), D(2027, 5, 31), bases.office)

    with pytest.raises(ValidationError) as no_reason:
        services.tenancy_extend(
            actor=personas["operator"], tenancy_id=tenancy.pk, planned_end=D(2026, 5, 31), reason=""
        )
    with pytest.raises(ValidationError) as too_long:
        services.tenancy_extend(
            actor=personas["operator"], tenancy_id=tenancy.pk, planned_end=D(2027, 3, 1), reason="项目未完成"
        )
    with pytest.raises(ValidationError) as clash:
        services.tenancy_extend(
            actor=personas["operator"], tenancy_id=tenancy.pk, planned_end=D(2026, 8, 31), reason="项目未完成"
        )
    extended = services.tenancy_extend(
        actor=personas["operator"], tenancy_id=tenancy.pk, planned_end=D(2026, 5, 31), reason="项目未完成"
    )

    assert codes(no_reason.value) == {"reason": ["reason_required"]}
    assert too_long.value.message_dict == {"planned_end": ["每次延期不超过12个月"]}
    assert codes(clash.value) == {"planned_end": ["space_full"]}
    assert (extended.state, extended.planned_end, extended.extensions) == (S.EXTENDED, D(2026, 5, 31), 1)


def test_graduation_keeps_the_growth_assessment(personas, bases, tenant_org):
    tenancy = active(apply_for(bases.street_a, organization=tenant_org), bases.office)

    graduated = services.tenancy_graduate(
        actor=personas["operator"],
        tenancy_id=tenancy.pk,
        ended_on=D(2026, 2, 27),
        scores=SCORES,
        narrative="章程健全、骨干稳定，已能独立开展为老服务项目。",
    )

    assert (graduated.state, graduated.ended_on, graduated.growth_total) == (S.GRADUATED, D(2026, 2, 27), 75)
    assert [item["score"] for item in graduated.growth_scores] == [18, 16, 15, 12, 14]
    assert graduated.growth_scores[0]["label"] == "内部治理（章程、制度、决策）"
    event = Event.objects.unrestricted().filter(action="tenancy.graduate").get()
    assert (event.from_state, event.to_state) == (S.ACTIVE, S.GRADUATED)


def test_a_growth_assessment_out_of_range_or_without_words_is_refused(personas, bases, tenant_org):
    tenancy = active(apply_for(bases.street_a, organization=tenant_org), bases.office)

    with pytest.raises(ValidationError) as refused:
        services.tenancy_graduate(
            actor=personas["operator"],
            tenancy_id=tenancy.pk,
            ended_on=D(2025, 2, 1),
            scores={**SCORES, "governance": 21, "capacity": -1, "influence": "优"},
            narrative="很好",
        )

    assert codes(refused.value) == {
        "ended_on": ["ends_before_start"],
        "score_governance": ["score_range"],
        "score_capacity": ["score_range"],
        "score_influence": ["invalid"],
        "growth_narrative": ["narrative_too_short"],
    }
    assert reload(tenancy).state == S.ACTIVE


def test_a_tenancy_not_yet_in_incubation_cannot_graduate(personas, bases, tenant_org):
    tenancy = admitted(apply_for(bases.street_a, organization=tenant_org))

    with pytest.raises(InvalidTransition) as refused:
        services.tenancy_graduate(
            actor=personas["operator"],
            tenancy_id=tenancy.pk,
            ended_on=D(2025, 6, 1),
            scores=SCORES,
            narrative="x" * 20,
        )

    assert refused.value.messages == ["当前状态为“已准入”，不能办理“出壳”"]
