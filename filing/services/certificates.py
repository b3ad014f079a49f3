"""Renewal (换发) of a filing certificate when its term runs out."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.trail import record
from registry.choices import OrganizationStatus
from registry.errors import RegistryCode
from registry.models import User

from ..choices import FilingAction
from ..errors import FilingCode
from ..models import Certificate
from ..rules import current_rules
from .approval import certificate_term, render_after_commit


def renewal_opens_on(certificate: Certificate) -> datetime.date:
    """The first day the certificate may be renewed: the notice window before expiry."""
    return certificate.valid_until - datetime.timedelta(days=current_rules().renewal_notice_days)


def _chinese_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@transaction.atomic
def certificate_renew(*, actor: User, certificate_id: int, ip: str | None = None) -> Certificate:
    """Renew (换发) an active organization's certificate for a new term, as its next version.

    Only the street may renew, and only from ``renewal_notice_days`` before expiry on (or once
    expired). The filing number and the verification code stay: a QR code printed on an older
    version still opens the live status. Raises Certificate.DoesNotExist outside the actor's
    jurisdiction, ValidationError (``not_active``, ``renewal_not_due``) otherwise.
    """
    certificate = (
        Certificate.objects.for_user(actor, "change")
        .select_for_update()
        .select_related("organization")
        .get(pk=certificate_id)
    )
    organization = certificate.organization
    if organization.status != OrganizationStatus.ACTIVE:
        raise ValidationError(
            "该组织已不在册（%(status)s），不能换发证书",
            code=RegistryCode.NOT_ACTIVE,
            params={"status": organization.get_status_display()},
        )
    today = timezone.localdate()
    opens_on = renewal_opens_on(certificate)
    if today < opens_on:
        raise ValidationError(
            "证书有效期至%(valid_until)s，尚未到换发时间，自%(opens_on)s起方可换发",
            code=FilingCode.RENEWAL_NOT_DUE,
            params={
                "valid_until": _chinese_date(certificate.valid_until),
                "opens_on": _chinese_date(opens_on),
            },
        )
    previous = {"version": certificate.version, "valid_until": certificate.valid_until}
    certificate.issued_on = today
    certificate.valid_until = certificate_term(today)
    certificate.version += 1
    certificate.renderer = ""  # the stored PDF shows the old term
    certificate.save(update_fields=["issued_on", "valid_until", "version", "renderer"])
    record(
        actor=actor,
        action=FilingAction.CERTIFICATE_RENEWED,
        subject=certificate,
        region=organization.community_id,
        organization=organization,
        from_state=f"v{previous['version']}",
        to_state=f"v{certificate.version}",
        reason=(
            f"换发备案证书 {certificate.filing_number}（第{certificate.version}版），"
            f"有效期至{_chinese_date(certificate.valid_until)}"
        ),
        ip=ip,
        details={
            "version": [previous["version"], certificate.version],
            "valid_until": [previous["valid_until"].isoformat(), certificate.valid_until.isoformat()],
        },
    )
    render_after_commit(certificate.pk)
    return certificate


def certificate_record_download(*, actor: User, certificate: Certificate, ip: str | None = None) -> None:
    """Note in the audit trail who took a copy of the certificate."""
    organization = certificate.organization
    with transaction.atomic():
        record(
            actor=actor,
            action=FilingAction.CERTIFICATE_DOWNLOADED,
            subject=certificate,
            region=organization.community_id,
            organization=organization,
            ip=ip,
            details={"version": certificate.version},
        )
