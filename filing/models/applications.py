from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from registry.choices import Role
from registry.scoping import Action, ScopedQuerySet, scoped_manager

from ..choices import ApplicationKind, ApplicationState, MaterialKind, Opinion


class FilingApplicationQuerySet(ScopedQuerySet):
    region_field = "community__code"
    # Street offices decide and community committees give the first opinion; each transition
    # checks its own role in the workflow table, so "change" here only opens the door.
    change_roles = frozenset({Role.STREET, Role.COMMUNITY})

    def scope_filter(self, user: Any, action: Action) -> Q:
        if user.role in (Role.ORGANIZATION, Role.APPLICANT) or user.region_id is None:
            own = Q(applicant=user)
            if user.organization_id:
                own |= Q(organization_id=user.organization_id)
            return own
        return super().scope_filter(user, action)


class FilingApplication(models.Model):
    """One application to the street office: a new filing, a change, or a deregistration on request.

    The proposed organization data is kept as submitted (``proposal``) and only becomes the
    organization's record when the street approves.
    """

    kind = models.CharField("申请类型", max_length=16, choices=ApplicationKind.choices)
    state = models.CharField(
        "办理状态", max_length=16, choices=ApplicationState.choices, default=ApplicationState.DRAFT
    )
    community = models.ForeignKey(
        "registry.Region", verbose_name="所属社区/村", on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name="组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="filing_applications",
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请账号", on_delete=models.PROTECT, related_name="+"
    )
    contact_name = models.CharField("联系人", max_length=50)
    contact_phone = models.CharField("联系电话", max_length=11)
    proposal = models.JSONField("申请内容", default=dict, blank=True)
    fact_date = models.DateField("事项发生日期", null=True, blank=True, help_text="变更或解散的日期")
    shared_venue = models.BooleanField("一址多社", default=False)
    commitment_accepted_at = models.DateTimeField("信用承诺时间", null=True, blank=True)
    commitment_text = models.TextField("信用承诺内容", blank=True)
    receipt_number = models.CharField("回执号", max_length=20, unique=True, null=True, blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    opinion = models.CharField("社区意见", max_length=16, choices=Opinion.choices, blank=True)
    opinion_note = models.TextField("社区意见说明", blank=True)
    venue_certified = models.BooleanField("社区已确认共用场所", default=False)
    opinion_due = models.DateField("社区初审期限", null=True, blank=True)
    decision_due = models.DateField("街道办结期限", null=True, blank=True)
    decided_at = models.DateTimeField("办结时间", null=True, blank=True)
    decision_reason = models.TextField("办结意见", blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = scoped_manager(FilingApplicationQuerySet)

    class Meta:
        verbose_name = "备案申请"
        verbose_name_plural = "备案申请"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["community", "state"], name="application_community_state"),
            models.Index(fields=["state", "opinion_due"], name="application_opinion_due"),
            models.Index(fields=["state", "decision_due"], name="application_decision_due"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.display_name}"

    @property
    def display_name(self) -> str:
        if self.organization_id and self.kind != ApplicationKind.NEW:
            return self.organization.name
        return self.proposal.get("name") or "（未填写名称）"

    @property
    def street_code(self) -> str:
        return self.community_id[:9].ljust(12, "0")


def material_upload_path(instance: ApplicationMaterial, filename: str) -> str:
    # Random names outside the web root: original names may carry personal data.
    return f"materials/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class ApplicationMaterial(models.Model):
    application = models.ForeignKey(
        FilingApplication, verbose_name="申请", on_delete=models.CASCADE, related_name="materials"
    )
    kind = models.CharField("材料类型", max_length=16, choices=MaterialKind.choices)
    file = models.FileField("文件", upload_to=material_upload_path)
    original_name = models.CharField("原文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）")
    content_kind = models.CharField("文件类型", max_length=8)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)

    class Meta:
        verbose_name = "申请材料"
        verbose_name_plural = "申请材料"
        ordering = ["kind", "uploaded_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.original_name}"


class ApplicationEvent(models.Model):
    """An append-only line of an application's trail: who moved it, when, from which state to which, why."""

    application = models.ForeignKey(
        FilingApplication, verbose_name="申请", on_delete=models.PROTECT, related_name="events"
    )
    occurred_at = models.DateTimeField("时间", default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField("操作人账号", max_length=150, blank=True)
    action = models.CharField("操作", max_length=32)
    from_state = models.CharField("原状态", max_length=16, blank=True)
    to_state = models.CharField("新状态", max_length=16, blank=True)
    reason = models.TextField("原因/意见", blank=True)
    ip_address = models.GenericIPAddressField("IP地址", null=True, blank=True)

    class Meta:
        verbose_name = "申请办理记录"
        verbose_name_plural = "申请办理记录"
        ordering = ["occurred_at", "id"]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise TypeError("the application trail is append-only")
        super().save(*args, **kwargs)

    @property
    def from_label(self) -> str:
        return _state_label(self.from_state)

    @property
    def to_label(self) -> str:
        return _state_label(self.to_state)


def _state_label(state: str) -> str:
    return ApplicationState(state).label if state in ApplicationState.values else state
