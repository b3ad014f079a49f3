"""Tenancies (入驻): an organization's (or a group's, before it is filed) stay at a base."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.scoping import Action, ScopedModel, ScopedQuerySet, scoped_manager

from ..choices import OCCUPYING_STATES, TenancyState
from .bases import IncubationBase, Space
from .scoping import tenant_rule


class TenancyQuerySet(ScopedQuerySet):
    region_field = "base__region__code"

    def scope_filter(self, user: Any, action: Action) -> Q:
        return tenant_rule(user, action)

    def occupying(self, start: datetime.date, end: datetime.date) -> TenancyQuerySet:
        """Tenancies holding their space at some day between ``start`` and ``end`` (both included)."""
        return self.filter(state__in=OCCUPYING_STATES, planned_start__lte=end, planned_end__gte=start)

    def in_incubation_on(self, day: datetime.date) -> TenancyQuerySet:
        """Tenancies whose organization was in the base on ``day``: moved in by then, not yet gone."""
        return self.filter(started_on__lte=day).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))


class Tenancy(ScopedModel):
    """One stay at a base, from the application to graduation (出壳) or an early exit.

    A group not yet filed may enter (incubation often precedes filing): it is named by ``group_name``
    and its community, and ``organization`` is set once it is on the register; from then on the
    tenancy belongs to the organization (its account sees it, its category counts)."""

    base = models.ForeignKey(
        IncubationBase, verbose_name="孵化基地", on_delete=models.PROTECT, related_name="tenancies"
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name="在册组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tenancies",
    )
    group_name = models.CharField("组织名称", max_length=100)
    community = models.ForeignKey(
        "registry.Region", verbose_name="所在社区/村", on_delete=models.PROTECT, related_name="+"
    )
    category = models.ForeignKey("registry.Category", verbose_name="组织类别", on_delete=models.PROTECT)
    contact_name = models.CharField("联系人", max_length=50)
    contact_phone = models.CharField("联系电话", max_length=11)
    needs = models.TextField("入驻需求", blank=True)
    wanted_services = models.JSONField("希望获得的服务", default=list, blank=True)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请账号", on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        "状态", max_length=16, choices=TenancyState.choices, default=TenancyState.APPLIED
    )
    applied_at = models.DateTimeField("申请时间", auto_now_add=True)
    decision_due = models.DateField("审核期限")
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_note = models.TextField("审核意见", blank=True)
    planned_start = models.DateField("计划入驻日期", null=True, blank=True)
    planned_end = models.DateField("计划出壳日期", null=True, blank=True)
    space = models.ForeignKey(
        Space,
        verbose_name="分配空间",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tenancies",
        help_text="不分配空间即为虚拟孵化",
    )
    started_on = models.DateField("入驻日期", null=True, blank=True)
    ended_on = models.DateField("离开日期", null=True, blank=True)
    extensions = models.PositiveSmallIntegerField("延期次数", default=0)
    end_reason = models.TextField("退出原因", blank=True)
    growth_scores = models.JSONField("成长评估得分", default=list, blank=True)
    growth_total = models.PositiveSmallIntegerField("成长评估总分", null=True, blank=True)
    growth_narrative = models.TextField("成长评估意见", blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = scoped_manager(TenancyQuerySet)

    class Meta:
        verbose_name = "入驻"
        verbose_name_plural = "入驻"
        ordering = ["-applied_at", "-id"]
        indexes = [
            models.Index(fields=["base", "state"], name="tenancy_base_state"),
            models.Index(fields=["state", "decision_due"], name="tenancy_state_due"),
            models.Index(fields=["space", "state"], name="tenancy_space_state"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__isnull=True) | Q(planned_end__gt=models.F("planned_start")),
                name="tenancy_term_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.base}）"

    @property
    def name(self) -> str:
        return self.organization.name if self.organization_id else self.group_name

    @property
    def is_virtual(self) -> bool:
        return self.space_id is None
