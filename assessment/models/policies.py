from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.scoping import NOTHING, Action, ChildScopedQuerySet, ScopedModel, ScopedQuerySet, scoped_manager
from registry.choices import Role
from registry.divisions import ancestor_codes
from registry.models.accounts import STAFF_ROLES

from ..choices import RuleKind


class QuotaPolicyQuerySet(ScopedQuerySet):
    region_field = "jurisdiction__code"

    def scope_filter(self, user: Any, action: Action) -> Q:
        """Staff read the shipped presets, the policies of their jurisdiction and below, and those
        of the regions above them (a city's targets apply in its streets). Only the civil-affairs
        bureau sets targets, and only for its own area."""
        if user.role not in STAFF_ROLES or user.region_id is None:
            return NOTHING
        if action == "change":
            return self.region_q(user.region) if user.role == Role.BUREAU else NOTHING
        above = ancestor_codes(user.region.code)
        return Q(jurisdiction__isnull=True) | self.region_q(user.region) | Q(jurisdiction__in=above)

    def presets(self) -> QuotaPolicyQuerySet:
        return self.filter(jurisdiction__isnull=True)

    def active(self) -> QuotaPolicyQuerySet:
        return self.filter(is_active=True, jurisdiction__isnull=False)


class QuotaPolicy(ScopedModel):
    """A named set of targets (指标方案) attached to a jurisdiction.

    Presets from the policy texts ship with the platform; they have no jurisdiction and are
    never evaluated on schedule. A bureau copies one for its area and adjusts the numbers.
    """

    name = models.CharField("方案名称", max_length=100)
    jurisdiction = models.ForeignKey(
        "registry.Region",
        verbose_name="适用辖区",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="quota_policies",
        help_text="为空表示平台内置的预设方案",
    )
    preset = models.SlugField("预设代码", max_length=32, blank=True)
    source = models.ForeignKey(
        "self",
        verbose_name="复制自",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
    )
    basis = models.TextField("政策依据", blank=True)
    is_active = models.BooleanField("启用（每晚自动评估）", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = scoped_manager(QuotaPolicyQuerySet)

    class Meta:
        verbose_name = "指标方案"
        verbose_name_plural = "指标方案"
        ordering = ["jurisdiction", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["preset"],
                condition=Q(jurisdiction__isnull=True),
                name="quota_policy_one_row_per_preset",
            ),
            models.UniqueConstraint(
                fields=["jurisdiction", "name"],
                name="quota_policy_name_unique_in_jurisdiction",
                violation_error_message="本辖区已有同名的指标方案",
                violation_error_code="duplicate_name",
            ),
            models.CheckConstraint(
                condition=Q(jurisdiction__isnull=False) | ~Q(preset=""),
                name="quota_policy_preset_or_jurisdiction",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_preset(self) -> bool:
        return self.jurisdiction_id is None

    def applies_to(self, code: str) -> bool:
        """Whether the policy's targets hold in the region of this code (its own area or below)."""
        return self.jurisdiction is None or self.jurisdiction.contains(code)


class QuotaRuleQuerySet(ChildScopedQuerySet):
    parent_field = "policy"


class QuotaRule(ScopedModel):
    """One target of a policy: a rule kind and its parameters (see assessment.quota.rules)."""

    policy = models.ForeignKey(
        QuotaPolicy, verbose_name="指标方案", on_delete=models.CASCADE, related_name="rules"
    )
    kind = models.CharField("指标类型", max_length=32, choices=RuleKind.choices)
    params = models.JSONField("参数", default=dict, blank=True)
    position = models.PositiveSmallIntegerField("顺序", default=0)

    objects = scoped_manager(QuotaRuleQuerySet)

    class Meta:
        verbose_name = "指标"
        verbose_name_plural = "指标"
        ordering = ["policy", "position", "id"]

    def __str__(self) -> str:
        return self.get_kind_display()
