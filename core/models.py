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
