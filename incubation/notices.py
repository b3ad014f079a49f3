"""Who incubation tells about what (``core.notices``): a base registered goes to the office at its level,
which approves it, and the decision back to whoever registered it; a tenancy application goes to those
who run the base (its operators, and the office sitting on the base's own region), and the decision
back to the applicant and the organization's accounts."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse

from core.models import Event
from core.notices import Notice, register_notice
from registry.models import User
from registry.recipients import active_accounts, organization_accounts

from .choices import IncubationAction
from .models import BaseOperator, IncubationBase, Tenancy
from .models.scoping import MANAGING_ROLES
from .permissions import AUTHORITY_ROLES


def _tenancy(event: Event) -> Tenancy:
    return Tenancy.objects.unrestricted().select_related("base").get(pk=event.subject_id)


def base_runners(base_id: int, region_code: str) -> frozenset[int]:
    operators = BaseOperator.objects.unrestricted().filter(base_id=base_id).values("user")
    staff = User.objects.unrestricted().filter(is_active=True, role__in=MANAGING_ROLES, region_id=region_code)
    found = User.objects.unrestricted().filter(is_active=True, pk__in=operators).values_list("pk", flat=True)
    return frozenset(found) | frozenset(staff.values_list("pk", flat=True))


def tenancy_applied(event: Event) -> Iterator[Notice]:
    tenancy = _tenancy(event)
    yield Notice(
        base_runners(tenancy.base_id, tenancy.base.region_id),
        f"【入驻申请】{tenancy.name}申请入驻{tenancy.base.name}",
        f"请于 {tenancy.decision_due:%Y-%m-%d} 前作出是否准予入驻的决定。",
        reverse("tenancy-detail", args=[tenancy.pk]),
    )


DECISIONS = {"tenancy.admit": "准予入驻", "tenancy.reject": "不予入驻"}


def tenancy_decided(event: Event) -> Iterator[Notice]:
    tenancy = _tenancy(event)
    recipients = active_accounts([tenancy.applicant_id]) | organization_accounts(tenancy.organization_id)
    body = f"理由：{event.reason}" if event.reason else ""
    yield Notice(
        recipients,
        f"【{DECISIONS[event.action]}】入驻{tenancy.base.name}",
        body,
        reverse("tenancy-detail", args=[tenancy.pk]),
    )


def _base(event: Event) -> IncubationBase:
    return IncubationBase.objects.unrestricted().select_related("region").get(pk=event.subject_id)


def base_registered(event: Event) -> Iterator[Notice]:
    base = _base(event)
    role = AUTHORITY_ROLES.get(base.region.level)
    approvers = User.objects.unrestricted().filter(is_active=True, role=role, region_id=base.region_id)
    yield Notice(
        frozenset(approvers.values_list("pk", flat=True)),
        f"【待批准设立】{base.name}",
        f"{base.region.name}的孵化基地已登记，请审核是否批准设立。",
        reverse("incubation-base-detail", args=[base.pk]),
    )


BASE_DECISIONS = {"incubation_base.approve": "批准设立", "incubation_base.reject": "不予批准"}


def base_decided(event: Event) -> Iterator[Notice]:
    base = _base(event)
    body = f"理由：{event.reason}" if event.reason else ""
    url = reverse("incubation-base-detail", args=[base.pk])
    yield Notice(
        active_accounts([base.registered_by_id]), f"【{BASE_DECISIONS[event.action]}】{base.name}", body, url
    )


def register() -> None:
    register_notice([IncubationAction.BASE_REGISTERED], base_registered)
    register_notice(BASE_DECISIONS, base_decided)
    register_notice([IncubationAction.TENANCY_APPLIED], tenancy_applied)
    register_notice(DECISIONS, tenancy_decided)
