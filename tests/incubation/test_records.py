"""Services, subsidies, spaces, staff trainings and the bureau's evaluation: kept by those who run (or,
for the evaluation, manage) the base; bad input refused beside its field, nothing half-saved."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from incubation import services
from incubation.choices import EvaluationGrade
from incubation.models import BaseEvaluation, IncubationBase, ServiceRecord, Space, Subsidy
from tests.incubation.conftest import D, active, admitted, apply_for, reload

pytestmark = pytest.mark.django_db

CHECKLIST = {
    "party": 9,
    "facilities": 13,
    "rules": 12,
    "staff": 13,
    "incubation": 17,
    "services": 13,
    "funds": 9,
}


def codes(error: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}


def subsidy_data(tenancy, **overrides):
    return {
        "tenancy": tenancy.pk,
        "kind": "rent",
        "amount": "6000.00",
        "period_start": D(2025, 3, 1),
        "period_end": D(2025, 8, 31),
        "approver": "江滨街道办事处",
        "approved_on": D(2025, 9, 10),
        **overrides,
    }


def service_data(tenancy=None, **overrides):
    return {
        "tenancy": tenancy.pk if tenancy else None,
        "kind": "registration",
        "given_on": D(2025, 4, 8),
        "hours": "2.5",
        "participants": 3,
        "notes": "指导准备备案材料",
        **overrides,
    }


# -- services ---------------------------------------------------------------------------------------


def test_the_operator_logs_a_service_to_a_tenant_and_one_to_all(personas, bases, tenant_org):
    tenancy = active(apply_for(bases.street_a, organization=tenant_org), bases.office)

    one = services.service_log(actor=personas["operator"], base=bases.street_a.pk, data=service_data(tenancy))
    all_ = services.service_log(
        actor=personas["operator"],
        base=bases.street_a.pk,
        data=service_data(kind="policy_guidance", hours="1"),
    )

    assert (one.tenancy, one.hours, one.participants) == (tenancy, Decimal("2.5"), 3)
    assert all_.tenancy is None
    assert set(ServiceRecord.objects.for_user(personas["org_a"])) == set()
    assert set(ServiceRecord.objects.for_user(personas["street_a"])) == {one, all_}


def test_bad_service_input_is_refused_beside_its_fields(personas, bases, tenant_org):
    tenancy = apply_for(bases.street_a, organization=tenant_org)  # not admitted yet

    with pytest.raises(ValidationError) as refused:
        services.service_log(
            actor=personas["operator"],
            base=bases.street_a.pk,
            data=service_data(tenancy, kind="massage", hours="-1", participants=0, given_on=D(2023, 5, 1)),
        )

    assert codes(refused.value) == {
        "tenancy": ["tenancy_not_admitted"],
        "given_on": ["before_opening"],
        "kind": ["invalid_choice"],
        "hours": ["hours_min"],
        "participants": ["participants_min"],
    }
    assert not ServiceRecord.objects.unrestricted().exists()


def test_a_service_to_a_tenant_of_another_base_is_refused(personas, bases, tree):
    from tests.conftest import make_organization

    elsewhere = admitted(
        apply_for(bases.street_b, organization=make_organization(tree.community_b, name="湖畔社区书画社"))
    )

    with pytest.raises(ValidationError) as refused:
        services.service_log(actor=personas["operator"], base=bases.street_a.pk, data=service_data(elsewhere))

    assert refused.value.message_dict == {"tenancy": ["所选入驻组织不属于该基地"]}


def test_another_operators_base_does_not_exist_for_the_records(personas, bases):
    with pytest.raises(IncubationBase.DoesNotExist):
        services.service_log(actor=personas["operator"], base=bases.street_b.pk, data=service_data())


def test_the_community_reads_but_does_not_keep_records(personas, bases):
    with pytest.raises(IncubationBase.DoesNotExist):  # the street's base lies outside the community
        services.service_log(actor=personas["community_a"], base=bases.street_a.pk, data=service_data())


# -- subsidies ----------------------------------------------------------------------------------------


def test_a_subsidy_is_recorded_for_a_period_of_the_term(personas, bases, tenant_org):
    tenancy = active(apply_for(bases.street_a, organization=tenant_org), bases.office)

    subsidy = services.subsidy_record(
        actor=personas["operator"], base=bases.street_a.pk, data=subsidy_data(tenancy)
    )

    assert (subsidy.amount, subsidy.approver, subsidy.recorded_by) == (
        Decimal("6000.00"),
        "江滨街道办事处",
        personas["operator"],
    )
    assert list(Subsidy.objects.for_user(personas["org_a"])) == []


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"amount": "-100"}, {"amount": ["amount_min"]}),
        ({"amount": "0"}, {"amount": ["amount_min"]}),
        ({"amount": "99999999"}, {"amount": ["amount_max"]}),
        ({"amount": "12.345"}, {"amount": ["invalid"]}),
        ({"amount": "很多"}, {"amount": ["invalid"]}),
        ({"amount": "NaN"}, {"amount": ["invalid"]}),
        ({"period_end": D(2025, 2, 1)}, {"period_end": ["ends_before_start"]}),
        ({"period_start": D(2026, 6, 1), "period_end": D(2026, 8, 31)}, {"period_start": ["outside_term"]}),
        ({"approved_on": D(2099, 1, 1)}, {"approved_on": ["future_date"]}),
        ({"kind": ""}, {"kind": ["required"]}),
        ({"approver": ""}, {"approver": ["required"]}),
    ],
)
def test_bad_subsidies_are_refused_beside_their_fields(personas, bases, tenant_org, overrides, expected):
    tenancy = active(apply_for(bases.street_a, organization=tenant_org), bases.office)

    with pytest.raises(ValidationError) as refused:
        services.subsidy_record(
            actor=personas["operator"], base=bases.street_a.pk, data=subsidy_data(tenancy, **overrides)
        )

    assert codes(refused.value) == expected
    assert not Subsidy.objects.unrestricted().exists()


def test_the_largest_subsidy_message_names_the_limit(personas, bases, tenant_org):
    tenancy = active(apply_for(bases.street_a, organization=tenant_org), bases.office)

    with pytest.raises(ValidationError) as refused:
        services.subsidy_record(
            actor=personas["operator"], base=bases.street_a.pk, data=subsidy_data(tenancy, amount="600000")
        )

    assert refused.value.message_dict == {"amount": ["金额不能超过500,000"]}


# -- spaces and staff trainings -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("capacity", "code"),
    [(0, "capacity_min"), (-3, "capacity_min"), (501, "capacity_max"), ("三", "invalid")],
)
def test_a_space_needs_a_sensible_capacity(personas, bases, capacity, code):
    with pytest.raises(ValidationError) as refused:
        services.space_add(
            actor=personas["operator"],
            base_id=bases.street_a.pk,
            data={"name": "新工位", "kind": "hot_desk", "capacity": capacity, "for_tenants": True},
        )

    assert codes(refused.value) == {"capacity": [code]}
    assert not Space.objects.unrestricted().filter(name="新工位").exists()


def test_a_space_cannot_shrink_below_or_close_on_its_tenants(personas, bases, tenant_org):
    active(apply_for(bases.street_a, organization=tenant_org), bases.office)

    with pytest.raises(ValidationError) as refused:
        services.space_update(
            actor=personas["operator"], space_id=bases.office.pk, data={"capacity": 0, "is_active": False}
        )

    assert codes(refused.value) == {"capacity": ["capacity_min"], "is_active": ["space_occupied"]}
    assert reload(bases.office).capacity == 1


def test_a_space_name_is_unique_in_its_base(personas, bases):
    with pytest.raises(ValidationError) as refused:
        services.space_add(
            actor=personas["operator"],
            base_id=bases.street_a.pk,
            data={"name": "301办公室", "kind": "office", "capacity": 1},
        )

    assert codes(refused.value) == {"name": ["duplicate_space_name"]}


def test_staff_trainings_are_recorded(personas, bases):
    training = services.staff_training_record(
        actor=personas["operator"],
        base_id=bases.street_a.pk,
        data={
            "title": "社会组织孵化实务示范培训",
            "organizer": "市社会组织发展服务中心",
            "held_on": D(2025, 5, 20),
            "trainees": 4,
            "hours": "8",
        },
    )

    assert (training.trainees, training.hours) == (4, Decimal("8"))
    assert list(bases.street_a.trainings.model.objects.for_user(personas["street_a"])) == [training]


# -- the evaluation of a base ---------------------------------------------------------------------------


def test_the_street_evaluates_its_base_once_a_year(personas, bases):
    evaluation = services.base_evaluate(
        actor=personas["street_a"],
        base_id=bases.street_a.pk,
        year=2025,
        scores=CHECKLIST,
        narrative="制度健全，孵化成效明显，建议加强品牌推广。",
    )

    assert (evaluation.total, evaluation.grade) == (86, EvaluationGrade.GOOD)
    assert [item["points"] for item in evaluation.items] == [10, 15, 15, 15, 20, 15, 10]
    with pytest.raises(ValidationError) as again:
        services.base_evaluate(
            actor=personas["street_a"],
            base_id=bases.street_a.pk,
            year=2025,
            scores=CHECKLIST,
            narrative="再评一次，结论相同，不再赘述。",
        )
    assert again.value.message_dict == {"year": ["该基地2025年度已评估"]}


@pytest.mark.parametrize(
    ("total_points", "grade"), [(90, "excellent"), (89, "good"), (75, "good"), (60, "pass"), (59, "fail")]
)
def test_grades_follow_the_floors(total_points, grade):
    assert services.grade_of(total_points) == grade


def test_the_operator_does_not_evaluate_its_own_base(personas, bases):
    with pytest.raises(PermissionDenied):
        services.base_evaluate(
            actor=personas["operator"],
            base_id=bases.street_a.pk,
            year=2025,
            scores=CHECKLIST,
            narrative="自评优秀自评优秀",
        )
    assert not BaseEvaluation.objects.unrestricted().exists()


def test_bad_evaluations_are_refused_beside_their_fields(personas, bases):
    with pytest.raises(ValidationError) as refused:
        services.base_evaluate(
            actor=personas["bureau_district"],
            base_id=bases.street_a.pk,
            year=2023,
            scores={**CHECKLIST, "party": 11, "funds": None},
            narrative="好",
        )

    assert codes(refused.value) == {
        "year": ["year_range"],
        "score_party": ["score_range"],
        "score_funds": ["required"],
        "narrative": ["narrative_too_short"],
    }


def test_a_space_keeps_room_for_the_tenants_it_holds(personas, bases, tree):
    from tests.conftest import make_organization

    for name in ("幸福里社区甲队", "幸福里社区乙队"):
        active(
            apply_for(bases.street_a, organization=make_organization(tree.community_a, name=name)),
            bases.desks,
        )

    with pytest.raises(ValidationError) as refused:
        services.space_update(actor=personas["operator"], space_id=bases.desks.pk, data={"capacity": 1})

    assert refused.value.message_dict == {"capacity": ["该空间现有2个入驻组织，容纳组织数不能少于2"]}
