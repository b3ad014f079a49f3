"""Filing's lists as Excel exports (run in the background by ``core.export_jobs``): applications,
complaints, major-event reports, announcements and the dormancy flags awaiting review. A complainant's
name and phone are always masked."""

from __future__ import annotations

from django.db.models import Case, CharField, F, When
from django.db.models.fields.json import KT

from core.exports import Column, ExportSpec, register
from registry.exports import community_columns
from registry.identifiers import mask_phone

from .choices import (
    AnnouncementKind,
    ApplicationKind,
    ApplicationState,
    ComplaintState,
    DormancyReason,
    DormancyState,
    EventKind,
    EventReportState,
    Opinion,
)
from .filtersets import ApplicationFilterSet, ComplaintFilterSet, EventReportFilterSet
from .models import Announcement, Complaint, DormancyFlag, EventReport, FilingApplication


def mask_name(name: str) -> str:
    """张三丰 → 张**: enough to tell cases apart, not to name a person."""
    return name[:1] + "*" * (len(name) - 1) if name else name


_REASONS = dict(DormancyReason.choices)


def reason_labels(codes: list[str] | None) -> str:
    return "、".join(_REASONS.get(code, code) for code in codes or ())


APPLICATIONS = ExportSpec(
    name="filing.applications",
    title="备案申请",
    model=FilingApplication,
    annotations={
        # The page's display_name: a new filing is named by its proposal, other kinds by the organization.
        "export_name": Case(
            When(kind=ApplicationKind.NEW, then=KT("proposal__name")),
            default=F("organization__name"),
            output_field=CharField(),
        )
    },
    columns=(
        Column("组织", "export_name", width=30),
        Column("申请类型", "kind", labels=dict(ApplicationKind.choices), width=10),
        Column("办理状态", "state", labels=dict(ApplicationState.choices), width=10),
        *community_columns("community"),
        Column("回执号", "receipt_number", width=16),
        Column("提交时间", "submitted_at", group="办理", width=16),
        Column("社区意见", "opinion", group="办理", labels=dict(Opinion.choices), width=10),
        Column("社区初审期限", "opinion_due", group="办理", width=12),
        Column("街道办结期限", "decision_due", group="办理", width=12),
        Column("办结时间", "decided_at", group="办理", width=16),
        Column("联系人", "contact_name", width=10),
        Column("联系电话", "contact_phone", mask=mask_phone, width=13),
    ),
    filterset_class=ApplicationFilterSet,
    ordering=("-created_at", "-id"),
    list_url="application-list",
)

COMPLAINTS = ExportSpec(
    name="filing.complaints",
    title="投诉举报",
    model=Complaint,
    columns=(
        Column("查询码", "lookup_code", width=14),
        Column("被投诉组织", "organization__name", width=30),
        Column("街道/乡镇", "street__name", width=16),
        Column("投诉内容", "content", width=40),
        Column("投诉人", "complainant_name", mask=mask_name, group="投诉人", width=8),
        Column("投诉人电话", "complainant_phone", mask=mask_phone, group="投诉人", width=13),
        Column("办理状态", "state", labels=dict(ComplaintState.choices), group="办理", width=10),
        Column("受理时间", "received_at", group="办理", width=16),
        Column("办结时间", "closed_at", group="办理", width=16),
        Column("办理结果反馈", "feedback", group="办理", width=40),
    ),
    filterset_class=ComplaintFilterSet,
    ordering=("-received_at", "-id"),
    list_url="complaint-list",
)

EVENT_REPORTS = ExportSpec(
    name="filing.event_reports",
    title="重大活动报告",
    model=EventReport,
    columns=(
        Column("活动名称", "title", width=28),
        Column("组织", "organization__name", width=30),
        Column("社区/村", "organization__community__name", width=16),
        Column("活动类型", "kind", labels=dict(EventKind.choices), width=10),
        Column("开始时间", "starts_at", group="活动", width=16),
        Column("结束时间", "ends_at", group="活动", width=16),
        Column("活动地点", "venue", group="活动", width=24),
        Column("预计参加人数", "expected_participants", group="活动", width=12),
        Column("报告时间", "submitted_at", group="办理", width=16),
        Column("状态", "state", labels=dict(EventReportState.choices), group="办理", width=12),
        Column("街道回复", "response", group="办理", width=30),
    ),
    filterset_class=EventReportFilterSet,
    ordering=("-submitted_at", "-id"),
    list_url="event-report-list",
)

ANNOUNCEMENTS = ExportSpec(
    name="filing.announcements",
    title="公告",
    model=Announcement,
    columns=(
        Column("标题", "title", width=36),
        Column("公告类型", "kind", labels=dict(AnnouncementKind.choices), width=14),
        Column("发布机关辖区", "region__name", width=16),
        Column("相关组织", "organization__name", width=30),
        Column("发布时间", "published_at", width=16),
        Column("正文", "body", width=60),
    ),
    ordering=("-published_at", "-id"),
    list_url="announcement-list",
)

DORMANCY_FLAGS = ExportSpec(
    name="filing.dormancy_flags",
    title="待复核的僵尸型组织",
    model=DormancyFlag,
    narrow=lambda queryset: queryset.filter(state=DormancyState.OPEN),
    columns=(
        Column("组织名称", "organization__name", width=30),
        Column("组织类别", "organization__category__name", width=12),
        Column("街道/乡镇", "street__name", width=16),
        Column("社区/村", "organization__community__name", width=16),
        Column("标记原因", "reasons", render=reason_labels, width=30),
        Column("标记时间", "flagged_at", width=16),
    ),
    ordering=("flagged_at", "id"),
    list_url="dormancy-list",
)

register(APPLICATIONS, COMPLAINTS, EVENT_REPORTS, ANNOUNCEMENTS, DORMANCY_FLAGS)
