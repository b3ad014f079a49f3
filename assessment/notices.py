"""Who assessment tells about what (``core.notices``):

- a quota report run finished or failed → the user who started it (the nightly runs started by no
  one tell no one);
- a work report submitted (or resubmitted) → the community committee of the organization's community;
  read or returned → the organization's accounts and whoever reported it;
- an annual evaluation submitted for review → the street office; returned → the community committee;
  published → the community committee and the evaluated organizations' accounts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from django.urls import reverse

from core.models import Event
from core.notices import Notice, register_notice
from registry.models import User
from registry.recipients import active_accounts, community_staff, organization_accounts, street_staff

from .choices import AssessmentAuditAction, ReportStatus
from .evaluation.choices import EvaluationAction
from .models import EvaluationEntry, EvaluationRound, QuotaReport, WorkReport


def report_run_notices(event: Event) -> Iterator[Notice]:
    report = QuotaReport.objects.unrestricted().select_related("policy", "region").get(pk=event.subject_id)
    name = f"{report.policy.name}（{report.region.name}，{report.as_of:%Y-%m-%d}）"
    url = f"{reverse('quota-dashboard')}?report={report.pk}"
    if report.status == ReportStatus.DONE:
        yield Notice(active_accounts([report.requested_by_id]), f"【指标报告已生成】{name}", "", url)
    else:
        body = report.error or report.stage
        yield Notice(active_accounts([report.requested_by_id]), f"【指标报告计算失败】{name}", body, url)


def _work_report(event: Event) -> WorkReport:
    return WorkReport.objects.unrestricted().select_related("organization").get(pk=event.subject_id)


def work_report_submitted(event: Event) -> Iterator[Notice]:
    report = _work_report(event)
    yield Notice(
        community_staff(report.organization.community_id),
        f"【待阅知】工作报告：{report.organization.name}·{report.period_label}",
        "请阅知或退回修改。",
        reverse("work-report-detail", args=[report.pk]),
    )


def work_report_answered(event: Event) -> Iterator[Notice]:
    report = _work_report(event)
    recipients = organization_accounts(report.organization_id) | active_accounts([report.submitted_by_id])
    title = f"【{report.get_state_display()}】工作报告：{report.period_label}"
    body = f"“两委”意见：{report.response}" if report.response else ""
    yield Notice(recipients, title, body, reverse("work-report-detail", args=[report.pk]))


def round_notices(event: Event) -> Iterator[Notice]:
    evaluation_round = (
        EvaluationRound.objects.unrestricted().select_related("community").get(pk=event.subject_id)
    )
    name = f"{evaluation_round.community.name}{evaluation_round.year}年度评议"
    url = reverse("evaluation-round-detail", args=[evaluation_round.pk])
    step = event.action.removeprefix("evaluation_round.")
    if step in ("submit", "resubmit"):
        yield Notice(
            street_staff(evaluation_round.community_id), f"【待审核】{name}", "请审核评议结果。", url
        )
    elif step == "return":
        yield Notice(
            community_staff(evaluation_round.community_id),
            f"【退回修改】{name}",
            f"街道意见：{event.reason}",
            url,
        )
    elif step == "publish":
        yield Notice(community_staff(evaluation_round.community_id), f"【已公布】{name}", "", url)
        organizations = (
            EvaluationEntry.objects.unrestricted().filter(round=evaluation_round).values("organization")
        )
        accounts = User.objects.unrestricted().filter(is_active=True, organization__in=organizations)
        by_organization: dict[int, set[int]] = defaultdict(set)
        for pk, organization_id in accounts.values_list("pk", "organization_id"):
            by_organization[organization_id].add(pk)
        for organization_id, recipients in by_organization.items():
            yield Notice(
                frozenset(recipients),
                f"【评议结果已公布】{evaluation_round.year}年度评议",
                "可在本组织页面查看评议等级。",
                reverse("organization-detail", args=[organization_id]),
            )


def register() -> None:
    register_notice(
        [AssessmentAuditAction.REPORT_FINISHED, AssessmentAuditAction.REPORT_FAILED], report_run_notices
    )
    register_notice([EvaluationAction.WORK_REPORT_SUBMITTED, "work_report.resubmit"], work_report_submitted)
    register_notice(["work_report.acknowledge", "work_report.return"], work_report_answered)
    register_notice(
        [f"evaluation_round.{step}" for step in ("submit", "resubmit", "return", "publish")], round_notices
    )
