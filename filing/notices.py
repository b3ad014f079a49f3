"""Who filing tells about what (``core.notices``): each office when a case reaches it, the applicant
and the organization when their case is decided.

- an application submitted → the community committee of its community (社区初审);
- the community's opinion given → the street office of its street (街道审核);
- returned, approved, rejected → the applicant and the organization's accounts;
- a complaint received, a major-event report submitted (or resubmitted), a dormancy flag → the
  street office of the organization's street;
- a major-event report answered → the organization's accounts and whoever reported it.

Messages name the case (its kind, the organization's name, the receipt number) and the reason the
office wrote for the applicant; never a leader's or complainant's personal data.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from django.urls import reverse

from core.models import Event
from core.notices import Notice, register_digest, register_notice
from registry.choices import Role
from registry.recipients import (
    active_accounts,
    community_staff,
    organization_accounts,
    staff_by_region,
    street_of,
    street_staff,
)

from .choices import ApplicationKind, DormancyReason, FilingAction
from .models import Complaint, DormancyFlag, EventReport, FilingApplication
from .selectors import application_url


def _application(event: Event) -> FilingApplication:
    return FilingApplication.objects.unrestricted().select_related("organization").get(pk=event.subject_id)


def _owners(application: FilingApplication) -> frozenset[int]:
    return active_accounts([application.applicant_id]) | organization_accounts(application.organization_id)


def _approval_outcome(application: FilingApplication, url: str) -> tuple[str, str]:
    """What an approval means to the applicant, and where to go: a new filing's certificate is kept
    on its organization's page, which its accounts can now open; other kinds have no certificate."""
    if application.kind == ApplicationKind.NEW:
        organization_url = reverse("organization-detail", args=[application.organization_id])
        return "备案申请已准予，可在本组织页面下载备案证书。", organization_url
    if application.kind == ApplicationKind.CHANGE:
        return "变更备案已准予，组织信息已按申请更新。", url
    return "注销备案已准予。", url


def application_notices(event: Event) -> Iterator[Notice]:
    application = _application(event)
    name = f"{application.get_kind_display()}「{application.display_name}」"
    url = application_url(application.pk)
    step = event.action.removeprefix("filing.")
    if step == "submit":
        yield Notice(
            community_staff(application.community_id),
            f"【待初审】{name}",
            f"回执号 {application.receipt_number}，"
            f"请于 {application.opinion_due:%Y-%m-%d} 前出具社区初审意见。",
            url,
        )
    elif step == "opinion":
        yield Notice(
            street_staff(application.community_id),
            f"【待审核】{name}",
            f"社区已出具初审意见（{application.get_opinion_display()}），"
            f"请于 {application.decision_due:%Y-%m-%d} 前办结。",
            url,
        )
    elif step == "return":
        yield Notice(
            _owners(application),
            f"【退回补正】{name}",
            f"退回意见：{event.reason}\n请按意见补正材料后重新提交。",
            url,
        )
    elif step == "approve":
        yield Notice(_owners(application), f"【已准予备案】{name}", *_approval_outcome(application, url))
    elif step == "reject":
        yield Notice(_owners(application), f"【不予备案】{name}", f"不予备案的理由：{event.reason}", url)


def complaint_notices(event: Event) -> Iterator[Notice]:
    complaint = Complaint.objects.unrestricted().select_related("organization").get(pk=event.subject_id)
    yield Notice(
        street_staff(complaint.street_id),
        f"【投诉举报】关于「{complaint.organization.name}」的投诉",
        f"查询码 {complaint.lookup_code}，请及时受理并反馈办理结果。",
        reverse("complaint-detail", args=[complaint.pk]),
    )


def _report(event: Event) -> EventReport:
    return EventReport.objects.unrestricted().select_related("organization").get(pk=event.subject_id)


def event_report_to_street(event: Event) -> Iterator[Notice]:
    report = _report(event)
    yield Notice(
        street_staff(report.organization.community_id),
        f"【重大活动报告】{report.organization.name}：{report.title}",
        f"活动时间 {report.starts_at:%Y-%m-%d %H:%M}，请及时回复。",
        reverse("event-report-detail", args=[report.pk]),
    )


def event_report_answered(event: Event) -> Iterator[Notice]:
    report = _report(event)
    recipients = organization_accounts(report.organization_id) | active_accounts([report.submitted_by_id])
    title = f"【{report.get_state_display()}】重大活动报告：{report.title}"
    body = f"街道回复：{report.response}" if report.response else "街道已知悉该活动。"
    yield Notice(recipients, title, body, reverse("event-report-detail", args=[report.pk]))


def dormancy_notices(event: Event) -> Iterator[Notice]:
    flag = DormancyFlag.objects.unrestricted().select_related("organization").get(pk=event.subject_id)
    reasons = "、".join(DormancyReason(reason).label for reason in flag.reasons)
    yield Notice(
        street_staff(flag.street_id),
        f"【僵尸型组织待复核】{flag.organization.name}",
        f"标记原因：{reasons}。请复核后确认正常或取消备案。",
        reverse("dormancy-list"),
    )


def dormancy_digest(events: list[Event]) -> Iterator[Notice]:
    """The nightly scan's flags, one message per street however many it flagged there."""
    by_street: dict[str, int] = defaultdict(int)
    for event in events:
        by_street[street_of(event.region_code)] += 1
    clerks = staff_by_region(Role.STREET, by_street)
    for street, count in by_street.items():
        yield Notice(
            clerks[street],
            f"【僵尸型组织待复核】本街道新标记 {count} 个组织",
            "每晚扫描发现一年内无活动或连续两年未报送工作报告的组织，请逐一复核后确认正常或取消备案。",
            reverse("dormancy-list"),
        )


def register() -> None:
    register_notice(
        [f"filing.{step}" for step in ("submit", "opinion", "return", "approve", "reject")],
        application_notices,
    )
    register_notice([FilingAction.COMPLAINT_FILED], complaint_notices)
    register_notice([FilingAction.EVENT_REPORT_SUBMITTED, "event_report.resubmit"], event_report_to_street)
    register_notice(["event_report.acknowledge", "event_report.more_info"], event_report_answered)
    register_notice([FilingAction.DORMANCY_FLAGGED], dormancy_notices)
    register_digest(FilingAction.DORMANCY_FLAGGED, dormancy_digest)
