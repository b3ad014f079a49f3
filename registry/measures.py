"""The registry's measures (see ``core.measures``): social-work talent per community, federations per
street, and organizations deregistered (the last a column of the quarterly statistics table)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db.models import Count

from core.measures import QuarterlyColumn, register_measure, versions_as_of

from .choices import OrganizationStatus
from .models import Federation, Organization, SocialWorker


def social_worker_counts(prefix: str, cutoff: datetime.datetime, params: Mapping[str, Any]) -> dict[str, int]:
    """Social-work talent in post per community as of the cutoff."""
    rows = (
        versions_as_of(SocialWorker, cutoff)
        .filter(community__code__startswith=prefix, is_active=True)
        .values("community_id")
        .annotate(n=Count("history_id"))
        .order_by()
    )
    return {row["community_id"]: row["n"] for row in rows}


def federation_counts(prefix: str, cutoff: datetime.datetime, params: Mapping[str, Any]) -> dict[str, int]:
    """Federations per street founded by the cutoff whose own organization was then on the register (a
    federation whose hub was revoked or deregistered no longer counts)."""
    active_hubs = versions_as_of(Organization, cutoff).filter(status=OrganizationStatus.ACTIVE).values("id")
    rows = (
        Federation.objects.unrestricted()
        .filter(
            street__code__startswith=prefix, founded_on__lt=cutoff.date(), organization_id__in=active_hubs
        )
        .values("street_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["street_id"]: row["n"] for row in rows}


def deregistrations(prefix: str, cutoff: datetime.datetime, params: Mapping[str, Any]) -> dict[str, int]:
    """Organizations deregistered (注销) before the cutoff, per community: those with a version in which
    their status had become "deregistered".

    The authoritative record is the organization's own history, written by ``organization_end`` on
    every path that deregisters (an approved deregistration application of a filed or guided
    organization, and the bureau's handling of a registered one, which has no application)."""
    rows = (
        Organization.history.model.objects.unrestricted()
        .filter(
            status=OrganizationStatus.DEREGISTERED,
            history_date__lt=cutoff,
            community__code__startswith=prefix,
        )
        .exclude(history_type="-")
        .values("community_id")
        .annotate(n=Count("id", distinct=True))
        .order_by()
    )
    return {row["community_id"]: row["n"] for row in rows}


def register() -> None:
    register_measure("social_workers", social_worker_counts)
    register_measure("federations", federation_counts)
    register_measure(
        "deregistrations",
        deregistrations,
        column=QuarterlyColumn(
            "本季度办理",
            "注销",
            "注销：本季度内组织状态变为“已注销”的组织（含准予注销备案申请的组织）",
            flow=True,
            order=30,
        ),
    )
