"""Reads that views, the API and tasks share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Q
from django.db.models.functions import Substr

from core.permissions import can
from core.trail import Step, as_steps, timeline_of_organization

from .choices import OrganizationStatus, Tier
from .models import Organization, Region, User


def organization_counts(*, user: User) -> dict[str, int]:
    """Headline counts of the user's jurisdiction in one aggregate query."""
    active = Q(status=OrganizationStatus.ACTIVE)
    return Organization.objects.for_user(user).aggregate(
        total=Count("id"),
        active=Count("id", filter=active),
        registered=Count("id", filter=active & Q(tier=Tier.REGISTERED)),
        filed=Count("id", filter=active & Q(tier=Tier.FILED)),
        guided=Count("id", filter=active & Q(tier=Tier.GUIDED)),
        brand=Count("id", filter=active & Q(is_brand=True)),
        inactive=Count("id", filter=~active),
    )


def category_counts(*, user: User) -> list[dict[str, Any]]:
    return list(
        Organization.objects.for_user(user)
        .active()
        .values("category__name")
        .annotate(count=Count("id"))
        .order_by("category__sort_order")
    )


@dataclass(frozen=True)
class RegionCount:
    region: Region
    active: int
    brand: int


def child_region_counts(*, user: User) -> list[RegionCount]:
    """Active and brand organizations per child region of the user's jurisdiction, for drill-down.

    One grouped query on the code prefix of the child level, whatever the number of rows.
    """
    region = None if user.is_superuser else user.region
    if region is None and not user.is_superuser:
        return []
    children = list(Region.objects.for_user(user).filter(parent=region).order_by("code"))
    if not children:
        return []
    length = len(children[0].prefix)
    active = Q(status=OrganizationStatus.ACTIVE)
    rows = (
        Organization.objects.for_user(user)
        .annotate(child=Substr("community_id", 1, length))
        .values("child")
        .annotate(active=Count("id", filter=active), brand=Count("id", filter=active & Q(is_brand=True)))
    )
    by_prefix = {row["child"]: row for row in rows}
    return [
        RegionCount(
            child,
            by_prefix.get(child.prefix, {}).get("active", 0),
            by_prefix.get(child.prefix, {}).get("brand", 0),
        )
        for child in children
    ]


def organization_timeline(*, organization: Organization, user: User) -> list[Step]:
    """The organization's history as the user may read it, newest first: its own events and those of
    its applications, cases and certificates whose subject the user may see."""
    events = timeline_of_organization(organization.pk, user=user)
    return as_steps(events, note=lambda event: event.reason or _fields_note(event.details))


def _fields_note(details: dict[str, Any]) -> str:
    names = []
    for field in details.get("fields", []):
        try:
            names.append(str(Organization._meta.get_field(field).verbose_name))
        except FieldDoesNotExist:  # a field since removed still shows by its code
            names.append(field)
    return "、".join(names)


def organization_accounts_panel(user: User, organization: Organization) -> dict[str, Any] | None:
    """The organization page's card of its accounts (leader, contact …), for the staff who keep them;
    one query."""
    if not (
        can(user, "registry.manage_accounts") and can(user, "registry.change_organization", organization)
    ):
        return None
    accounts = User.objects.for_user(user).filter(organization=organization).order_by("username")
    return {"organization": organization, "accounts": list(accounts)}
