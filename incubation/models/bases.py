"""Incubation bases (孵化基地), the accounts that operate them, their spaces and their staff's training."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.scoping import Action, ChildScopedQuerySet, ScopedModel, ScopedQuerySet, scoped_manager

from ..choices import BASE_LEVELS, BaseFunding, BaseState, SpaceKind
from .scoping import base_rule


class IncubationBaseQuerySet(ScopedQuerySet):
    region_field = "region__code"

    def scope_filter(self, user: Any, action: Action) -> Q:
        return base_rule(user, action)

    def open_on(self, day: datetime.date) -> IncubationBaseQuerySet:
        """Bases operating on ``day``: approved, opened on or before it, not closed by then."""
        return self.filter(state__in=(BaseState.OPEN, BaseState.CLOSED), opened_on__lte=day).filter(
            Q(closed_on__isnull=True) | Q(closed_on__gt=day)
        )

    def open_to_public(self) -> IncubationBaseQuerySet:
        """Bases operating today, for the public's list and for choosing where to apply: their name,
        place, contact and services are published (信息公开)."""
        from django.utils import timezone

        return self.public("open-bases").open_on(timezone.localdate())


class IncubationBase(ScopedModel):
    """A base at city, district or street level; its level is that of the region it is located in."""

    name = models.CharField("基地名称", max_length=100, unique=True)
    region = models.ForeignKey(
        "registry.Region", verbose_name="所在区划", on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField("状态", max_length=16, choices=BaseState.choices, default=BaseState.PENDING)
    operator_name = models.CharField("运营机构", max_length=100, help_text="委托运营的第三方机构或枢纽型组织")
    operator_organization = models.ForeignKey(
        "registry.Organization",
        verbose_name="运营机构（在册组织）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    address = models.CharField("地址", max_length=200)
    contact_name = models.CharField("联系人", max_length=50)
    phone = models.CharField("服务电话", max_length=20)
    opened_on = models.DateField("启用日期")
    closed_on = models.DateField("停止运营日期", null=True, blank=True)
    funding = models.CharField("经费来源", max_length=16, choices=BaseFunding.choices)
    area = models.PositiveIntegerField("面积（平方米）")
    staff_count = models.PositiveSmallIntegerField("专职工作人员（人）", default=0)
    services = models.JSONField("提供的服务", default=list, blank=True)
    description = models.TextField("简介", blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField("登记时间", auto_now_add=True)
    decided_at = models.DateTimeField("批准时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="批准人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_note = models.TextField("审批意见", blank=True)
    closing_reason = models.TextField("停止运营原因", blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = scoped_manager(IncubationBaseQuerySet)

    class Meta:
        verbose_name = "孵化基地"
        verbose_name_plural = "孵化基地"
        ordering = ["region_id", "name"]
        indexes = [models.Index(fields=["state", "opened_on"], name="incubation_base_state_open")]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("opened_on")),
                name="incubation_base_closes_after_opening",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def level_label(self) -> str:
        return BASE_LEVELS.get(self.region.level, "")

    @property
    def service_labels(self) -> list[str]:
        from ..choices import ServiceType

        return [ServiceType(code).label for code in self.services if code in ServiceType.values]


class BaseChildQuerySet(ChildScopedQuerySet):
    """Rows of a base, seen and changed by whoever sees and changes the base."""

    region_field = "base__region__code"
    parent_field = "base"


class BaseOperator(ScopedModel):
    """An operator account bound to a base: it manages that base (an account may operate several)."""

    base = models.ForeignKey(
        IncubationBase, verbose_name="孵化基地", on_delete=models.CASCADE, related_name="operators"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="运营方账号", on_delete=models.PROTECT, related_name="+"
    )
    bound_at = models.DateTimeField("指定时间", auto_now_add=True)

    objects = scoped_manager(BaseChildQuerySet)

    class Meta:
        verbose_name = "运营方账号"
        verbose_name_plural = "运营方账号"
        constraints = [models.UniqueConstraint(fields=["base", "user"], name="base_operator_unique")]

    def __str__(self) -> str:
        return f"{self.base}：{self.user}"


class Space(ScopedModel):
    """A room or area of a base; spaces for tenants (desks, offices) are assigned to tenancies."""

    base = models.ForeignKey(
        IncubationBase, verbose_name="孵化基地", on_delete=models.CASCADE, related_name="spaces"
    )
    name = models.CharField("名称", max_length=50)
    kind = models.CharField("类型", max_length=16, choices=SpaceKind.choices)
    capacity = models.PositiveIntegerField(
        "容纳组织数", help_text="可同时入驻的组织数；公共功能区填可容纳人数"
    )
    area = models.PositiveIntegerField("面积（平方米）", null=True, blank=True)
    for_tenants = models.BooleanField("可分配给入驻组织", default=False)
    is_active = models.BooleanField("在用", default=True)

    objects = scoped_manager(BaseChildQuerySet)

    class Meta:
        verbose_name = "空间"
        verbose_name_plural = "空间"
        ordering = ["base", "-for_tenants", "name"]
        constraints = [models.UniqueConstraint(fields=["base", "name"], name="space_name_unique_in_base")]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_kind_display()}）"


class StaffTraining(ScopedModel):
    """A training the base's staff attended (北京 附件 第九条: 定期对培育孵化机构工作人员开展培训)."""

    base = models.ForeignKey(
        IncubationBase, verbose_name="孵化基地", on_delete=models.CASCADE, related_name="trainings"
    )
    title = models.CharField("培训名称", max_length=100)
    organizer = models.CharField("举办单位", max_length=100)
    held_on = models.DateField("培训日期")
    trainees = models.PositiveIntegerField("参训人数")
    hours = models.DecimalField("学时", max_digits=5, decimal_places=1)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT, related_name="+"
    )

    objects = scoped_manager(BaseChildQuerySet)

    class Meta:
        verbose_name = "工作人员培训"
        verbose_name_plural = "工作人员培训"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title
