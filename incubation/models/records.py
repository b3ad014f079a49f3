"""What a base records: services given to tenants, incubation subsidies paid, and its yearly evaluation."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.scoping import Action, ScopedModel, ScopedQuerySet, scoped_manager

from ..choices import EvaluationGrade, ServiceType, SubsidyKind
from .bases import BaseChildQuerySet, IncubationBase
from .scoping import tenant_rule
from .tenancies import Tenancy


class TenantRecordQuerySet(ScopedQuerySet):
    """Records of a base about its tenants: the base's rule, and the tenant's own account reads its own."""

    region_field = "base__region__code"

    def scope_filter(self, user: Any, action: Action) -> Q:
        return tenant_rule(user, action, tenancy="tenancy")


class ServiceRecord(ScopedModel):
    """A service the base gave (办公场所, 政策引导, 能力提升 …): to one tenant, or to all of them when
    ``tenancy`` is empty (a policy briefing, an exchange visit)."""

    base = models.ForeignKey(
        IncubationBase, verbose_name="孵化基地", on_delete=models.PROTECT, related_name="service_records"
    )
    tenancy = models.ForeignKey(
        Tenancy,
        verbose_name="服务对象",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_records",
        help_text="不选即面向全体入驻组织",
    )
    kind = models.CharField("服务类型", max_length=24, choices=ServiceType.choices)
    given_on = models.DateField("服务日期")
    hours = models.DecimalField("时长（小时）", max_digits=6, decimal_places=1)
    participants = models.PositiveIntegerField("参与人次")
    notes = models.TextField("服务内容", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    objects = scoped_manager(TenantRecordQuerySet)

    class Meta:
        verbose_name = "孵化服务记录"
        verbose_name_plural = "孵化服务记录"
        ordering = ["-given_on", "-id"]
        indexes = [models.Index(fields=["base", "given_on"], name="service_base_date")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.given_on:%Y-%m-%d}"


class Subsidy(ScopedModel):
    """An incubation subsidy (孵化补贴) paid to a tenant for a period, as approved."""

    base = models.ForeignKey(
        IncubationBase, verbose_name="孵化基地", on_delete=models.PROTECT, related_name="subsidies"
    )
    tenancy = models.ForeignKey(
        Tenancy, verbose_name="补贴对象", on_delete=models.PROTECT, related_name="subsidies"
    )
    kind = models.CharField("补贴类型", max_length=16, choices=SubsidyKind.choices)
    amount = models.DecimalField("金额（元）", max_digits=12, decimal_places=2)
    period_start = models.DateField("补贴期间起")
    period_end = models.DateField("补贴期间止")
    approver = models.CharField("审批单位", max_length=100)
    approved_on = models.DateField("审批日期")
    notes = models.TextField("备注", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    objects = scoped_manager(TenantRecordQuerySet)

    class Meta:
        verbose_name = "孵化补贴"
        verbose_name_plural = "孵化补贴"
        ordering = ["-approved_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="subsidy_amount_positive"),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="subsidy_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} 元"


class BaseEvaluation(ScopedModel):
    """The bureau's (or the street's, for its own base) yearly evaluation of a base (北京 附件 第六条):
    a scored checklist, kept as it was when scored, the grade and the narrative."""

    base = models.ForeignKey(
        IncubationBase, verbose_name="孵化基地", on_delete=models.PROTECT, related_name="evaluations"
    )
    year = models.PositiveSmallIntegerField("评估年度")
    items = models.JSONField("评分表", default=list)
    total = models.PositiveSmallIntegerField("总分")
    grade = models.CharField("评估结果", max_length=16, choices=EvaluationGrade.choices)
    narrative = models.TextField("评估意见")
    evaluated_on = models.DateField("评估日期")
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="评估人", on_delete=models.PROTECT, related_name="+"
    )

    objects = scoped_manager(BaseChildQuerySet)

    class Meta:
        verbose_name = "基地评估"
        verbose_name_plural = "基地评估"
        ordering = ["-year", "base"]
        constraints = [models.UniqueConstraint(fields=["base", "year"], name="base_evaluation_once_a_year")]

    def __str__(self) -> str:
        return f"{self.base} {self.year}年度评估"
