"""The incubation pages: what each persona can do from them, errors beside their fields, the
workbench's working-day deadlines, the report's workbook and the public list of bases."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from incubation.choices import BaseState, TenancyState
from incubation.models import IncubationBase, Subsidy, Tenancy
from incubation.selectors import Awaiting, Flag, Part, count_deadlines, pending_items
from registry.choices import Role
from tests.conftest import make_organization, make_user
from tests.incubation.conftest import D, active, admitted, apply_for, graduated, register_base, reload

pytestmark = pytest.mark.django_db


def page(response) -> str:
    return response.content.decode()


# -- the workbench --------------------------------------------------------------------------------------


def due_on(tenancy: Tenancy, day) -> None:
    Tenancy.objects.unrestricted().filter(pk=tenancy.pk).update(decision_due=day)


def test_the_workbench_flags_decisions_on_the_official_calendar(tree, personas, bases):
    today = D(2025, 9, 30)
    late, soon, later = (
        apply_for(bases.street_a, organization=make_organization(tree.community_a, name=name))
        for name in ("幸福里社区甲队", "幸福里社区乙队", "幸福里社区丙队")
    )
    due_on(late, D(2025, 9, 26))  # Friday; Sunday 9-28 was a make-up working day
    due_on(soon, D(2025, 10, 10))  # after the holiday: the second working day from today
    due_on(later, D(2025, 10, 11))  # the make-up Saturday: the third

    items = {item.tenancy.pk: item for item in pending_items(personas["operator"], today)}

    assert (items[late.pk].flag, items[late.pk].overdue_days) == (Flag.OVERDUE, 3)
    assert (items[soon.pk].flag, items[soon.pk].working_days_left) == (Flag.DUE_SOON, 2)
    assert items[later.pk].flag == Flag.ON_TIME
    assert {item.awaiting for item in items.values()} == {Awaiting.DECISION}
    assert count_deadlines(list(items.values())) == count_deadlines(
        pending_items(personas["operator"], today)
    )
    assert (
        count_deadlines(list(items.values())).overdue,
        count_deadlines(list(items.values())).due_soon,
    ) == (1, 1)


def test_the_street_follows_its_operators_up_and_the_applicant_sees_its_own(tree, personas, bases):
    mine = apply_for(bases.street_a, personas["org_a"], organization=personas["org_a"].organization)

    [street_item] = pending_items(personas["street_a"], D(2025, 9, 30))
    [own_item] = pending_items(personas["org_a"], D(2025, 9, 30))

    assert (street_item.tenancy, street_item.part) == (mine, Part.FOLLOW_UP)
    assert (own_item.part, count_deadlines([own_item]).total) == (Part.INFO, 0)
    assert pending_items(bases.operator_b, D(2025, 9, 30)) == []


def test_terms_ending_and_tenants_to_move_in_are_on_the_workbench(tree, personas, bases):
    ending = active(
        apply_for(bases.street_a, organization=make_organization(tree.community_a, name="幸福里社区甲队"))
    )
    waiting = admitted(
        apply_for(bases.street_a, organization=make_organization(tree.community_a, name="幸福里社区乙队"))
    )

    items = {item.tenancy.pk: item for item in pending_items(personas["operator"], D(2026, 2, 10))}

    assert (items[ending.pk].awaiting, items[ending.pk].due) == (Awaiting.TERM_END, D(2026, 2, 28))
    assert (items[waiting.pk].awaiting, items[waiting.pk].flag) == (Awaiting.MOVE_IN, Flag.OVERDUE)


def test_the_workbench_page_shows_the_overdue_mark(client, tree, personas, bases):
    late = apply_for(bases.street_a, organization=make_organization(tree.community_a, name="幸福里社区甲队"))
    due_on(late, D(2020, 1, 3))
    client.force_login(personas["operator"])

    body = page(client.get(reverse("incubation-workbench")))

    assert "幸福里社区甲队" in body and "审核入驻申请" in body
    assert 'data-state="overdue"' in body
    assert (
        page(client.get(reverse("incubation-workbench"), {"flag": "due_soon"})).count("幸福里社区甲队") == 0
    )


# -- tenancy pages ---------------------------------------------------------------------------------------


def test_an_organization_applies_from_its_page(client, personas, bases):
    client.force_login(personas["org_a"])
    data = {
        "base": bases.street_a.pk,
        "contact_name": "刘桂兰",
        "contact_phone": "13911112222",
        "needs": "排练场地",
    }

    response = client.post(reverse("tenancy-apply"), data)

    tenancy = Tenancy.objects.unrestricted().get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "tenancy-detail", args=[tenancy.pk]
    )
    assert (tenancy.organization, tenancy.state) == (personas["org_a"].organization, TenancyState.APPLIED)
    assert "139****2222" in page(client.get(response["Location"]))


def test_a_group_not_yet_filed_applies_with_its_name_and_community(client, tree, bases):
    client.force_login(make_user("applicant", Role.APPLICANT))
    data = {
        "base": bases.street_a.pk,
        "contact_name": "王芳",
        "contact_phone": "13911112222",
        "group_name": "",
        "category": "",
    }

    response = client.post(reverse("tenancy-apply"), data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["group_name"] == ["请填写组织名称"] and errors["community"] == ["请选择组织所在的社区/村"]
    assert not Tenancy.objects.unrestricted().exists()


def test_the_admit_form_says_a_full_space_beside_the_field(client, tree, personas, bases):
    admitted(
        apply_for(bases.street_a, organization=make_organization(tree.community_a, name="幸福里社区甲队")),
        bases.office,
    )
    waiting = apply_for(
        bases.street_a, organization=make_organization(tree.community_a, name="幸福里社区乙队")
    )
    client.force_login(personas["operator"])
    url = reverse("tenancy-admit", args=[waiting.pk])
    data = {"planned_start": "2025-06-01", "planned_end": "2026-05-31", "space": bases.office.pk}

    refused = client.post(url, data)
    virtual = client.post(url, {**data, "space": ""})

    assert refused.context["form"].errors["space"] == [
        "“301办公室”可容纳1个组织，2025-06-01至2026-05-31期间已满，请另选空间或调整期限"
    ]
    assert virtual.status_code == 302
    assert reload(waiting).state == TenancyState.ADMITTED and reload(waiting).space is None


def test_the_graduation_form_takes_the_growth_assessment(client, personas, bases, tenant_org):
    tenancy = active(apply_for(bases.street_a, organization=tenant_org), bases.office)
    client.force_login(personas["operator"])
    data = {
        "ended_on": "2026-02-27",
        "score_governance": 18,
        "score_capacity": 17,
        "score_projects": 16,
        "score_resources": 15,
        "score_influence": 30,
        "growth_narrative": "能独立承接社区为老服务项目，骨干队伍稳定。",
    }

    refused = client.post(reverse("tenancy-graduate", args=[tenancy.pk]), data)
    done = client.post(reverse("tenancy-graduate", args=[tenancy.pk]), {**data, "score_influence": 14})

    assert refused.context["form"].errors["score_influence"] == ["社会影响不能超过20"]
    assert done.status_code == 302
    assert (reload(tenancy).state, reload(tenancy).growth_total) == (TenancyState.GRADUATED, 80)


def test_a_step_form_of_the_wrong_state_says_so_and_refuses(client, personas, bases, tenant_org):
    tenancy = apply_for(bases.street_a, organization=tenant_org)
    client.force_login(personas["operator"])
    url = reverse("tenancy-exit", args=[tenancy.pk])

    shown = page(client.get(url))
    posted = client.post(url, {"ended_on": "2025-06-01", "reason": "不来了"})

    assert "当前状态为“待审核”，不能办理此事项。" in shown
    assert posted.status_code == 200 and "当前状态为“待审核”，不能办理“提前退出”" in page(posted)


def test_an_organization_cannot_open_the_operators_steps(client, personas, bases):
    tenancy = apply_for(bases.street_a, personas["org_a"], organization=personas["org_a"].organization)
    client.force_login(personas["org_a"])

    assert client.get(reverse("tenancy-admit", args=[tenancy.pk])).status_code == 403
    withdrawn = client.post(reverse("tenancy-action", args=[tenancy.pk, "withdraw"]), {"note": ""})
    assert withdrawn.status_code == 302 and reload(tenancy).state == TenancyState.WITHDRAWN


def test_the_full_phone_shows_once_after_asking(client, personas, bases, tenant_org):
    tenancy = apply_for(bases.street_a, organization=tenant_org)
    client.force_login(personas["operator"])
    url = reverse("tenancy-detail", args=[tenancy.pk])

    client.post(reverse("tenancy-reveal", args=[tenancy.pk]))

    assert "13911112222" in page(client.get(url))
    assert "13911112222" not in page(client.get(url))


# -- bases and records -------------------------------------------------------------------------------------


def test_a_street_registers_a_base_and_bad_area_is_said_beside_the_field(client, tree, personas):
    client.force_login(personas["street_a"])
    data = {
        "region": tree.street_a.code,
        "name": "江滨街道社会组织培育孵化中心",
        "operator_name": "益众社工",
        "address": "江滨路88号",
        "contact_name": "周敏",
        "phone": "0571-88886666",
        "opened_on": "2025-01-01",
        "funding": "budget",
        "area": -5,
        "services": ["office", "capacity"],
    }

    refused = client.post(reverse("incubation-base-create"), data)
    created = client.post(reverse("incubation-base-create"), {**data, "area": 450})

    assert refused.context["form"].errors["area"] == ["面积至少为1"]
    base = IncubationBase.objects.unrestricted().get()
    assert created["Location"] == reverse("incubation-base-detail", args=[base.pk])
    approved = client.post(reverse("incubation-base-action", args=[base.pk, "approve"]), {"reason": "同意"})
    assert approved.status_code == 302 and reload(base).state == BaseState.OPEN


def test_the_operator_cannot_approve_or_evaluate_its_base(client, personas, bases):
    client.force_login(personas["operator"])

    assert client.get(reverse("incubation-base-evaluate", args=[bases.street_a.pk])).status_code == 403
    assert client.get(reverse("incubation-base-detail", args=[bases.street_b.pk])).status_code == 404


def test_a_negative_subsidy_is_said_beside_the_amount(client, personas, bases, tenant_org):
    tenancy = active(apply_for(bases.street_a, organization=tenant_org), bases.office)
    client.force_login(personas["operator"])
    data = {
        "base": bases.street_a.pk,
        "tenancy": tenancy.pk,
        "kind": "rent",
        "amount": "-20",
        "period_start": "2025-03-01",
        "period_end": "2025-05-31",
        "approver": "江滨街道办事处",
        "approved_on": "2025-06-01",
    }

    response = client.post(reverse("incubation-subsidy-create"), data)

    assert response.context["form"].errors["amount"] == ["金额应大于0"]
    assert not Subsidy.objects.unrestricted().exists()


# -- the report, its workbook and the public page -------------------------------------------------------


def test_the_report_workbook_holds_the_pages_numbers(client, tree, personas, bases):
    graduated(
        apply_for(bases.street_a, organization=make_organization(tree.community_a, name="幸福里社区甲队")),
        D(2025, 8, 15),
        bases.desks,
    )
    active(
        apply_for(bases.street_a, organization=make_organization(tree.community_a, name="幸福里社区乙队")),
        bases.desks,
    )
    client.force_login(personas["street_a"])

    report = client.get(reverse("incubation-report"), {"year": 2025}).context["report"]
    response = client.get(reverse("incubation-report-export"), {"year": 2025})

    book = load_workbook(io.BytesIO(response.content))
    months = [row for row in book["入驻情况"].iter_rows(min_row=2, values_only=True)]
    assert [(month, tenants) for month, tenants, _, _ in months] == [
        (f"{point.month:%Y-%m}", point.tenants) for point in report.occupancy
    ]
    assert [row[1] for row in months] == [0, 0, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1]
    assert months[0][3] == 3  # desks for two and an office for one
    assert list(book["出壳"].iter_rows(min_row=2, values_only=True)) == [(2025, 1, 1)]


def test_the_public_sees_operating_bases_with_their_contact(client, tree, bases):
    register_base(tree.street_c, "松林镇孵化点", approve=False)

    body = page(client.get(reverse("public-incubation-bases")))

    assert "江滨街道社会组织培育孵化中心" in body and "0571-88886666" in body and "注册协助" in body
    assert "松林镇孵化点" not in body


def test_an_operator_editing_its_base_keeps_a_link_it_cannot_see(client, tree, personas, bases):
    from incubation import services
    from registry.models import Category
    from tests.conftest import valid_credit_code

    hub = make_organization(
        tree.community_b,
        name="望湖街道社区社会组织联合会",
        tier="registered",
        credit_code=valid_credit_code(),
        category=Category.objects.get(code="culture"),
    )
    services.base_update(
        actor=personas["bureau_city"], base_id=bases.street_a.pk, data={"operator_organization": hub.pk}
    )
    client.force_login(personas["operator"])
    url = reverse("incubation-base-edit", args=[bases.street_a.pk])
    form = client.get(url).context["form"]
    data = {name: form.initial.get(name) for name in form.fields}
    data.update(
        {"opened_on": "2024-01-01", "phone": "13800001111", "services": ["office"], "description": ""}
    )

    response = client.post(url, {key: value for key, value in data.items() if value is not None})

    assert "operator_organization" not in form.fields
    assert response.status_code == 302
    assert (reload(bases.street_a).phone, reload(bases.street_a).operator_organization) == (
        "13800001111",
        hub,
    )
