"""The bureau's cases on registered organizations (登记管理): change of registered particulars,
deregistration and revocation of the registration, decided on the workflow engine."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.scoping import ScopedModel, ScopedQuerySet, scoped_manager
from registry.choices import Role

from ..choices import RegistrationCaseKind, RegistrationCaseState
from .duties import Announcement


class RegistrationCaseQuerySet(ScopedQuerySet):
    region_field = "organization__community__code"
    change_roles = frozenset({Role.BUREAU})


class RegistrationCase(ScopedModel):
    """One decision the bureau takes about a registered organization, from opening to decision."""

    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name="组织",
        on_delete=models.PROTECT,
        related_name="registration_cases",
    )
    kind = models.CharField("事项", max_length=16, choices=RegistrationCaseKind.choices)
    state = models.CharField(
        "状态", max_length=16, choices=RegistrationCaseState.choices, default=RegistrationCaseState.OPENED
    )
    grounds = models.TextField("事由")
    # A change's new particulars, as the organization's own fields (name, venue, member count …).
    changes = models.JSONField("变更事项", default=dict, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="经办人", on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField("立案时间", default=timezone.now)
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)
    announcement = models.OneToOneField(
        Announcement, verbose_name="公告", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = scoped_manager(RegistrationCaseQuerySet)

    class Meta:
        verbose_name = "登记事项"
        verbose_name_plural = "登记事项"
        ordering = ["-opened_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.organization}"
