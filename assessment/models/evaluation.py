"""The annual evaluation (两委评估评议): the rubric of an area, a community's round for a year, and the
line of each organization in it (residents' votes, the committee's scores, the grade)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce

from core.scoping import NOTHING, Action, ScopedModel, ScopedQuerySet, reroot, scoped_manager
from registry.choices import Role
from registry.divisions import ancestor_codes
from registry.models.accounts import STAFF_ROLES

from ..evaluation.choices import Grade, RoundState

SCHEME_EDITORS = frozenset({Role.BUREAU, Role.STREET})


class EvaluationSchemeQuerySet(ScopedQuerySet):
    region_field = "jurisdiction__code"

    def scope_filter(self, user: Any, action: Action) -> Q:
        """Staff read the platform's default, their own area's scheme and below, and those of the areas
        above them (a district's rubric holds in its streets); bureau and street change their own area's."""
        if user.role not in STAFF_ROLES or user.region_id is None:
            return NOTHING
        if action == "change":
            return self.region_q(user.region) if user.role in SCHEME_EDITORS else NOTHING
        above = ancestor_codes(user.region.code)
        return Q(jurisdiction__isnull=True) | self.region_q(user.region) | Q(jurisdiction__in=above)


class EvaluationScheme(ScopedModel):
    """The rubric of an area (评议方案): indicators with weights and maximum scores, the value of each
    kind of ballot and the grade thresholds. A round takes the scheme of the nearest area containing
    its community (the platform's default when none) and keeps a copy, so later edits never change
    a round already opened."""

    jurisdiction = models.ForeignKey(
        "registry.Region",
        verbose_name="适用辖区",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evaluation_schemes",
        help_text="为空表示平台默认方案",
    )
    name = models.CharField("方案名称", max_length=100)
    indicators = models.JSONField("评议指标", default=list)
    thresholds = models.JSONField("等级分数线", default=dict)
    vote_values = models.JSONField("评议票分值", default=dict)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="修改人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    objects = scoped_manager(EvaluationSchemeQuerySet)

    class Meta:
        verbose_name = "评议方案"
        verbose_name_plural = "评议方案"
        ordering = ["jurisdiction", "id"]
        constraints = [
            # One scheme per area, and one default (no area): NULL made comparable.
            models.UniqueConstraint(
                Coalesce("jurisdiction", Value("")),
                name="evaluation_scheme_one_per_area",
                violation_error_message="本辖区已有评议方案",
                violation_error_code="duplicate_scheme",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_default(self) -> bool:
        return self.jurisdiction_id is None


class EvaluationRoundQuerySet(ScopedQuerySet):
    """Staff of the community and of the areas above it; the community's 两委 runs the round."""

    region_field = "community__code"
    change_roles = frozenset({Role.COMMUNITY})


class EvaluationRound(ScopedModel):
    """A community's evaluation of its organizations for one year (年度评估评议)."""

    community = models.ForeignKey(
        "registry.Region", verbose_name="社区/村", on_delete=models.PROTECT, related_name="evaluation_rounds"
    )
    year = models.PositiveSmallIntegerField("评议年度")
    scheme = models.ForeignKey(
        EvaluationScheme,
        verbose_name="评议方案",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rounds",
    )
    # The scheme as it was when the round opened.
    indicators = models.JSONField("评议指标", default=list)
    thresholds = models.JSONField("等级分数线", default=dict)
    vote_values = models.JSONField("评议票分值", default=dict)
    state = models.CharField("状态", max_length=16, choices=RoundState.choices, default=RoundState.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="开启人", on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField("开启时间", auto_now_add=True)
    submitted_at = models.DateTimeField("提交审核时间", null=True, blank=True)
    review_note = models.TextField("街道审核意见", blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField("公布时间", null=True, blank=True)

    objects = scoped_manager(EvaluationRoundQuerySet)

    class Meta:
        verbose_name = "年度评议"
        verbose_name_plural = "年度评议"
        ordering = ["-year", "community"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "year"],
                name="evaluation_round_one_per_year",
                violation_error_message="本社区该年度的评议已开启",
                violation_error_code="duplicate_round",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.community}{self.year}年度社区社会组织评议"


class EvaluationEntryQuerySet(ScopedQuerySet):
    """An organization's line in a round: staff see it as they see the round; an organization's
    account sees its own lines once their round is published (its grades)."""

    region_field = "round__community__code"

    def scope_filter(self, user: Any, action: Action) -> Q:
        if user.role == Role.ORGANIZATION:
            if action != "view" or not user.organization_id:
                return NOTHING
            return Q(organization_id=user.organization_id, round__state=RoundState.PUBLISHED)
        rule = EvaluationRound._default_manager.get_queryset().scope_filter(user, action)
        return reroot(rule, "round")

    def published(self) -> EvaluationEntryQuerySet:
        return self.filter(round__state=RoundState.PUBLISHED)


class EvaluationEntry(ScopedModel):
    """One organization in a round: residents' votes, the committee's scores, and once submitted the
    final score, grade and rank (see ``assessment.evaluation.rubric``)."""

    round = models.ForeignKey(
        EvaluationRound, verbose_name="年度评议", on_delete=models.CASCADE, related_name="entries"
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name="组织",
        on_delete=models.PROTECT,
        related_name="evaluation_entries",
    )
    votes_satisfied = models.PositiveIntegerField("满意票", default=0)
    votes_basic = models.PositiveIntegerField("基本满意票", default=0)
    votes_unsatisfied = models.PositiveIntegerField("不满意票", default=0)
    scores = models.JSONField("两委评分", default=dict, blank=True)
    comment = models.TextField("评议意见", blank=True)
    final_score = models.DecimalField("总分", max_digits=4, decimal_places=1, null=True, blank=True)
    grade = models.CharField("等级", max_length=16, choices=Grade.choices, blank=True)
    rank = models.PositiveSmallIntegerField("名次", null=True, blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="评分人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    scored_at = models.DateTimeField("评分时间", null=True, blank=True)

    objects = scoped_manager(EvaluationEntryQuerySet)

    class Meta:
        verbose_name = "组织评议结果"
        verbose_name_plural = "组织评议结果"
        ordering = ["round", "rank", "organization__name_pinyin", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "organization"], name="evaluation_entry_one_per_round"),
        ]
        indexes = [models.Index(fields=["organization", "round"], name="evaluation_entry_org")]

    def __str__(self) -> str:
        return f"{self.organization}（{self.round.year}年度）"

    @property
    def votes_total(self) -> int:
        return self.votes_satisfied + self.votes_basic + self.votes_unsatisfied
