"""What organizations do in a year besides reporting: service projects (服务项目) and the trainings
(能力培训) their leaders, core members and the community's workers attend."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q

from core.scoping import NOTHING, Action, ScopedModel, ScopedQuerySet, scoped_manager
from registry.choices import Role
from registry.divisions import ancestor_codes
from registry.models.accounts import STAFF_ROLES

from ..evaluation.choices import Audience, ProjectFunding, TrainingMode

ACTIVITY_RECORDERS = frozenset({Role.STREET, Role.COMMUNITY})
TRAINING_ORGANIZERS = frozenset({Role.BUREAU, Role.STREET, Role.COMMUNITY})


class ServiceProjectQuerySet(ScopedQuerySet):
    region_field = "organization__community__code"
    change_roles = ACTIVITY_RECORDERS

    def scope_filter(self, user: Any, action: Action) -> Q:
        if user.role == Role.ORGANIZATION:
            return Q(organization_id=user.organization_id) if user.organization_id else NOTHING
        return super().scope_filter(user, action)


class ServiceProject(ScopedModel):
    """A community service project an organization carries out (Taicang: 每个社区社会组织每年至少要实施
    1个社区服务项目), with its beneficiaries, volunteer hours and funding."""

    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name="实施组织",
        on_delete=models.PROTECT,
        related_name="service_projects",
    )
    title = models.CharField("项目名称", max_length=200)
    domain = models.ForeignKey(
        "registry.ServiceDomain",
        verbose_name="服务领域",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    target_groups = models.ManyToManyField("registry.TargetGroup", verbose_name="服务对象", blank=True)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    year = models.PositiveSmallIntegerField("项目年度", editable=False)
    beneficiaries = models.PositiveIntegerField("受益人次", default=0)
    volunteer_hours = models.DecimalField(
        "志愿服务时长（小时）", max_digits=9, decimal_places=1, default=0, validators=[MinValueValidator(0)]
    )
    funding_source = models.CharField("资金来源", max_length=16, choices=ProjectFunding.choices)
    amount = models.DecimalField(
        "项目金额（元）", max_digits=12, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    description = models.TextField("项目内容", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    objects = scoped_manager(ServiceProjectQuerySet)

    class Meta:
        verbose_name = "服务项目"
        verbose_name_plural = "服务项目"
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["organization", "ends_on"], name="project_org_end")]

    def __str__(self) -> str:
        return self.title


class TrainingQuerySet(ScopedQuerySet):
    """A training is read by the staff of the area that held it, below it (a district's course is
    open to its streets) and above it; an organization's account reads those it attended."""

    region_field = "region__code"
    change_roles = TRAINING_ORGANIZERS

    def scope_filter(self, user: Any, action: Action) -> Q:
        if user.role == Role.ORGANIZATION:
            if action != "view" or not user.organization_id:
                return NOTHING
            attended = TrainingAttendee.objects.unrestricted().filter(
                training=OuterRef("pk"), organization_id=user.organization_id
            )
            return Q(Exists(attended))
        if user.role not in STAFF_ROLES or user.region_id is None:
            return NOTHING
        if action == "change":
            return super().scope_filter(user, action)
        return self.region_q(user.region) | Q(region__in=ancestor_codes(user.region.code))


class Training(ScopedModel):
    """A capacity-building course (能力培训): who held it, when, how many class hours (学时)."""

    title = models.CharField("培训名称", max_length=200)
    organizer = models.CharField("举办单位", max_length=100)
    region = models.ForeignKey(
        "registry.Region", verbose_name="举办辖区", on_delete=models.PROTECT, related_name="+"
    )
    held_on = models.DateField("培训日期")
    hours = models.DecimalField("学时", max_digits=5, decimal_places=1, validators=[MinValueValidator(0)])
    mode = models.CharField(
        "培训方式", max_length=16, choices=TrainingMode.choices, default=TrainingMode.OFFLINE
    )
    topics = models.JSONField("培训内容", default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = scoped_manager(TrainingQuerySet)

    class Meta:
        verbose_name = "能力培训"
        verbose_name_plural = "能力培训"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title


class TrainingAttendeeQuerySet(ScopedQuerySet):
    """An attendee is read by the staff where the person works and by those who held the training; an
    organization's account reads its own people; the training's organizers change the list."""

    region_field = "region__code"

    def scope_filter(self, user: Any, action: Action) -> Q:
        if user.role == Role.ORGANIZATION:
            own = Q(organization_id=user.organization_id) if user.organization_id else NOTHING
            return own if action == "view" else NOTHING
        prefix = user.jurisdiction_prefix
        if prefix is None:
            return NOTHING
        held_here = Q(training__region__code__startswith=prefix)
        if action == "change":
            return held_here if user.role in TRAINING_ORGANIZERS else NOTHING
        return held_here | Q(region__code__startswith=prefix)


class TrainingAttendee(ScopedModel):
    """One person at one training (one 人次): an organization's leader or core member, or one of the
    other audiences the national plan names, placed where they work so person-times add up by area."""

    training = models.ForeignKey(
        Training, verbose_name="培训", on_delete=models.CASCADE, related_name="attendees"
    )
    audience = models.CharField("人员类别", max_length=20, choices=Audience.choices)
    name = models.CharField("姓名", max_length=50)
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name="所在组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="training_attendances",
    )
    region = models.ForeignKey(
        "registry.Region", verbose_name="所在区划", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = scoped_manager(TrainingAttendeeQuerySet)

    class Meta:
        verbose_name = "参训人员"
        verbose_name_plural = "参训人员"
        ordering = ["training", "audience", "id"]
        # One line per person: an organization's person by organization and name (two leaders may share
        # a name), anyone else by where they work and name.
        constraints = [
            models.UniqueConstraint(
                fields=["training", "organization", "name"],
                condition=Q(organization__isnull=False),
                name="training_attendee_once_per_organization",
                violation_error_message="该人员已登记参加本次培训",
                violation_error_code="duplicate_attendee",
            ),
            models.UniqueConstraint(
                fields=["training", "region", "name"],
                condition=Q(organization__isnull=True),
                name="training_attendee_once_per_region",
                violation_error_message="该人员已登记参加本次培训",
                violation_error_code="duplicate_attendee",
            ),
        ]
        indexes = [models.Index(fields=["organization", "training"], name="attendee_org_training")]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_audience_display()}）"
