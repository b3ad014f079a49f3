from __future__ import annotations

import secrets
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.scoping import ScopedModel, ScopedQuerySet, scoped_manager
from registry.choices import OrganizationStatus, Role


class FilingNumberSequenceQuerySet(ScopedQuerySet):
    region_field = "street__code"


class FilingNumberSequence(ScopedModel):
    """The last filing number issued by a street in a year; its row lock keeps numbers gapless."""

    street = models.ForeignKey("registry.Region", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    objects = scoped_manager(FilingNumberSequenceQuerySet)

    class Meta:
        verbose_name = "备案编号序列"
        verbose_name_plural = "备案编号序列"
        constraints = [models.UniqueConstraint(fields=["street", "year"], name="filing_sequence_street_year")]

    def __str__(self) -> str:
        return f"{self.street_id[:9]}-{self.year}: {self.last_value}"


def new_verification_code() -> str:
    return secrets.token_urlsafe(12)


class CertificateQuerySet(ScopedQuerySet):
    region_field = "organization__community__code"
    change_roles = frozenset({Role.STREET})

    def scope_filter(self, user: Any, action: Any) -> Q:
        if user.role == Role.ORGANIZATION:
            return Q(organization_id=user.organization_id) if action == "view" else Q(pk__in=[])
        return super().scope_filter(user, action)

    def public_verification(self) -> CertificateQuerySet:
        """Certificates as the public verification page (reached from the QR code) reads them."""
        return self.public("verification").select_related("organization__community__parent")


class Certificate(ScopedModel):
    """The filing certificate (备案证书) of an organization: its number, term and rendered PDF.

    Its public status is read live from the organization, so a revoked or deregistered
    organization's certificate stops verifying at once.
    """

    organization = models.OneToOneField(
        "registry.Organization", verbose_name="组织", on_delete=models.PROTECT, related_name="certificate"
    )
    filing_number = models.CharField("备案编号", max_length=24, unique=True)
    issued_on = models.DateField("发证日期")
    valid_until = models.DateField("有效期至")
    version = models.PositiveSmallIntegerField("版本", default=1)
    verification_code = models.CharField("核验码", max_length=24, unique=True, default=new_verification_code)
    pdf = models.FileField("证书文件", upload_to="certificates/", blank=True)
    rendered_at = models.DateTimeField("生成时间", null=True, blank=True)
    # What made the stored PDF (layout revision and font digest): a PDF made otherwise is stale.
    renderer = models.CharField("生成版本", max_length=40, blank=True)
    # Characters no available font could draw in the stored PDF (printed as boxes).
    missing_characters = models.CharField("无法显示的字符", max_length=64, blank=True)

    objects = scoped_manager(CertificateQuerySet)

    class Meta:
        verbose_name = "备案证书"
        verbose_name_plural = "备案证书"
        ordering = ["filing_number"]

    def __str__(self) -> str:
        return self.filing_number

    @property
    def pdf_ready(self) -> bool:
        """Whether the stored PDF is current; until it is, pages say "证书生成中"."""
        from ..certificates import certificate_is_current

        return certificate_is_current(self)

    @property
    def live_status(self) -> str:
        """valid / expired / revoked / deregistered, as the public verification page shows it."""
        status = self.organization.status
        if status == OrganizationStatus.REVOKED:
            return "revoked"
        if status == OrganizationStatus.DEREGISTERED:
            return "deregistered"
        return "expired" if self.valid_until < timezone.localdate() else "valid"
