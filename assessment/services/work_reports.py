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

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from core.errors import Code, Denied
from core.permissions import can
from core.trail import record
from core.workflow import Place, StepContext, Transition, Workflow
from registry.choices import OrganizationStatus
from registry.models import Organization, User

from ..evaluation.choices import EvaluationAction
from ..evaluation.choices import WorkReportState as S
from ..evaluation.errors import EvaluationCode
from ..evaluation.periods import ReportPeriod
from ..evaluation.permissions import COMMUNITY, OWNER, work_report_parts
from ..models import WorkReport, WorkReportActivity, WorkReportAttachment
from .report_content import check_attachment, clean_content, clean_period


def report_subject(report: WorkReport) -> str:
    return f"工作报告：{report.organization.name}·{report.period_label}"[:100]


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
        check_attachment(attachment)
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
    check_attachment(attachment)
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
