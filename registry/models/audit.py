from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from ..choices import AuditAction
from ..scoping import ScopedQuerySet, scoped_manager

# Labels of audit actions; other apps add theirs (register_action_labels) from their AppConfig.ready,
# so the registry shows every app's events without importing any of them.
ACTION_LABELS: dict[str, str] = dict(AuditAction.choices)


def register_action_labels(labels: dict[str, str]) -> None:
    ACTION_LABELS.update(labels)


class AuditEventQuerySet(ScopedQuerySet):
    region_field = "region__code"

    def update(self, **kwargs: Any) -> int:
        raise TypeError("the audit trail is append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("the audit trail is append-only")


class AuditEvent(models.Model):
    """One append-only line of the audit trail: who did what, when, from which state to which, why."""

    occurred_at = models.DateTimeField("时间", default=timezone.now, db_index=True)
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
    region = models.ForeignKey(
        "registry.Region",
        verbose_name="所属区划",
        on_delete=models.PROTECT,
        related_name="+",
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name="组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    subject = models.CharField("对象", max_length=100, blank=True)
    from_state = models.CharField("原状态", max_length=32, blank=True)
    to_state = models.CharField("新状态", max_length=32, blank=True)
    reason = models.TextField("原因", blank=True)
    ip_address = models.GenericIPAddressField("IP地址", null=True, blank=True)
    details = models.JSONField("详情", default=dict, blank=True)

    objects = scoped_manager(AuditEventQuerySet)

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "-occurred_at"], name="audit_org_time"),
            models.Index(fields=["region", "-occurred_at"], name="audit_region_time"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise TypeError("the audit trail is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("the audit trail is append-only")

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)
