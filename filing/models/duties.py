"""The street office's other duties: announcements, revocation, complaints, major-event reports
and the dormant-organization review (DOMAIN.md §4)."""

from __future__ import annotations

import secrets
import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.scoping import NOTHING, ScopedModel, ScopedQuerySet, scoped_manager
from registry.choices import Role

from ..choices import (
    AnnouncementKind,
    ComplaintState,
    DormancyState,
    EventKind,
    EventReportState,
    RevocationGround,
)


def _street_scoped(name: str, field: str, roles: frozenset[str]) -> type[ScopedQuerySet]:
    return type(
        name, (ScopedQuerySet,), {"region_field": field, "change_roles": roles, "__module__": __name__}
    )


class AnnouncementQuerySet(ScopedQuerySet):
    region_field = "region__code"
    change_roles = frozenset({Role.STREET, Role.BUREAU})

    def public_announcements(self) -> AnnouncementQuerySet:
        """Announcements are published for everyone (信息公开)."""
        return self.public("announcements")


def attachment_upload_path(instance: Announcement, filename: str) -> str:
    return f"announcements/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class Announcement(ScopedModel):
    """A public announcement (公告) of a street office or a civil-affairs bureau: revocations,
    deregistrations, bans, notices and policy documents."""

    kind = models.CharField("公告类型", max_length=24, choices=AnnouncementKind.choices)
    # The publishing body's region: a street (街道办事处/乡镇政府) or a bureau's district or city.
    region = models.ForeignKey(
        "registry.Region", verbose_name="发布机关", on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name="组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="announcements",
    )
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文")
    # A policy notice's supporting document (配套文件); public like the announcement itself.
    attachment = models.FileField("附件", upload_to=attachment_upload_path, blank=True)
    attachment_name = models.CharField("附件名称", max_length=200, blank=True)
    published_at = models.DateTimeField("发布时间", default=timezone.now, db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = scoped_manager(AnnouncementQuerySet)

    class Meta:
        verbose_name = "公告"
        verbose_name_plural = "公告"
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.title


def evidence_upload_path(instance: Revocation, filename: str) -> str:
    return f"revocations/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class Revocation(ScopedModel):
    """The street's decision to revoke a filing (取消备案), after investigation, with its evidence."""

    organization = models.OneToOneField(
        "registry.Organization", verbose_name="组织", on_delete=models.PROTECT, related_name="revocation"
    )
    street = models.ForeignKey(
        "registry.Region", verbose_name="街道/乡镇", on_delete=models.PROTECT, related_name="+"
    )
    ground = models.CharField("取消事由", max_length=20, choices=RevocationGround.choices)
    investigation = models.TextField("调查核实情况")
    reason = models.TextField("决定理由")
    evidence = models.FileField("证据材料", upload_to=evidence_upload_path, blank=True)
    evidence_name = models.CharField("证据原文件名", max_length=200, blank=True)
    announcement = models.OneToOneField(
        Announcement, verbose_name="公告", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="决定人", on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("决定时间", default=timezone.now)

    objects = scoped_manager(_street_scoped("RevocationQuerySet", "street__code", frozenset({Role.STREET})))

    class Meta:
        verbose_name = "取消备案决定"
        verbose_name_plural = "取消备案决定"
        ordering = ["-decided_at"]

    def __str__(self) -> str:
        return f"取消备案：{self.organization}"


class ComplaintQuerySet(ScopedQuerySet):
    region_field = "street__code"
    change_roles = frozenset({Role.STREET})

    def scope_filter(self, user: object, action: str) -> Q:
        # A complaint names the complainant: only the street handling it and the bureau above see it.
        if getattr(user, "role", "") not in (Role.STREET, Role.BUREAU):
            return NOTHING
        return super().scope_filter(user, action)  # type: ignore[arg-type]

    def lookup(self, code: str) -> Complaint | None:
        """The complaint with exactly this lookup code, for the complainant's public status page."""
        return (
            self.public("complaint-lookup")
            .select_related("organization", "street")
            .filter(lookup_code=code)
            .first()
        )


def new_lookup_code() -> str:
    return "TS" + "".join(secrets.choice("23456789ABCDEFGHJKMNPQRSTUVWXYZ") for _ in range(10))


class Complaint(ScopedModel):
    """A complaint from the public (投诉举报) about an organization; the complainant follows it by code."""

    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name="被投诉组织",
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    street = models.ForeignKey(
        "registry.Region", verbose_name="街道/乡镇", on_delete=models.PROTECT, related_name="+"
    )
    lookup_code = models.CharField("查询码", max_length=12, unique=True, default=new_lookup_code)
    content = models.TextField("投诉内容")
    complainant_name = models.CharField("投诉人姓名", max_length=50, blank=True)
    complainant_phone = models.CharField("投诉人电话", max_length=11, blank=True)
    state = models.CharField(
        "办理状态", max_length=16, choices=ComplaintState.choices, default=ComplaintState.RECEIVED
    )
    feedback = models.TextField("办理结果反馈", blank=True)
    received_at = models.DateTimeField("受理时间", default=timezone.now)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="承办人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = scoped_manager(ComplaintQuerySet)

    class Meta:
        verbose_name = "投诉举报"
        verbose_name_plural = "投诉举报"
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["street", "state"], name="complaint_street_state")]

    def __str__(self) -> str:
        return f"{self.lookup_code}：{self.organization}"


class EventReportQuerySet(ScopedQuerySet):
    region_field = "organization__community__code"
    change_roles = frozenset({Role.STREET})

    def scope_filter(self, user: object, action: str) -> Q:
        if getattr(user, "role", "") == Role.ORGANIZATION:
            return Q(organization_id=user.organization_id)  # type: ignore[attr-defined]
        return super().scope_filter(user, action)  # type: ignore[arg-type]


class EventReport(ScopedModel):
    """A major-event report (重大活动报告) an organization files before the event; the street acknowledges."""

    organization = models.ForeignKey(
        "registry.Organization", verbose_name="组织", on_delete=models.PROTECT, related_name="event_reports"
    )
    kind = models.CharField("活动类型", max_length=16, choices=EventKind.choices)
    title = models.CharField("活动名称", max_length=200)
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间")
    venue = models.CharField("活动地点", max_length=200)
    expected_participants = models.PositiveIntegerField("预计参加人数")
    description = models.TextField("活动内容")
    safety_measures = models.TextField("安全保障措施")
    state = models.CharField(
        "状态", max_length=16, choices=EventReportState.choices, default=EventReportState.SUBMITTED
    )
    response = models.TextField("街道回复", blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="报告人", on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField("报告时间", default=timezone.now)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="回复人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    responded_at = models.DateTimeField("回复时间", null=True, blank=True)

    objects = scoped_manager(EventReportQuerySet)

    class Meta:
        verbose_name = "重大活动报告"
        verbose_name_plural = "重大活动报告"
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.title


class DormancyFlag(ScopedModel):
    """A dormant-organization (僵尸型) flag for the street to review; one open flag per organization."""

    organization = models.ForeignKey(
        "registry.Organization", verbose_name="组织", on_delete=models.PROTECT, related_name="dormancy_flags"
    )
    street = models.ForeignKey(
        "registry.Region", verbose_name="街道/乡镇", on_delete=models.PROTECT, related_name="+"
    )
    reasons = models.JSONField("标记原因", default=list)
    state = models.CharField("状态", max_length=16, choices=DormancyState.choices, default=DormancyState.OPEN)
    flagged_at = models.DateTimeField("标记时间", default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="复核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("复核时间", null=True, blank=True)
    review_note = models.TextField("复核意见", blank=True)

    objects = scoped_manager(_street_scoped("DormancyFlagQuerySet", "street__code", frozenset({Role.STREET})))

    class Meta:
        verbose_name = "僵尸型组织标记"
        verbose_name_plural = "僵尸型组织标记"
        ordering = ["-flagged_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(state=DormancyState.OPEN),
                name="dormancy_one_open_flag_per_organization",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization}（{self.get_state_display()}）"
