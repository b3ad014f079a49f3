"""Bases (孵化基地): registering and keeping their particulars, approving, closing, and the operator
accounts bound to them.

    (register) → pending ─approve→ open ─close→ closed
                    └─reject→ rejected

A base is registered by bureau or street staff for a region of their jurisdiction (a city, a
district or a street: that is its level) and approved by the office at that level — a district
bureau its district's base, a street office its street's. Only approved bases count, from their
opening date until they close.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from core.errors import Code
from core.permissions import require
from core.trail import record
from core.workflow import Place, StepContext, Transition, Workflow
from registry.choices import OrganizationStatus, Role
from registry.models import Organization, Region, User

from ..choices import BASE_LEVELS, OCCUPYING_STATES, BaseFunding, BaseState, IncubationAction, ServiceType
from ..errors import IncubationCode
from ..models import BaseOperator, IncubationBase, Tenancy
from ..permissions import AUTHORITY, base_parts
from ..rules import current_rules
from . import checks
from .checks import Errors

EDITABLE_FIELDS = (
    "name",
    "operator_name",
    "operator_organization",
    "address",
    "contact_name",
    "phone",
    "opened_on",
    "funding",
    "area",
    "staff_count",
    "services",
    "description",
)


def clean_base(*, actor: User, data: Mapping[str, Any], base: IncubationBase | None = None) -> dict[str, Any]:
    """A base's particulars, checked all at once; raises ValidationError keyed by field."""
    errors = Errors()
    cleaned = _clean_base(errors, actor, data, base)
    errors.raise_if_any()
    return cleaned


def _clean_base(
    errors: Errors, actor: User, data: Mapping[str, Any], base: IncubationBase | None
) -> dict[str, Any]:
    rules = current_rules()
    cleaned: dict[str, Any] = {
        "name": checks.text(errors, data, "name", "基地名称", 100),
        "operator_name": checks.text(errors, data, "operator_name", "运营机构", 100),
        "address": checks.text(errors, data, "address", "地址", 200),
        "contact_name": checks.text(errors, data, "contact_name", "联系人", 50),
        "phone": checks.phone(errors, data, "phone", "服务电话"),
        "opened_on": checks.date(errors, data, "opened_on", "启用日期"),
        "funding": checks.choice(errors, data, "funding", "经费来源", BaseFunding),
        "area": checks.integer(
            errors,
            data,
            "area",
            "面积",
            minimum=1,
            maximum=rules.max_area,
            codes=(IncubationCode.AREA_MIN, IncubationCode.AREA_MAX),
        ),
        "staff_count": checks.integer(
            errors,
            data,
            "staff_count",
            "专职工作人员",
            minimum=0,
            maximum=1000,
            codes=(Code.INVALID, Code.INVALID),
            required=False,
        )
        or 0,
        "services": checks.choices(errors, data, "services", "服务", ServiceType),
        "description": checks.text(errors, data, "description", "简介", 2000, required=False),
    }
    current = base.operator_organization if base is not None else None
    chosen = data.get("operator_organization")
    unchanged = current is not None and getattr(chosen, "pk", chosen) == current.pk
    cleaned["operator_organization"] = current if unchanged else _operator_organization(errors, actor, chosen)
    others = IncubationBase.objects.unrestricted().filter(name=cleaned["name"])
    if cleaned["name"] and others.exclude(pk=getattr(base, "pk", None)).exists():
        errors.add("name", "已有同名的孵化基地", IncubationCode.DUPLICATE_BASE_NAME)
    closed_on = base.closed_on if base is not None else None
    if closed_on and cleaned["opened_on"] and cleaned["opened_on"] > closed_on:
        errors.add("opened_on", "启用日期不能晚于停止运营日期", IncubationCode.ENDS_BEFORE_START)
    return cleaned


def _operator_organization(errors: Errors, actor: User, value: Any) -> Organization | None:
    """A registered organization running the base, if it is one; it must be on the register."""
    if value in (None, ""):
        return None
    key = getattr(value, "pk", value)
    organization = Organization.objects.for_user(actor).filter(pk=key).first() if str(key).isdigit() else None
    if organization is None:
        errors.add("operator_organization", "未找到该组织，或不在您的辖区内", Code.NOT_FOUND)
    elif organization.status != OrganizationStatus.ACTIVE:
        errors.add("operator_organization", "该组织已不在册", IncubationCode.ORGANIZATION_INACTIVE)
    return organization


def _base_region(errors: Errors, actor: User, region: Any) -> Region | None:
    key = getattr(region, "pk", region)
    found = Region.objects.for_user(actor).filter(pk=key).first() if key else None
    if found is None:
        errors.add("region", "请选择您辖区内的区划", Code.OUTSIDE_JURISDICTION)
    elif found.level not in BASE_LEVELS:
        errors.add(
            "region",
            "孵化基地设在市、区（县）或街道（乡镇），请选择相应区划",
            IncubationCode.NOT_A_BASE_REGION,
        )
        return None
    return found


def base_label(base: IncubationBase) -> str:
    return base.name


@transaction.atomic
def base_register(
    *, actor: User, region: Any, data: Mapping[str, Any], ip: str | None = None
) -> IncubationBase:
    """Register a base of the actor's jurisdiction; it awaits the approval of the office at its level."""
    require(actor, "incubation.register_base", message="只有民政局和街道办事处（乡镇政府）可以登记孵化基地")
    errors = Errors()
    found = _base_region(errors, actor, region)
    cleaned = _clean_base(errors, actor, data, None)
    errors.raise_if_any()
    base = IncubationBase.objects.create(region=found, registered_by=actor, **cleaned)
    record(
        actor=actor,
        action=IncubationAction.BASE_REGISTERED,
        subject=base,
        region=base.region_id,
        label=base_label(base),
        to_state=base.state,
        ip=ip,
    )
    return base


@transaction.atomic
def base_update(
    *, actor: User, base_id: int, data: Mapping[str, Any], ip: str | None = None
) -> IncubationBase:
    """Change a base's particulars (its region stays: a base elsewhere is another base)."""
    base = (
        IncubationBase.objects.for_user(actor)
        .select_for_update(of=("self",))
        .select_related("region")
        .get(pk=base_id)
    )
    require(actor, "incubation.change_base", base, message="您无权修改该孵化基地")
    cleaned = clean_base(
        actor=actor, data={**{f: getattr(base, f) for f in EDITABLE_FIELDS}, **data}, base=base
    )
    changed = [field for field in EDITABLE_FIELDS if getattr(base, field) != cleaned[field]]
    for field in changed:
        setattr(base, field, cleaned[field])
    if changed:
        base.save(update_fields=[*changed, "updated_at"])
        labels = "、".join(str(IncubationBase._meta.get_field(field).verbose_name) for field in changed)
        record(
            actor=actor,
            action=IncubationAction.BASE_UPDATED,
            subject=base,
            region=base.region_id,
            label=base_label(base),
            reason=f"修改了{labels}",
            ip=ip,
        )
    return base


# -- the base's workflow -----------------------------------------------------------------------------


def _decide(context: StepContext) -> list[str]:
    base = context.obj
    base.decided_at, base.decided_by, base.decision_note = timezone.now(), context.actor, context.reason
    return ["decided_at", "decided_by", "decision_note"]


def _close(context: StepContext) -> list[str]:
    base, errors = context.obj, Errors()
    closed_on = checks.date(errors, context.extra, "closed_on", "停止运营日期")
    checks.not_in_future(errors, "closed_on", "停止运营日期", closed_on)
    if closed_on is not None and closed_on < base.opened_on:
        errors.add("closed_on", "停止运营日期不能早于启用日期", IncubationCode.ENDS_BEFORE_START)
    staying = Tenancy.objects.unrestricted().filter(base=base, state__in=OCCUPYING_STATES).count()
    if staying:
        errors.add(
            "closed_on",
            "该基地仍有%(n)d个入驻组织，请先办理出壳或退出",
            IncubationCode.BASE_HAS_TENANTS,
            n=staying,
        )
    errors.raise_if_any()
    base.closed_on, base.closing_reason = closed_on, context.reason
    return ["closed_on", "closing_reason"]


def _place(base: IncubationBase) -> Place:
    return Place(region=base.region_id, organization=base.operator_organization_id, label=base_label(base))


BASE = Workflow(
    name="incubation_base",
    title="孵化基地",
    model=IncubationBase,
    parts=base_parts,
    place=_place,
    related=("region",),
    transitions=(
        Transition(
            "approve",
            "批准设立",
            BaseState.OPEN,
            {AUTHORITY: frozenset({BaseState.PENDING})},
            step=_decide,
            done="已批准，基地自启用日期起计入统计。",
        ),
        Transition(
            "reject",
            "不予批准",
            BaseState.REJECTED,
            {AUTHORITY: frozenset({BaseState.PENDING})},
            reason_required=True,
            step=_decide,
            done="已作出不予批准的决定。",
        ),
        Transition(
            "close",
            "停止运营",
            BaseState.CLOSED,
            {AUTHORITY: frozenset({BaseState.OPEN})},
            reason_required=True,
            step=_close,
            done="已登记停止运营，该基地自停止运营日期起不再计入统计。",
        ),
    ),
)


def base_allowed_actions(actor: User, base: IncubationBase) -> list[Transition]:
    """The steps the actor may take now, for buttons and the API's hints (the base is in scope)."""
    return BASE.allowed(actor, base)


def base_approve(*, actor: User, base_id: int, note: str = "", ip: str | None = None) -> IncubationBase:
    """Approve a base (批准设立): the office at its level. It counts from its opening date."""
    return BASE.move(actor=actor, pk=base_id, action="approve", reason=note, ip=ip)


def base_reject(*, actor: User, base_id: int, reason: str, ip: str | None = None) -> IncubationBase:
    """Refuse a base, with the reason."""
    return BASE.move(actor=actor, pk=base_id, action="reject", reason=reason, ip=ip)


def base_close(
    *, actor: User, base_id: int, closed_on: datetime.date | None, reason: str, ip: str | None = None
) -> IncubationBase:
    """Close a base (停止运营) on a date, once no tenant is left in it; it stops counting that day."""
    return BASE.move(actor=actor, pk=base_id, action="close", reason=reason, ip=ip, closed_on=closed_on)


# -- operator accounts -------------------------------------------------------------------------------


@transaction.atomic
def operator_bind(*, actor: User, base_id: int, username: str, ip: str | None = None) -> BaseOperator:
    """Bind an operator account (孵化基地运营方) to a base: it then manages that base."""
    base = IncubationBase.objects.for_user(actor).select_for_update(of=("self",)).get(pk=base_id)
    require(actor, "incubation.bind_operators", base, message="只有管理该基地的工作人员可以指定运营方账号")
    account = (
        User.objects.for_user(actor).filter(username=(username or "").strip(), role=Role.OPERATOR).first()
    )
    errors = Errors()
    if account is None:
        errors.add(
            "username",
            "未找到该运营方账号（须为您辖区内的“孵化基地运营方”账号）",
            IncubationCode.NOT_AN_OPERATOR,
        )
    elif BaseOperator.objects.unrestricted().filter(base=base, user=account).exists():
        errors.add("username", "该账号已是本基地的运营方", IncubationCode.ALREADY_BOUND)
    errors.raise_if_any()
    binding = BaseOperator.objects.create(base=base, user=account)
    record(
        actor=actor,
        action=IncubationAction.OPERATOR_BOUND,
        subject=base,
        region=base.region_id,
        label=base_label(base),
        reason=f"运营方账号：{account.username}",
        ip=ip,
    )
    return binding


@transaction.atomic
def operator_unbind(*, actor: User, binding_id: int, ip: str | None = None) -> IncubationBase:
    """Release an operator account from a base; it no longer sees the base."""
    binding = BaseOperator.objects.for_user(actor).select_related("base", "user").get(pk=binding_id)
    base = binding.base
    require(actor, "incubation.bind_operators", base, message="只有管理该基地的工作人员可以解除运营方账号")
    username = binding.user.username
    BaseOperator.objects.unrestricted().filter(pk=binding.pk).delete()
    record(
        actor=actor,
        action=IncubationAction.OPERATOR_UNBOUND,
        subject=base,
        region=base.region_id,
        label=base_label(base),
        reason=f"运营方账号：{username}",
        ip=ip,
    )
    return base
