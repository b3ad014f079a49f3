"""Work reports (工作报告): what an organization tells its community's 两委 about a period."""

from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.scoping import NOTHING, Action, ChildScopedQuerySet, ScopedModel, ScopedQuerySet, scoped_manager
from registry.choices import Role

from ..evaluation.choices import PeriodKind, WorkReportState


class WorkReportQuerySet(ScopedQuerySet):
    """Staff read the reports of their jurisdiction; an organization's account reads its own. The
    community's 两委 answers them (``change``)."""

    region_field = "organization__community__code"
    change_roles = frozenset({Role.COMMUNITY})

    def scope_filter(self, user: Any, action: Action) -> Q:
        if user.role == Role.ORGANIZATION:
            return Q(organization_id=user.organization_id) if user.organization_id else NOTHING
        return super().scope_filter(user, action)


class WorkReport(ScopedModel):
    """One organization's report for one period (a quarter, a half-year or a year)."""

    organization = models.ForeignKey(
        "registry.Organization", verbose_name="组织", on_delete=models.PROTECT, related_name="work_reports"
    )
    year = models.PositiveSmallIntegerField("年度")
    period_kind = models.CharField("报告周期", max_length=8, choices=PeriodKind.choices)
    period_index = models.PositiveSmallIntegerField("期次", default=1)
    period_start = models.DateField("期间开始")
    period_end = models.DateField("期间结束")
    narrative = models.TextField("工作情况")
    volunteer_hours = models.DecimalField(
        "志愿服务时长（小时）", max_digits=9, decimal_places=1, default=0, validators=[MinValueValidator(0)]
    )
    funds_received = models.DecimalField(
        "收到资金（元）", max_digits=12, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    funds_used = models.DecimalField(
        "使用资金（元）", max_digits=12, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    state = models.CharField(
        "状态", max_length=16, choices=WorkReportState.choices, default=WorkReportState.SUBMITTED
    )
    response = models.TextField("两委意见", blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="报送人", on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField("报送时间", default=timezone.now)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="回复人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    responded_at = models.DateTimeField("回复时间", null=True, blank=True)

    objects = scoped_manager(WorkReportQuerySet)

    class Meta:
        verbose_name = "工作报告"
        verbose_name_plural = "工作报告"
        ordering = ["-period_end", "-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "period_kind", "period_index"],
                name="work_report_one_per_period",
                violation_error_message="该组织本期的工作报告已报送",
                violation_error_code="duplicate_report",
            ),
        ]
        indexes = [models.Index(fields=["organization", "submitted_at"], name="work_report_org_time")]

    def __str__(self) -> str:
        return f"{self.organization}·{self.period_label}"

    @property
    def period_label(self) -> str:
        if self.period_kind == PeriodKind.QUARTER:
            return f"{self.year}年第{self.period_index}季度"
        if self.period_kind == PeriodKind.HALF:
            return f"{self.year}年{'上' if self.period_index == 1 else '下'}半年"
        return f"{self.year}年度"


class WorkReportChildQuerySet(ChildScopedQuerySet):
    parent_field = "report"


class WorkReportActivity(ScopedModel):
    """An activity the report says the organization held: what, when, how many took part."""

    report = models.ForeignKey(
        WorkReport, verbose_name="工作报告", on_delete=models.CASCADE, related_name="activities"
    )
    title = models.CharField("活动名称", max_length=100)
    held_on = models.DateField("活动日期")
    participants = models.PositiveIntegerField("参加人数")
    position = models.PositiveSmallIntegerField("顺序", default=0)

    objects = scoped_manager(WorkReportChildQuerySet)

    class Meta:
        verbose_name = "工作报告所列活动"
        verbose_name_plural = "工作报告所列活动"
        ordering = ["report", "position", "id"]

    def __str__(self) -> str:
        return self.title


def attachment_upload_path(instance: WorkReportAttachment, filename: str) -> str:
    # Random names: the original file name may carry personal data and must not be guessable.
    return f"work_reports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class WorkReportAttachment(ScopedModel):
    report = models.ForeignKey(
        WorkReport, verbose_name="工作报告", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField("附件", upload_to=attachment_upload_path)
    name = models.CharField("原文件名", max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)

    objects = scoped_manager(WorkReportChildQuerySet)

    class Meta:
        verbose_name = "工作报告附件"
        verbose_name_plural = "工作报告附件"
        ordering = ["report", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name
