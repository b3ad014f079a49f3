"""What a base records about its tenants: services given (孵化服务) and subsidies paid (孵化补贴)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from core.errors import Code
from core.permissions import require
from core.trail import record
from registry.models import User

from ..choices import IncubationAction, ServiceType, SubsidyKind, TenancyState
from ..errors import IncubationCode
from ..models import IncubationBase, ServiceRecord, Subsidy, Tenancy
from ..rules import current_rules
from . import checks
from .checks import Errors

# A tenancy that never got past its application has received nothing.
NOT_ADMITTED = frozenset({TenancyState.APPLIED, TenancyState.REJECTED, TenancyState.WITHDRAWN})


def _base(actor: User, base_id: Any) -> IncubationBase:
    base = IncubationBase.objects.for_user(actor).get(pk=getattr(base_id, "pk", base_id))
    require(actor, "incubation.keep_records", base, message="您无权为该孵化基地记录")
    return base


def _tenancy(errors: Errors, base: IncubationBase, value: Any, *, required: bool) -> Tenancy | None:
    """A tenancy of this base that was admitted; an error on ``tenancy`` otherwise."""
    key = getattr(value, "pk", value)
    if key in (None, ""):
        if required:
            errors.add("tenancy", "请选择入驻组织", Code.REQUIRED)
        return None
    tenancy = (
        Tenancy.objects.unrestricted().select_related("organization").filter(pk=key, base=base).first()
        if str(key).isdigit()
        else None
    )
    if tenancy is None:
        errors.add("tenancy", "所选入驻组织不属于该基地", IncubationCode.TENANCY_OF_OTHER_BASE)
    elif tenancy.state in NOT_ADMITTED:
        errors.add("tenancy", "只能为已准入的入驻组织记录", IncubationCode.TENANCY_NOT_ADMITTED)
    return tenancy


def _term(tenancy: Tenancy) -> tuple[datetime.date, datetime.date]:
    return tenancy.planned_start, tenancy.ended_on or tenancy.planned_end


@transaction.atomic
def service_log(*, actor: User, base: Any, data: Mapping[str, Any], ip: str | None = None) -> ServiceRecord:
    """Log a service the base gave: to one tenant, or to all (no tenancy named)."""
    found = _base(actor, base)
    errors, rules = Errors(), current_rules()
    tenancy = _tenancy(errors, found, data.get("tenancy"), required=False)
    given_on = checks.date(errors, data, "given_on", "服务日期")
    checks.not_in_future(errors, "given_on", "服务日期", given_on)
    if given_on and given_on < found.opened_on:
        errors.add("given_on", "服务日期不能早于基地启用日期", IncubationCode.BEFORE_OPENING)
    cleaned = {
        "kind": checks.choice(errors, data, "kind", "服务类型", ServiceType),
        "hours": checks.decimal(
            errors,
            data,
            "hours",
            "时长",
            maximum=rules.max_service_hours,
            codes=(IncubationCode.HOURS_MIN, IncubationCode.HOURS_MAX),
            places=1,
        ),
        "participants": checks.integer(
            errors,
            data,
            "participants",
            "参与人次",
            minimum=1,
            maximum=rules.max_participants,
            codes=(IncubationCode.PARTICIPANTS_MIN, IncubationCode.PARTICIPANTS_MAX),
        ),
        "notes": checks.text(errors, data, "notes", "服务内容", 2000, required=False),
    }
    errors.raise_if_any()
    service = ServiceRecord.objects.create(
        base=found, tenancy=tenancy, given_on=given_on, recorded_by=actor, **cleaned
    )
    whom = tenancy.name if tenancy else "全体入驻组织"
    record(
        actor=actor,
        action=IncubationAction.SERVICE_LOGGED,
        subject=service,
        region=found.region_id,
        organization=tenancy.organization_id if tenancy else None,
        label=f"{service.get_kind_display()}：{whom}",
        reason=f"{given_on:%Y-%m-%d}，{service.hours}小时，{service.participants}人次",
        ip=ip,
    )
    return service


def _period(errors: Errors, data: Mapping[str, Any], tenancy: Tenancy | None) -> tuple[Any, Any]:
    """The subsidy's period: in order, and overlapping the tenancy's term."""
    start = checks.date(errors, data, "period_start", "补贴期间起")
    end = checks.date(errors, data, "period_end", "补贴期间止")
    if start and end and end < start:
        errors.add("period_end", "补贴期间止不能早于补贴期间起", IncubationCode.ENDS_BEFORE_START)
    elif start and end and tenancy and "tenancy" not in errors:
        first, last = _term(tenancy)
        if end < first or start > last:
            errors.add(
                "period_start",
                "补贴期间应在入驻期限（%(start)s至%(end)s）内",
                IncubationCode.OUTSIDE_TERM,
                start=f"{first:%Y-%m-%d}",
                end=f"{last:%Y-%m-%d}",
            )
    return start, end


@transaction.atomic
def subsidy_record(*, actor: User, base: Any, data: Mapping[str, Any], ip: str | None = None) -> Subsidy:
    """Record an incubation subsidy paid to a tenant, for a period of its term, as approved."""
    found = _base(actor, base)
    errors, rules = Errors(), current_rules()
    tenancy = _tenancy(errors, found, data.get("tenancy"), required=True)
    start, end = _period(errors, data, tenancy)
    approved_on = checks.date(errors, data, "approved_on", "审批日期")
    checks.not_in_future(errors, "approved_on", "审批日期", approved_on)
    cleaned = {
        "kind": checks.choice(errors, data, "kind", "补贴类型", SubsidyKind),
        "amount": checks.decimal(
            errors,
            data,
            "amount",
            "金额",
            maximum=rules.max_subsidy,
            codes=(IncubationCode.AMOUNT_MIN, IncubationCode.AMOUNT_MAX),
            places=2,
        ),
        "approver": checks.text(errors, data, "approver", "审批单位", 100),
        "notes": checks.text(errors, data, "notes", "备注", 1000, required=False),
    }
    errors.raise_if_any()
    subsidy = Subsidy.objects.create(
        base=found,
        tenancy=tenancy,
        period_start=start,
        period_end=end,
        approved_on=approved_on,
        recorded_by=actor,
        **cleaned,
    )
    record(
        actor=actor,
        action=IncubationAction.SUBSIDY_RECORDED,
        subject=subsidy,
        region=found.region_id,
        organization=tenancy.organization_id,
        label=f"{subsidy.get_kind_display()}：{tenancy.name}",
        reason=f"{subsidy.amount} 元（{start:%Y-%m-%d}至{end:%Y-%m-%d}，{subsidy.approver}批准）",
        ip=ip,
    )
    return subsidy
