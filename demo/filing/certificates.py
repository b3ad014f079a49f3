"""The demo's filing certificates: one for every active filed organization, a few due for renewal."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from demo.city import CITY_PREFIX
from filing import services
from filing.models import Certificate
from filing.rules import current_rules
from filing.services.approval import certificate_term
from registry.choices import OrganizationStatus, Tier
from registry.models import Organization, User

# Certificates made due for renewal: in each street, the first one by filing number (of an
# organization without applications), expiring in this many days.
RENEWALS_DUE = {"990101001": 15, "990101002": 38, "990102001": 56}


def in_city(queryset: Any, path: str = "community__code") -> Any:
    return queryset.filter(**{f"{path}__startswith": CITY_PREFIX})


def issue_certificates(actor: User) -> int:
    """A certificate for every active filed organization of the city without one, the oldest
    first in each street, issued by the administrator who set up the platform; no PDF is
    rendered (that happens on the first download)."""
    missing = in_city(Organization.objects.unrestricted().active()).filter(
        tier=Tier.FILED, certificate__isnull=True
    )
    issued = 0
    for organization in missing.order_by("founded_on", "pk"):
        services.certificate_issue(organization=organization, actor=actor)
        issued += 1
    return issued


def _term_start(valid_until: datetime.date) -> datetime.date:
    """The issue date whose term ends on ``valid_until`` (the inverse of ``certificate_term``)."""
    day = valid_until + datetime.timedelta(days=1)
    years = current_rules().certificate_years
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def make_renewals_due() -> None:
    today = timezone.localdate()
    for street, days_left in RENEWALS_DUE.items():
        certificate = (
            Certificate.objects.unrestricted()
            .filter(
                organization__community__code__startswith=street,
                organization__status=OrganizationStatus.ACTIVE,
                organization__filing_applications__isnull=True,
            )
            .order_by("filing_number")
            .first()
        )
        if certificate is None or certificate.version != 1:  # a renewed one is left as it is
            continue
        issued_on = _term_start(today + datetime.timedelta(days=days_left))
        # Backdates demo data: the certificate was issued today like all the others; moving its
        # term back makes it due for renewal (换发) so the reminders and the renewal page have one.
        Certificate.objects.unrestricted().filter(pk=certificate.pk).update(
            issued_on=issued_on, valid_until=certificate_term(issued_on)
        )
