"""Work reports (工作报告): one table of allowed transitions and one function that moves along it.

    (report) → submitted ─acknowledge→ acknowledged
                  │  ↑
           return │  │ resubmit (corrected)
                  ↓  │
               returned

An organization (its account, or the community's 两委 on its behalf) reports a period's work to its
community: what it did, the activities it held, volunteer hours, the money it received and used.
The 两委 acknowledges it (已阅知) or returns it with comments (退回修改). Every step is one event on
the trail of the organization's community.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from core.errors import Code, Denied
from core.permissions import can
from core.trail import record
from core.uploads import validate_document
from core.workflow import Place, StepContext, Transition, Workflow
from registry.choices import OrganizationStatus
from registry.models import Organization, User

from ..evaluation.choices import EvaluationAction
from ..evaluation.choices import WorkReportState as S
from ..evaluation.errors import EvaluationCode
from ..evaluation.periods import ReportPeriod, period_of
from ..evaluation.permissions import COMMUNITY, OWNER, work_report_parts
from ..evaluation.rubric import decimal_of
from ..evaluation.rules import current_rules
from ..models import WorkReport, WorkReportActivity, WorkReportAttachment

NARRATIVE_MAX = 10_000
ATTACHMENT_KINDS = ("pdf", "docx", "xlsx", "jpg", "png")
AMOUNTS = {
    "volunteer_hours": ("志愿服务时长", Decimal("0.1"), Decimal("9999999.9")),
    "funds_received": ("收到资金", Decimal("0.01"), Decimal("9999999999.99")),
    "funds_used": ("使用资金", Decimal("0.01"), Decimal("9999999999.99")),
}


def report_subject(report: WorkReport) -> str:
    return f"工作报告：{report.organization.name}·{report.period_label}"[:100]


# -- checking the input ----------------------------------------------------------------------------


def clean_period(data: Mapping[str, Any], today: datetime.date) -> ReportPeriod:
    """The reported period, which must have begun: a report for a future period is refused."""
    try:
        year, index = int(data.get("year") or 0), int(data.get("period_index") or 0)
    except (TypeError, ValueError):
        year = index = 0
    period = period_of(str(data.get("period_kind") or ""), year, index)
    if period.start > today:
        raise ValidationError(
            {
                "period": ValidationError(
                    "%(period)s尚未开始，不能报送该期工作报告",
                    code=EvaluationCode.FUTURE_PERIOD,
                    params={"period": period.label},
                )
            }
        )
    return period


def clean_amounts(data: Mapping[str, Any]) -> tuple[dict[str, Decimal], dict[str, list[ValidationError]]]:
    cleaned, errors = {}, {}
    for name, (label, step, top) in AMOUNTS.items():
        value = decimal_of(data.get(name) if data.get(name) not in (None, "") else 0)
        if value is None or value != value.quantize(step):
            errors[name] = [
                ValidationError(f"{label}应为数字（小数位不超过{len(str(step)) - 2}位）", code=Code.INVALID)
            ]
        elif not Decimal(0) <= value <= top:
            errors[name] = [ValidationError(f"{label}不能为负数或过大", code=EvaluationCode.NEGATIVE)]
        else:
            cleaned[name] = value
    return cleaned, errors


def _activity_error(position: int, item: Any, period: ReportPeriod | None, today: datetime.date) -> str:
    if not isinstance(item, Mapping):
        return f"第{position}项活动格式有误"
    title = str(item.get("title") or "").strip()
    if not title or len(title) > 100:
        return f"第{position}项活动须填写名称（不超过100个字）"
    held_on = item.get("held_on")
    if isinstance(held_on, str):
        try:
            held_on = datetime.date.fromisoformat(held_on)
        except ValueError:
            held_on = None
    if not isinstance(held_on, datetime.date):
        return f"第{position}项活动须填写正确的日期"
    if held_on > today:
        return f"第{position}项活动的日期不能晚于今天"
    if period is not None and not period.start <= held_on <= period.end:
        return f"第{position}项活动的日期不在{period.label}之内"
    participants = item.get("participants")
    if isinstance(participants, bool) or not str(participants).isdigit() or int(participants) > 1_000_000:
        return f"第{position}项活动的参加人数应为不小于0的整数"
    return ""


def clean_activities(
    raw: Iterable[Mapping[str, Any]], period: ReportPeriod | None, today: datetime.date
) -> list[dict[str, Any]]:
    """The activities listed, each named, dated inside the period (and not later than today), with
    a head count. Raises ValidationError on ``activities``, one message per faulty row."""
    items = list(raw or [])
    if len(items) > current_rules().max_activities:
        message = f"一份报告至多列{current_rules().max_activities}项活动"
        raise ValidationError({"activities": ValidationError(message, code=EvaluationCode.TOO_MANY)})
    messages = [
        m for position, item in enumerate(items, 1) if (m := _activity_error(position, item, period, today))
    ]
    if messages:
        raise ValidationError({"activities": [ValidationError(m, code=Code.INVALID) for m in messages]})
    return [
        {
            "title": str(item["title"]).strip(),
            "held_on": item["held_on"]
            if isinstance(item["held_on"], datetime.date)
            else datetime.date.fromisoformat(item["held_on"]),
            "participants": int(item["participants"]),
        }
        for item in items
    ]


def clean_content(
    data: Mapping[str, Any], period: ReportPeriod | None, today: datetime.date
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Narrative, amounts and activities checked together, every error at once."""
    errors: dict[str, list[ValidationError]] = {}
    narrative = str(data.get("narrative") or "").strip()
    if not narrative:
        errors["narrative"] = [ValidationError("请填写工作情况", code=Code.REQUIRED)]
    elif len(narrative) > NARRATIVE_MAX:
        errors["narrative"] = [ValidationError(f"不能超过{NARRATIVE_MAX}个字", code=Code.TOO_LONG)]
    amounts, amount_errors = clean_amounts(data)
    errors.update(amount_errors)
    activities: list[dict[str, Any]] = []
    try:
        activities = clean_activities(data.get("activities") or [], period, today)
    except ValidationError as error:
        errors.update(error.error_dict)
    if errors:
        raise ValidationError(errors)
    return {"narrative": narrative, **amounts}, activities


def _check_attachment(upload: File | None) -> None:
    if upload is None:
        return
    try:
        validate_document(upload, kinds=ATTACHMENT_KINDS)
    except ValidationError as error:
        raise ValidationError({"attachment": error.error_list}) from error


# -- writing ---------------------------------------------------------------------------------------


def _write_activities(report: WorkReport, activities: list[dict[str, Any]]) -> None:
    WorkReportActivity.objects.unrestricted().filter(report=report).delete()
    WorkReportActivity.objects.bulk_create(
        WorkReportActivity(report=report, position=position, **item)
        for position, item in enumerate(activities)
    )


def _attach(report: WorkReport, upload: File | None, actor: User) -> None:
    if upload is not None:
        name = (getattr(upload, "name", "") or "附件")[:200]
        WorkReportAttachment.objects.create(report=report, file=upload, name=name, uploaded_by=actor)


@transaction.atomic
def work_report_submit(
    *,
    actor: User,
    organization_id: int,
    data: Mapping[str, Any],
    attachment: File | None = None,
    ip: str | None = None,
) -> WorkReport:
    """Report a period's work: an organization's account for itself, or its community's 两委.

    Raises Organization.DoesNotExist outside the actor's scope, Denied for a role that does not
    report, and ValidationError for bad input, a future period or a period already reported."""
    organization = Organization.objects.for_user(actor).select_related("community").get(pk=organization_id)
    if not can(actor, "evaluation.submit_work_report") or (
        organization.status == OrganizationStatus.ACTIVE
        and not can(actor, "evaluation.submit_work_report", organization)
    ):
        raise Denied("您的角色不能为该组织报送工作报告", code=Code.ROLE_NOT_ALLOWED)
    today = timezone.localdate()
    errors: dict[str, list[ValidationError]] = {}
    period = None
    try:
        period = clean_period(data, today)
    except ValidationError as error:
        errors.update(error.error_dict)
    try:
        content, activities = clean_content(data, period, today)
        _check_attachment(attachment)
    except ValidationError as error:
        errors.update(error.error_dict)
    if organization.status != OrganizationStatus.ACTIVE:
        errors["organization"] = [
            ValidationError("该组织已不在册，不能报送工作报告", code=EvaluationCode.ORGANIZATION_INACTIVE)
        ]
    if period is not None and "period" not in errors and _reported(organization, period):
        errors["period"] = [
            ValidationError(
                "该组织%(period)s的工作报告已报送",
                code=EvaluationCode.DUPLICATE_REPORT,
                params={"period": period.label},
            )
        ]
    if errors:
        raise ValidationError(errors)
    report = WorkReport.objects.create(
        organization=organization,
        year=period.year,
        period_kind=period.kind,
        period_index=period.index,
        period_start=period.start,
        period_end=period.end,
        submitted_by=actor,
        **content,
    )
    _write_activities(report, activities)
    _attach(report, attachment, actor)
    record(
        actor=actor,
        action=EvaluationAction.WORK_REPORT_SUBMITTED,
        subject=report,
        region=organization.community_id,
        organization=organization,
        label=report_subject(report),
        to_state=S.SUBMITTED,
        ip=ip,
    )
    return report


def _reported(organization: Organization, period: ReportPeriod) -> bool:
    return (
        WorkReport.objects.unrestricted()
        .filter(
            organization=organization, year=period.year, period_kind=period.kind, period_index=period.index
        )
        .exists()
    )


@transaction.atomic
def work_report_attach(
    *, actor: User, report_id: int, attachment: File, ip: str | None = None
) -> WorkReportAttachment:
    """Add a file to a report not yet acknowledged: its organization's account or the 两委."""
    report = (
        WorkReport.objects.for_user(actor)
        .select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=report_id)
    )
    if not work_report_parts(actor, report):
        raise Denied("您无权为该工作报告上传附件", code=Code.ROLE_NOT_ALLOWED)
    if report.state == S.ACKNOWLEDGED:
        raise ValidationError(
            {"attachment": ValidationError("工作报告已阅知，不能再上传附件", code=Code.INVALID_TRANSITION)}
        )
    if attachment is None:
        raise ValidationError({"attachment": ValidationError("请选择要上传的文件", code=Code.REQUIRED)})
    _check_attachment(attachment)
    name = (getattr(attachment, "name", "") or "附件")[:200]
    stored = WorkReportAttachment.objects.create(report=report, file=attachment, name=name, uploaded_by=actor)
    record(
        actor=actor,
        action=EvaluationAction.WORK_REPORT_ATTACHED,
        subject=report,
        region=report.organization.community_id,
        organization=report.organization_id,
        label=report_subject(report),
        ip=ip,
        details={"attachment": stored.pk},
    )
    return stored


# -- the workflow ------------------------------------------------------------------------------------


def _respond(context: StepContext) -> list[str]:
    report = context.obj
    report.response, report.responded_by, report.responded_at = context.reason, context.actor, timezone.now()
    return ["response", "responded_by", "responded_at"]


def _resubmit(context: StepContext) -> list[str]:
    report = context.obj
    period = ReportPeriod(report.period_kind, report.year, report.period_index)
    content, activities = clean_content(context.extra.get("data") or {}, period, timezone.localdate())
    for name, value in content.items():
        setattr(report, name, value)
    _write_activities(report, activities)
    report.submitted_at = timezone.now()
    return [*content, "submitted_at"]


def _place(report: WorkReport) -> Place:
    return Place(
        region=report.organization.community_id,
        organization=report.organization_id,
        label=report_subject(report),
    )


WORK_REPORT = Workflow(
    name="work_report",
    title="工作报告",
    model=WorkReport,
    parts=work_report_parts,
    place=_place,
    related=("organization",),
    transitions=(
        Transition(
            "acknowledge",
            "阅知",
            S.ACKNOWLEDGED,
            {COMMUNITY: frozenset({S.SUBMITTED})},
            step=_respond,
            done="已阅知。",
        ),
        Transition(
            "return",
            "退回修改",
            S.RETURNED,
            {COMMUNITY: frozenset({S.SUBMITTED})},
            reason_required=True,
            reason_field="response",
            reason_message="请填写退回修改的意见",
            reason_code=EvaluationCode.COMMENT_REQUIRED,
            step=_respond,
            done="已退回，请组织按意见修改后重新报送。",
        ),
        Transition(
            "resubmit",
            "修改后重新报送",
            S.SUBMITTED,
            {OWNER: frozenset({S.RETURNED}), COMMUNITY: frozenset({S.RETURNED})},
            step=_resubmit,
            done="已重新报送。",
        ),
    ),
)


def work_report_allowed_actions(actor: User, report: WorkReport) -> list[Transition]:
    """The steps the actor may take now, for buttons and the API's hints."""
    return WORK_REPORT.allowed(actor, report)


def work_report_acknowledge(
    *, actor: User, report_id: int, response: str = "", ip: str | None = None
) -> WorkReport:
    """The 两委 has read the report (已阅知), with optional comments."""
    return WORK_REPORT.move(actor=actor, pk=report_id, action="acknowledge", reason=response, ip=ip)


def work_report_return(*, actor: User, report_id: int, response: str, ip: str | None = None) -> WorkReport:
    """Return the report for correction (退回修改): the comments say what to change."""
    return WORK_REPORT.move(actor=actor, pk=report_id, action="return", reason=response, ip=ip)


def work_report_resubmit(
    *, actor: User, report_id: int, data: Mapping[str, Any], ip: str | None = None
) -> WorkReport:
    """Report again after a return: the same period, the content corrected and checked again."""
    return WORK_REPORT.move(actor=actor, pk=report_id, action="resubmit", ip=ip, data=data)
