"""Brand organizations (品牌社区社会组织) designated by the street or the bureau, and the yearly
selections (评选) of brands and model projects."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.scoping import NOTHING, Action, ScopedModel, ScopedQuerySet, scoped_manager
from registry.choices import Role
from registry.divisions import ancestor_codes
from registry.models.accounts import STAFF_ROLES

from ..evaluation.choices import AwardKind, BrandState, Grade

BRAND_OFFICES = frozenset({Role.BUREAU, Role.STREET})


class BrandDesignationQuerySet(ScopedQuerySet):
    region_field = "organization__community__code"
    change_roles = BRAND_OFFICES

    def scope_filter(self, user: Any, action: Action) -> Q:
        if user.role == Role.ORGANIZATION:
            own = Q(organization_id=user.organization_id) if user.organization_id else NOTHING
            return own if action == "view" else NOTHING
        return super().scope_filter(user, action)


class BrandDesignation(ScopedModel):
    """The record of an organization's designation as a brand: who, when, for which year and why;
    revoked with a reason, never deleted. ``Organization.is_brand`` follows the active one."""

    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name="组织",
        on_delete=models.PROTECT,
        related_name="brand_designations",
    )
    year = models.PositiveSmallIntegerField("认定年度")
    reason = models.TextField("认定理由")
    designated_on = models.DateField("认定日期")
    office = models.ForeignKey(
        "registry.Region", verbose_name="认定单位辖区", on_delete=models.PROTECT, related_name="+"
    )
    designated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="认定人", on_delete=models.PROTECT, related_name="+"
    )
    # The organization's last published grade when it was designated (brands come from 优秀 ones).
    grade = models.CharField("认定时评议等级", max_length=16, choices=Grade.choices, blank=True)
    state = models.CharField("状态", max_length=16, choices=BrandState.choices, default=BrandState.ACTIVE)
    revoked_on = models.DateField("撤销日期", null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="撤销人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoke_reason = models.TextField("撤销理由", blank=True)

    objects = scoped_manager(BrandDesignationQuerySet)

    class Meta:
        verbose_name = "品牌组织认定"
        verbose_name_plural = "品牌组织认定"
        ordering = ["-designated_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(state=BrandState.ACTIVE),
                name="brand_one_active_per_organization",
                violation_error_message="该组织已是品牌组织",
                violation_error_code="already_brand",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization}（{self.year}年度品牌组织）"


class SelectionQuerySet(ScopedQuerySet):
    """A selection held by an area is read by the staff of that area, below it and above it."""

    region_field = "region__code"
    change_roles = BRAND_OFFICES

    def scope_filter(self, user: Any, action: Action) -> Q:
        if user.role not in STAFF_ROLES or user.region_id is None:
            return NOTHING
        if action == "change":
            return super().scope_filter(user, action)
        return self.region_q(user.region) | Q(region__in=ancestor_codes(user.region.code))


class Selection(ScopedModel):
    """A yearly selection (评选) of brand organizations and model project cases (Taicang: 开展品牌社区
    社会组织和优秀典型项目案例评选活动), held by a street or a bureau."""

    region = models.ForeignKey(
        "registry.Region", verbose_name="举办辖区", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("评选名称", max_length=200)
    held_on = models.DateField("评选日期")
    note = models.TextField("说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = scoped_manager(SelectionQuerySet)

    class Meta:
        verbose_name = "评选活动"
        verbose_name_plural = "评选活动"
        ordering = ["-year", "-held_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "title"],
                name="selection_unique_title",
                violation_error_message="本辖区该年度已有同名评选",
                violation_error_code="duplicate_selection",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SelectionAwardQuerySet(ScopedQuerySet):
    """An award is read by whoever reads its organization, and by the staff holding the selection."""

    region_field = "organization__community__code"

    def scope_filter(self, user: Any, action: Action) -> Q:
        if user.role == Role.ORGANIZATION:
            own = Q(organization_id=user.organization_id) if user.organization_id else NOTHING
            return own if action == "view" else NOTHING
        prefix = user.jurisdiction_prefix
        if prefix is None:
            return NOTHING
        if action == "change":
            ok = user.role in BRAND_OFFICES
            return Q(selection__region__code__startswith=prefix) if ok else NOTHING
        return Q(organization__community__code__startswith=prefix) | Q(
            selection__region__code__startswith=prefix
        )


class SelectionAward(ScopedModel):
    """One result of a selection: an organization (and for a project case, its project) and the award."""

    selection = models.ForeignKey(
        Selection, verbose_name="评选活动", on_delete=models.CASCADE, related_name="awards"
    )
    kind = models.CharField("类别", max_length=16, choices=AwardKind.choices)
    organization = models.ForeignKey(
        "registry.Organization", verbose_name="组织", on_delete=models.PROTECT, related_name="awards"
    )
    project = models.ForeignKey(
        "assessment.ServiceProject",
        verbose_name="服务项目",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
    )
    title = models.CharField("奖项", max_length=100)
    note = models.TextField("说明", blank=True)

    objects = scoped_manager(SelectionAwardQuerySet)

    class Meta:
        verbose_name = "评选结果"
        verbose_name_plural = "评选结果"
        ordering = ["selection", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["selection", "kind", "organization", "project"],
                name="selection_award_once",
                violation_error_message="该组织已在本次评选中获得此类表彰",
                violation_error_code="duplicate_award",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}：{self.organization}"
