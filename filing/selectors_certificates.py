"""Reads of filing certificates that pages and reminders share."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone

from registry.choices import OrganizationStatus
from registry.models import User

from .models import Certificate
from .models.certificates import CertificateQuerySet
from .rules import current_rules


def certificates_due_for_renewal(*, user: User, within_days: int | None = None) -> CertificateQuerySet:
    """Certificates of active organizations in the user's jurisdiction that expire within the
    renewal notice window (``renewal_notice_days`` unless given) or have already expired,
    soonest first."""
    days = current_rules().renewal_notice_days if within_days is None else within_days
    horizon = timezone.localdate() + datetime.timedelta(days=days)
    return (
        Certificate.objects.for_user(user)
        .filter(organization__status=OrganizationStatus.ACTIVE, valid_until__lte=horizon)
        .select_related("organization__community__parent")
        .order_by("valid_until", "filing_number")
    )


def certificates_to_rerender(*, include_unrendered: bool = False) -> CertificateQuerySet:
    """Certificates whose stored PDF is stale: made with another layout or font than today's
    (a PDF from before the font shipped with the platform has a box for every Chinese character).
    With ``include_unrendered`` also those never rendered. Platform-wide: for maintenance commands."""
    from .certificates import current_renderer

    stale = ~Q(pdf="") & ~Q(renderer=current_renderer())
    if include_unrendered:
        stale |= Q(pdf="")
    return Certificate.objects.unrestricted().filter(stale).order_by("pk")
