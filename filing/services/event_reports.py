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
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.errors import Code, Denied
from core.permissions import can
from core.trail import record
from core.workflow import Place, StepContext, Transition, Workflow
from registry.choices import OrganizationStatus
from registry.errors import RegistryCode
from registry.models import Organization, User

from ..choices import EventKind, FilingAction
from ..choices import EventReportState as S
from ..errors import FilingCode
from ..models import EventReport
from ..permissions import OWNER, STREET, event_report_parts

MAX_PARTICIPANTS = 100_000  # beyond any community gathering; stops an absurd number before the database
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
            errors[name] = [ValidationError(REQUIRED_MESSAGES[name], code=Code.REQUIRED)]
        cleaned[name] = value
    if "kind" not in errors and cleaned["kind"] not in EventKind.values:
        errors["kind"] = [ValidationError("请选择活动类型", code=Code.INVALID_CHOICE)]
    for name, limit in TEXT_FIELDS.items():
        if name not in errors and len(str(cleaned[name])) > limit:
            errors[name] = [ValidationError("不能超过%(max)d个字", code=Code.TOO_LONG, params={"max": limit})]
    errors.update(_check_times(cleaned, errors))
    if "expected_participants" not in errors:
        try:
            cleaned["expected_participants"] = int(cleaned["expected_participants"])
        except (TypeError, ValueError):
            errors["expected_participants"] = [ValidationError("请填写人数", code=Code.INVALID)]
        else:
            if cleaned["expected_participants"] < 1:
                errors["expected_participants"] = [
                    ValidationError("预计参加人数至少为1人", code=FilingCode.PARTICIPANTS_MIN)
                ]
            elif cleaned["expected_participants"] > MAX_PARTICIPANTS:
                errors["expected_participants"] = [
                    ValidationError(
                        "预计参加人数不能超过%(max)d人",
                        code=FilingCode.PARTICIPANTS_MAX,
                        params={"max": MAX_PARTICIPANTS},
                    )
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
            found[name] = [ValidationError("请填写正确的日期时间", code=Code.INVALID)]
        elif timezone.is_naive(value):
            cleaned[name] = timezone.make_aware(value)
    if "starts_at" in errors or "starts_at" in found:
        return found
    if cleaned["starts_at"] <= timezone.now():
        found["starts_at"] = [
            ValidationError(
                "重大活动须在活动开始前报告，开始时间应晚于当前时间", code=FilingCode.STARTS_IN_PAST
            )
        ]
    if "ends_at" not in errors and "ends_at" not in found and cleaned["ends_at"] <= cleaned["starts_at"]:
        found["ends_at"] = [ValidationError("结束时间应晚于开始时间", code=FilingCode.ENDS_BEFORE_START)]
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
    if not can(actor, "filing.report_event"):
        raise Denied("您的角色不能报告重大活动", code=Code.ROLE_NOT_ALLOWED)
    cleaned = clean_report_data(data)
    if organization.status != OrganizationStatus.ACTIVE:
        raise ValidationError(
            {
                "organization": ValidationError(
                    "该组织已不在册，不能报告活动", code=RegistryCode.ORGANIZATION_INACTIVE
                )
            }
        )
    report = EventReport.objects.create(organization=organization, submitted_by=actor, **cleaned)
    record(
        actor=actor,
        action=FilingAction.EVENT_REPORT_SUBMITTED,
        subject=report,
        region=organization.community_id,
        organization=organization,
        label=report_subject(report),
        to_state=S.SUBMITTED,
        ip=ip,
    )
    return report


def _respond(context: StepContext) -> list[str]:
    report = context.obj
    report.response, report.responded_by, report.responded_at = context.reason, context.actor, timezone.now()
    return ["response", "responded_by", "responded_at"]


def _resubmit(context: StepContext) -> list[str]:
    for name, value in clean_report_data(context.extra.get("data") or {}).items():
        setattr(context.obj, name, value)
    return list(REPORT_FIELDS)


def _place(report: EventReport) -> Place:
    return Place(
        region=report.organization.community_id,
        organization=report.organization_id,
        label=report_subject(report),
    )


EVENT_REPORT = Workflow(
    name="event_report",
    title="重大活动报告",
    model=EventReport,
    parts=event_report_parts,
    place=_place,
    related=("organization",),
    transitions=(
        Transition(
            "acknowledge",
            "街道已知悉",
            S.ACKNOWLEDGED,
            {STREET: frozenset({S.SUBMITTED})},
            step=_respond,
            done="已回复：街道已知悉。",
        ),
        Transition(
            "more_info",
            "需补充说明",
            S.MORE_INFO,
            {STREET: frozenset({S.SUBMITTED})},
            reason_required=True,
            reason_field="response",
            reason_message="请填写需补充说明的事项",
            reason_code=FilingCode.RESPONSE_REQUIRED,
            step=_respond,
            done="已请组织补充说明。",
        ),
        # The street may resubmit on the organization's behalf, as it may report on its behalf:
        # many community groups have no account of their own.
        Transition(
            "resubmit",
            "补充后重新报告",
            S.SUBMITTED,
            {OWNER: frozenset({S.MORE_INFO}), STREET: frozenset({S.MORE_INFO})},
            step=_resubmit,
            done="已补充并重新报告。",
        ),
    ),
)


def event_report_allowed_actions(actor: User, report: EventReport) -> list[Transition]:
    """The steps the actor may take now, for buttons and the API's hints."""
    return EVENT_REPORT.allowed(actor, report)


def event_report_acknowledge(
    *, actor: User, report_id: int, response: str = "", ip: str | None = None
) -> EventReport:
    """The street has taken note of the event (街道已知悉), with an optional reply."""
    return EVENT_REPORT.move(actor=actor, pk=report_id, action="acknowledge", reason=response, ip=ip)


def event_report_request_more_info(
    *, actor: User, report_id: int, response: str, ip: str | None = None
) -> EventReport:
    """Ask the organization for more (需补充说明): the reply says what is missing."""
    return EVENT_REPORT.move(actor=actor, pk=report_id, action="more_info", reason=response, ip=ip)


def event_report_resubmit(
    *, actor: User, report_id: int, data: Mapping[str, Any], ip: str | None = None
) -> EventReport:
    """Resubmit with the details asked for; checked again like a new report (still before the event)."""
    return EVENT_REPORT.move(actor=actor, pk=report_id, action="resubmit", ip=ip, data=data)
