"""Reads of filing certificates that pages and reminders share."""

from __future__ import annotations

import datetime

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
