from __future__ import annotations

from typing import Any, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.scoping import Action, Scope, ScopedModel, ScopedQuerySet, scoped_manager


class NotificationQuerySet(ScopedQuerySet):
    """Notifications are private to their recipient, whatever the jurisdiction.

    Scoped like every other model (a query without ``for_user`` or ``unrestricted`` refuses to
    run), but by recipient: not even a superuser reads someone else's messages.
    """

    region_field = "user__region__code"

    def for_user(self, user: Any, action: Action = "view") -> Self:
        if not (user and user.is_authenticated and user.is_active):
            return super().for_user(user, action)
        return self._scoped_as(Scope("user", user, action)).filter(user=user)

    def unread(self) -> Self:
        return self.filter(read_at__isnull=True)


class Notification(ScopedModel):
    """An in-app message (站内消息) to one user: a deadline reminder, a renewal notice and the like."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接收人",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=300, blank=True, help_text="站内相对路径")
    created_at = models.DateTimeField("时间", default=timezone.now)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    # Lets a reminder job run as often as it likes: one message per user and key.
    dedupe_key = models.CharField("去重键", max_length=120, blank=True)

    objects = scoped_manager(NotificationQuerySet)

    class Meta:
        verbose_name = "站内消息"
        verbose_name_plural = "站内消息"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_read")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="notification_user_dedupe_key",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
