"""The platform's one trail: an append-only event per change of state, per audited read, per step.

Each event names its subject (the application, complaint, organization … it describes) by type and id,
the region where it happened and the organization it concerns, so an aggregate's history, an
organization's timeline and a jurisdiction's audit are each one indexed read. Who may read an event is
decided by its subject: whoever may see the subject (see ``core.trail``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from .scoping import NOTHING, Action, ScopedModel, ScopedQuerySet, scoped_manager


class EventQuerySet(ScopedQuerySet):
    region_field = "region_code"

    def scope_filter(self, user: Any, action: Action) -> models.Q:
        from .trail import visible_subjects

        # The trail is read, never changed.
        return visible_subjects(user) if action == "view" else NOTHING

    def of(self, subject: models.Model) -> EventQuerySet:
        """The events describing one subject, oldest first."""
        return self.filter(subject_type=subject._meta.label_lower, subject_id=str(subject.pk)).order_by(
            "occurred_at", "id"
        )

    def update(self, **kwargs: Any) -> int:
        raise TypeError("the trail is append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("the trail is append-only")


class Event(ScopedModel):
    """One line of the trail: who did what to which subject, when, from which state to which, why."""

    occurred_at = models.DateTimeField("时间", default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept beside the foreign key so the trail still names the person if the account goes.
    actor_label = models.CharField("操作人账号", max_length=150, blank=True)
    action = models.CharField("事项", max_length=64)
    subject_type = models.CharField("对象类型", max_length=64)
    subject_id = models.CharField("对象编号", max_length=32)
    subject_label = models.CharField("对象", max_length=200, blank=True)
    region_code = models.CharField("所属区划", max_length=12)
    organization_id = models.PositiveIntegerField("组织编号", null=True, blank=True)
    from_state = models.CharField("原状态", max_length=32, blank=True)
    to_state = models.CharField("新状态", max_length=32, blank=True)
    reason = models.TextField("原因", blank=True)
    ip_address = models.GenericIPAddressField("IP地址", null=True, blank=True)
    details = models.JSONField("详情", default=dict, blank=True)

    objects = scoped_manager(EventQuerySet)

    class Meta:
        verbose_name = "操作记录"
        verbose_name_plural = "操作记录"
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["subject_type", "subject_id", "occurred_at"], name="event_subject_time"),
            models.Index(fields=["organization_id", "-occurred_at"], name="event_organization_time"),
            models.Index(fields=["region_code", "-occurred_at"], name="event_region_time"),
            models.Index(fields=["-occurred_at"], name="event_time"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError("the trail is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("the trail is append-only")

    @property
    def action_label(self) -> str:
        from .trail import action_label

        # A workflow step taken for a variant of its subject keeps the words it was taken under.
        return (self.details or {}).get("action_label") or action_label(self.action)

    @property
    def from_label(self) -> str:
        from .trail import state_label

        return state_label(self.subject_type, self.from_state)

    @property
    def to_label(self) -> str:
        from .trail import state_label

        return (self.details or {}).get("to_label") or state_label(self.subject_type, self.to_state)


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "正在导出"
    DONE = "done", "已完成"
    FAILED = "failed", "导出失败"
    EXPIRED = "expired", "已过期"


class ExportJobQuerySet(ScopedQuerySet):
    region_field = "region_code"

    def for_user(self, user: Any, action: Action = "view") -> ExportJobQuerySet:
        """An export belongs to the one user who asked for it: no one else sees it or its file, not even
        a superuser (whose scope is otherwise everything)."""
        scoped = super().for_user(user, action)
        return scoped.filter(self.scope_filter(user, action)) if user and user.is_superuser else scoped

    def scope_filter(self, user: Any, action: Action) -> models.Q:
        return models.Q(requested_by=user)


class ExportJob(ScopedModel):
    """One export of a list for one user, written in the background (see ``core.export_jobs``).

    ``query`` holds the list's filters as the page sent them (filters never name personal data); the file
    lives in private storage, is served only to its requester and is deleted when it expires.
    """

    kind = models.CharField("导出内容", max_length=64)
    title = models.CharField("名称", max_length=100)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发起人", on_delete=models.CASCADE, related_name="+"
    )
    region_code = models.CharField("发起人辖区", max_length=12, blank=True)
    query = models.JSONField("筛选条件", default=dict, blank=True)
    reveal = models.BooleanField("含完整个人信息", default=False)
    status = models.CharField(
        "状态", max_length=16, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    stage = models.CharField("当前步骤", max_length=100, blank=True)
    error = models.TextField("失败原因", blank=True)
    total = models.PositiveIntegerField("总行数", default=0)
    row_count = models.PositiveIntegerField("已写行数", default=0)
    file = models.FileField("文件", upload_to="exports/%Y/%m/", blank=True)
    task_id = models.CharField("任务编号", max_length=64, blank=True)
    requested_at = models.DateTimeField("发起时间", default=timezone.now)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    expires_at = models.DateTimeField("文件保留至", null=True, blank=True)

    objects = scoped_manager(ExportJobQuerySet)

    class Meta:
        verbose_name = "导出任务"
        verbose_name_plural = "导出任务"
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="export_progress_percent"),
        ]
        indexes = [
            models.Index(fields=["requested_by", "-requested_at"], name="export_user_time"),
            models.Index(fields=["status", "expires_at"], name="export_status_expiry"),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.requested_at:%Y-%m-%d %H:%M}）"

    @property
    def is_finished(self) -> bool:
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED, ExportStatus.EXPIRED)

    @property
    def is_busy(self) -> bool:
        return self.status in (ExportStatus.QUEUED, ExportStatus.RUNNING)

    @property
    def is_ready(self) -> bool:
        return self.status == ExportStatus.DONE and bool(self.file)

    @property
    def is_failed(self) -> bool:
        return self.status == ExportStatus.FAILED

    @property
    def filename(self) -> str:
        return f"{self.title}-{timezone.localtime(self.requested_at):%Y%m%d%H%M}.xlsx"
