"""Bases: registered by staff for their jurisdiction, approved by the office at the base's own level,
closed once their tenants are gone; bad particulars refused beside their field."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.errors import InvalidTransition
from core.trail import history_of
from incubation import services
from incubation.choices import BaseState
from incubation.models import IncubationBase
from tests.incubation.conftest import D, active, apply_for, base_data, reload

pytestmark = pytest.mark.django_db


def codes(error: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}


def test_a_street_registers_its_base_and_approves_it(tree, personas):
    street = personas["street_a"]
    base = services.base_register(actor=street, region=tree.street_a, data=base_data("江滨孵化中心"))
    assert base.state == BaseState.PENDING

    base = services.base_approve(actor=street, base_id=base.pk, note="场地、制度齐备")

    assert (base.state, base.decided_by, base.decision_note) == (BaseState.OPEN, street, "场地、制度齐备")
    assert [step.what for step in history_of(base, user=street)] == ["登记孵化基地", "孵化基地：批准设立"]


def test_a_district_base_is_approved_by_the_district_bureau_not_by_the_city(tree, personas):
    base = services.base_register(
        actor=personas["bureau_city"], region=tree.district_a, data=base_data("临江区孵化中心")
    )

    with pytest.raises(PermissionDenied):
        services.base_approve(actor=personas["bureau_city"], base_id=base.pk)
    with pytest.raises(IncubationBase.DoesNotExist):  # another district's bureau does not see it
        services.base_approve(actor=personas["bureau_district_b"], base_id=base.pk)
    approved = services.base_approve(actor=personas["bureau_district"], base_id=base.pk)

    assert approved.state == BaseState.OPEN


def test_a_street_cannot_approve_a_base_of_its_district(tree, personas):
    base = services.base_register(
        actor=personas["bureau_district"], region=tree.district_a, data=base_data("临江区孵化中心")
    )

    with pytest.raises(IncubationBase.DoesNotExist):
        services.base_approve(actor=personas["street_a"], base_id=base.pk)


@pytest.mark.parametrize("persona", ["community_a", "operator", "org_a"])
def test_only_bureau_and_street_staff_register_bases(tree, personas, persona):
    with pytest.raises(PermissionDenied):
        services.base_register(actor=personas[persona], region=tree.street_a, data=base_data("某孵化中心"))

    assert not IncubationBase.objects.unrestricted().exists()


def test_a_base_is_registered_only_in_the_jurisdiction_and_at_a_base_level(tree, personas):
    with pytest.raises(ValidationError) as outside:
        services.base_register(
            actor=personas["street_a"], region=tree.street_b, data=base_data("望湖孵化中心")
        )
    with pytest.raises(ValidationError) as community:
        services.base_register(
            actor=personas["street_a"], region=tree.community_a, data=base_data("社区孵化点")
        )

    assert codes(outside.value) == {"region": ["outside_jurisdiction"]}
    assert codes(community.value) == {"region": ["not_a_base_region"]}
    assert community.value.message_dict == {
        "region": ["孵化基地设在市、区（县）或街道（乡镇），请选择相应区划"]
    }


def test_bad_particulars_are_all_refused_beside_their_fields(tree, personas, bases):
    data = base_data(
        bases.street_b.name, area=0, phone="12345", funding="gold", opened_on="明天", services=["spa"]
    )

    with pytest.raises(ValidationError) as refused:
        services.base_register(actor=personas["street_a"], region=tree.street_a, data=data)

    assert codes(refused.value) == {
        "name": ["duplicate_base_name"],
        "area": ["area_min"],
        "phone": ["invalid"],
        "funding": ["invalid_choice"],
        "opened_on": ["invalid"],
        "services": ["invalid_choice"],
    }
    assert IncubationBase.objects.unrestricted().count() == 4


def test_the_operator_keeps_its_base_particulars_but_not_another_operators(personas, bases):
    base = services.base_update(
        actor=personas["operator"], base_id=bases.street_a.pk, data={"phone": "13800001111", "staff_count": 6}
    )

    assert (base.phone, base.staff_count) == ("13800001111", 6)
    assert history_of(base, user=personas["operator"])[-1].note == "修改了服务电话、专职工作人员（人）"
    with pytest.raises(IncubationBase.DoesNotExist):
        services.base_update(actor=personas["operator"], base_id=bases.street_b.pk, data={"staff_count": 1})


def test_a_base_with_tenants_cannot_close(personas, bases, tenant_org):
    active(apply_for(bases.street_a, organization=tenant_org), bases.office)

    with pytest.raises(ValidationError) as refused:
        services.base_close(
            actor=personas["street_a"], base_id=bases.street_a.pk, closed_on=D(2026, 6, 30), reason="场地收回"
        )

    assert refused.value.message_dict == {"closed_on": ["该基地仍有1个入驻组织，请先办理出壳或退出"]}
    assert reload(bases.street_a).state == BaseState.OPEN


def test_closing_needs_a_reason_and_a_date_between_opening_and_today(personas, bases):
    street, base_id = personas["street_a"], bases.street_a.pk

    with pytest.raises(ValidationError) as no_reason:
        services.base_close(actor=street, base_id=base_id, closed_on=D(2026, 6, 30), reason="")
    with pytest.raises(ValidationError) as too_early:
        services.base_close(actor=street, base_id=base_id, closed_on=D(2023, 6, 30), reason="场地收回")
    closed = services.base_close(actor=street, base_id=base_id, closed_on=D(2026, 6, 30), reason="场地收回")

    assert codes(no_reason.value) == {"reason": ["reason_required"]}
    assert codes(too_early.value) == {"closed_on": ["ends_before_start"]}
    assert (closed.state, closed.closed_on) == (BaseState.CLOSED, D(2026, 6, 30))
    with pytest.raises(InvalidTransition):
        services.base_close(actor=street, base_id=base_id, closed_on=D(2026, 7, 1), reason="再次")


def test_rejecting_needs_a_reason(tree, personas):
    base = services.base_register(
        actor=personas["street_a"], region=tree.street_a, data=base_data("江滨孵化点")
    )

    with pytest.raises(ValidationError):
        services.base_reject(actor=personas["street_a"], base_id=base.pk, reason=" ")
    rejected = services.base_reject(actor=personas["street_a"], base_id=base.pk, reason="场地不符合要求")

    assert rejected.state == BaseState.REJECTED


def test_operators_are_bound_by_the_staff_managing_the_base(personas, bases):
    with pytest.raises(PermissionDenied):
        services.operator_bind(actor=personas["operator"], base_id=bases.street_a.pk, username="operator_b")
    with pytest.raises(ValidationError) as unknown:
        services.operator_bind(actor=personas["street_a"], base_id=bases.street_a.pk, username="street_b")
    with pytest.raises(ValidationError) as again:
        services.operator_bind(actor=personas["street_a"], base_id=bases.street_a.pk, username="operator")

    assert codes(unknown.value) == {"username": ["not_an_operator"]}
    assert codes(again.value) == {"username": ["already_bound"]}


def test_an_unbound_operator_no_longer_sees_the_base(personas, bases):
    binding = bases.street_a.operators.model.objects.unrestricted().get(user=personas["operator"])

    services.operator_unbind(actor=personas["street_a"], binding_id=binding.pk)

    assert not IncubationBase.objects.for_user(personas["operator"]).exists()
