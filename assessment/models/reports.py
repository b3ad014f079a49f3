from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.scoping import NOTHING, Action, ScopedModel, ScopedQuerySet, scoped_manager
from registry.choices import RegionLevel
from registry.divisions import ancestor_codes
from registry.models.accounts import STAFF_ROLES

from ..choices import ReportStatus
from .policies import QuotaPolicy


class QuotaReportQuerySet(ScopedQuerySet):
    region_field = "region__code"

    def scope_filter(self, user: Any, action: Action) -> Q:
        """A snapshot of the user's area or of an area that contains it (whose rows are then cut to
        the user's jurisdiction, see QuotaReportRow); any other jurisdiction's does not exist."""
        if user.role not in STAFF_ROLES or user.region_id is None:
            return NOTHING
        return self.region_q(user.region) | Q(region__in=ancestor_codes(user.region.code))


class QuotaReport(ScopedModel):
    """One evaluation of a policy over a jurisdiction as of a date: a dated snapshot.

    The rules are frozen into the snapshot as they were evaluated, so editing the policy later
    never changes what an old snapshot says. Running the same policy, region and date again
    replaces its rows in one transaction (see assessment.services.reports).
    """

    policy = models.ForeignKey(
        QuotaPolicy, verbose_name="指标方案", on_delete=models.PROTECT, related_name="reports"
    )
    region = models.ForeignKey(
        "registry.Region", verbose_name="评估辖区", on_delete=models.PROTECT, related_name="quota_reports"
    )
    as_of = models.DateField("统计日期")
    status = models.CharField(
        "状态", max_length=16, choices=ReportStatus.choices, default=ReportStatus.PENDING
    )
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    stage = models.CharField("当前步骤", max_length=100, blank=True)
    error = models.TextField("失败原因", blank=True)
    rules = models.JSONField("评估时的指标", default=list, blank=True)
    summary = models.JSONField("汇总", default=dict, blank=True)
    row_count = models.PositiveIntegerField("行数", default=0)
    task_id = models.CharField("任务编号", max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发起人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField("发起时间", null=True, blank=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    objects = scoped_manager(QuotaReportQuerySet)

    class Meta:
        verbose_name = "指标报告"
        verbose_name_plural = "指标报告"
        ordering = ["-as_of", "policy", "region"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "region", "as_of"], name="quota_report_one_per_day"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="quota_report_progress_percent"),
        ]
        indexes = [models.Index(fields=["region", "-as_of"], name="quota_report_region_date")]

    def __str__(self) -> str:
        return f"{self.policy}·{self.region}·{self.as_of:%Y-%m-%d}"

    @property
    def is_finished(self) -> bool:
        return self.status in (ReportStatus.DONE, ReportStatus.FAILED)


class QuotaReportRowQuerySet(ScopedQuerySet):
    region_field = "region__code"

    def scope_filter(self, user: Any, action: Action) -> Q:
        if user.role not in STAFF_ROLES or user.region_id is None:
            return NOTHING
        return self.region_q(user.region)

    def at_level(self, level: RegionLevel | int) -> QuotaReportRowQuerySet:
        return self.filter(level=level)


class QuotaReportRow(ScopedModel):
    """One region's line of a snapshot: every rule's value, target and outcome, and its counts.

    ``results`` maps a rule key of ``QuotaReport.rules`` to ``{"outcome", "value", "target",
    "text", "detail"}``; ``counts`` holds the tracking figures (organizations by tier and
    category, brands, social-work talent, communities by urban/rural); ``meeting_all`` how many
    communities of the region (the community itself: 1 or 0) meet every rule with a target.
    """

    report = models.ForeignKey(
        QuotaReport, verbose_name="指标报告", on_delete=models.CASCADE, related_name="rows"
    )
    region = models.ForeignKey(
        "registry.Region", verbose_name="区划", on_delete=models.PROTECT, related_name="+"
    )
    level = models.PositiveSmallIntegerField("层级", choices=RegionLevel.choices)
    parent_code = models.CharField("上级区划代码", max_length=12, blank=True)
    urban_rural = models.CharField("城乡分类", max_length=8, blank=True)
    organizations = models.PositiveIntegerField("组织数", default=0)
    passed = models.PositiveSmallIntegerField("达标指标数", default=0)
    failed = models.PositiveSmallIntegerField("未达标指标数", default=0)
    shortfall = models.FloatField("差距", default=0.0, help_text="未达标指标的平均相对差距，0 为全部达标")
    # Worked out when the snapshot is written, so a dashboard never rescans the communities for it.
    meeting_all = models.PositiveIntegerField("全部达标社区数", default=0)
    results = models.JSONField("指标结果", default=dict)
    counts = models.JSONField("统计数", default=dict)

    objects = scoped_manager(QuotaReportRowQuerySet)

    class Meta:
        verbose_name = "指标报告行"
        verbose_name_plural = "指标报告行"
        ordering = ["report", "region"]
        constraints = [models.UniqueConstraint(fields=["report", "region"], name="quota_row_one_per_region")]
        indexes = [
            models.Index(fields=["report", "level", "region"], name="quota_row_report_level"),
            # A region's children: the rows one level below it, in code order.
            models.Index(fields=["report", "parent_code", "region"], name="quota_row_report_parent"),
        ]

    def __str__(self) -> str:
        return f"{self.report_id}·{self.region_id}"
