"""Major-event reports (重大活动报告): one table of allowed transitions and one function that moves along it.

    (report) → submitted ─acknowledge→ acknowledged
                  │  ↑
         more_info│  │resubmit (with the details asked for)
                  ↓  │
                more_info

An organization reports a festival, performance, sports contest or gathering to its street office
before the event starts; the street acknowledges it (街道已知悉) or asks for more (需补充说明).
Every step is appended to the audit trail of the organization's community.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from registry.choices import OrganizationStatus, Role
from registry.models import Organization, User
from registry.services import audit_record

from ..choices import EventKind
from ..choices import EventReportState as S
from ..models import EventReport
from .complaints import lock_for_change

OWNER = "owner"  # the organization's own account
TEXT_FIELDS = {"title": 200, "venue": 200, "description": 5000, "safety_measures": 5000}
REPORT_FIELDS = (
    "kind",
    "title",
    "starts_at",
    "ends_at",
    "venue",
    "expected_participants",
    "description",
    "safety_measures",
)
REQUIRED_MESSAGES = {
    "kind": "请选择活动类型",
    "title": "请填写活动名称",
    "starts_at": "请填写开始时间",
    "ends_at": "请填写结束时间",
    "venue": "请填写活动地点",
    "expected_participants": "请填写预计参加人数",
    "description": "请填写活动内容",
    "safety_measures": "请填写安全保障措施",
}


@dataclass(frozen=True)
class EventReportTransition:
    action: str
    label: str
    target: str
    # Which part may take this step, from which states.
    by: Mapping[str, frozenset[str]]
    response_required: bool = False


TRANSITIONS: dict[str, EventReportTransition] = {
    t.action: t
    for t in (
        EventReportTransition(
            "acknowledge", "街道已知悉", S.ACKNOWLEDGED, {Role.STREET: frozenset({S.SUBMITTED})}
        ),
        EventReportTransition(
            "more_info",
            "需补充说明",
            S.MORE_INFO,
            {Role.STREET: frozenset({S.SUBMITTED})},
            response_required=True,
        ),
        # The street may resubmit on the organization's behalf, as it may report on its behalf:
        # many community groups have no account of their own.
        EventReportTransition(
            "resubmit",
            "补充后重新报告",
            S.SUBMITTED,
            {OWNER: frozenset({S.MORE_INFO}), Role.STREET: frozenset({S.MORE_INFO})},
        ),
    )
}


def parts_of(actor: User, organization_id: int) -> set[str]:
    """The parts the actor plays for an organization's reports (the report or organization is in scope)."""
    if actor.is_superuser:
        return {OWNER, Role.STREET}
    if actor.role == Role.ORGANIZATION and actor.organization_id == organization_id:
        return {OWNER}
    if actor.role == Role.STREET:
        return {Role.STREET}
    return set()


def event_report_allowed_actions(actor: User, report: EventReport) -> list[EventReportTransition]:
    """The steps the actor may take now, for buttons and the API's hints."""
    parts = parts_of(actor, report.organization_id)
    return [t for t in TRANSITIONS.values() if any(report.state in t.by.get(part, ()) for part in parts)]


def report_subject(report: EventReport) -> str:
    return f"重大活动报告：{report.title}"[:100]


def clean_report_data(data: Mapping[str, Any]) -> dict[str, Any]:
    """The report's fields, checked: reported before the event starts, ending after it starts, at least
    one participant. Raises ValidationError with one coded error per field."""
    errors: dict[str, list[ValidationError]] = {}
    cleaned: dict[str, Any] = {}
    for name in REPORT_FIELDS:
        value = data.get(name)
        if isinstance(value, str):
            value = value.strip()
        if value in (None, ""):
            errors[name] = [ValidationError(REQUIRED_MESSAGES[name], code="required")]
        cleaned[name] = value
    if "kind" not in errors and cleaned["kind"] not in EventKind.values:
        errors["kind"] = [ValidationError("请选择活动类型", code="invalid_choice")]
    for name, limit in TEXT_FIELDS.items():
        if name not in errors and len(str(cleaned[name])) > limit:
            errors[name] = [ValidationError("不能超过%(max)d个字", code="too_long", params={"max": limit})]
    errors.update(_check_times(cleaned, errors))
    if "expected_participants" not in errors:
        try:
            cleaned["expected_participants"] = int(cleaned["expected_participants"])
        except (TypeError, ValueError):
            errors["expected_participants"] = [ValidationError("请填写人数", code="invalid")]
        else:
            if cleaned["expected_participants"] < 1:
                errors["expected_participants"] = [
                    ValidationError("预计参加人数至少为1人", code="participants_min")
                ]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_times(cleaned: dict[str, Any], errors: Mapping[str, Any]) -> dict[str, list[ValidationError]]:
    found: dict[str, list[ValidationError]] = {}
    for name in ("starts_at", "ends_at"):
        value = cleaned[name]
        if name in errors:
            continue
        if not isinstance(value, datetime.datetime):
            found[name] = [ValidationError("请填写正确的日期时间", code="invalid")]
        elif timezone.is_naive(value):
            cleaned[name] = timezone.make_aware(value)
    if "starts_at" in errors or "starts_at" in found:
        return found
    if cleaned["starts_at"] <= timezone.now():
        found["starts_at"] = [
            ValidationError("重大活动须在活动开始前报告，开始时间应晚于当前时间", code="starts_in_past")
        ]
    if "ends_at" not in errors and "ends_at" not in found and cleaned["ends_at"] <= cleaned["starts_at"]:
        found["ends_at"] = [ValidationError("结束时间应晚于开始时间", code="ends_before_start")]
    return found


@transaction.atomic
def event_report_submit(
    *, actor: User, organization_id: int, data: Mapping[str, Any], ip: str | None = None
) -> EventReport:
    """Report a major event before it starts: an organization's account for its own organization, or
    the street office on behalf of an organization of its street.

    Raises Organization.DoesNotExist outside the actor's scope and PermissionDenied for other roles.
    """
    organization = Organization.objects.for_user(actor).get(pk=organization_id)
    if not parts_of(actor, organization.pk):
        raise PermissionDenied("您的角色不能报告重大活动")
    cleaned = clean_report_data(data)
    if organization.status != OrganizationStatus.ACTIVE:
        raise ValidationError(
            {"organization": ValidationError("该组织已不在册，不能报告活动", code="organization_inactive")}
        )
    report = EventReport.objects.create(organization=organization, submitted_by=actor, **cleaned)
    audit_record(
        actor=actor,
        action=f"event_report.{S.SUBMITTED}",
        region=organization.community_id,
        organization=organization,
        subject=report_subject(report),
        to_state=S.SUBMITTED,
        ip=ip,
        details={"event_report": report.pk},
    )
    return report


@transaction.atomic
def event_report_transition(
    *,
    actor: User,
    report_id: int,
    action: str,
    response: str = "",
    data: Mapping[str, Any] | None = None,
    ip: str | None = None,
) -> EventReport:
    """Move a report one step along TRANSITIONS.

    Raises EventReport.DoesNotExist outside the actor's scope, PermissionDenied when the actor plays
    no part that may take the step, and ValidationError (code ``invalid_transition``) from a state the
    step does not start from.
    """
    spec = TRANSITIONS[action]
    report = lock_for_change(EventReport, actor, report_id)
    parts = parts_of(actor, report.organization_id) & set(spec.by)
    if not parts:
        raise PermissionDenied(f"您无权办理“{spec.label}”")
    if not any(report.state in spec.by[part] for part in parts):
        raise ValidationError(
            "当前状态为“%(state)s”，不能办理“%(action)s”",
            code="invalid_transition",
            params={"state": report.get_state_display(), "action": spec.label},
        )
    response = (response or "").strip()
    if spec.response_required and not response:
        raise ValidationError(
            {"response": ValidationError("请填写需补充说明的事项", code="response_required")}
        )
    previous = report.state
    if action == "resubmit":
        changed = list(REPORT_FIELDS)
        for name, value in clean_report_data(data or {}).items():
            setattr(report, name, value)
    else:
        changed = ["response", "responded_by", "responded_at"]
        report.response, report.responded_by, report.responded_at = response, actor, timezone.now()
    report.state = spec.target
    report.save(update_fields=["state", *changed])
    audit_record(
        actor=actor,
        action=f"event_report.{spec.target}",
        region=report.organization.community_id,
        organization=report.organization,
        subject=report_subject(report),
        from_state=previous,
        to_state=spec.target,
        reason=response,
        ip=ip,
        details={"event_report": report.pk},
    )
    return report


def event_report_acknowledge(
    *, actor: User, report_id: int, response: str = "", ip: str | None = None
) -> EventReport:
    """The street has taken note of the event (街道已知悉), with an optional reply."""
    return event_report_transition(
        actor=actor, report_id=report_id, action="acknowledge", response=response, ip=ip
    )


def event_report_request_more_info(
    *, actor: User, report_id: int, response: str, ip: str | None = None
) -> EventReport:
    """Ask the organization for more (需补充说明): the reply says what is missing."""
    return event_report_transition(
        actor=actor, report_id=report_id, action="more_info", response=response, ip=ip
    )


def event_report_resubmit(
    *, actor: User, report_id: int, data: Mapping[str, Any], ip: str | None = None
) -> EventReport:
    """Resubmit with the details asked for; checked again like a new report (still before the event)."""
    return event_report_transition(actor=actor, report_id=report_id, action="resubmit", data=data, ip=ip)
