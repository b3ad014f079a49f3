"""Who sits where: the accounts an app's notice rules (``core.notices``) address.

Internal reads for a job that acts for no one, so unrestricted; every answer is a set of ids of
active accounts, and an office is found by the exact region it sits on (the community's committee,
the street's office), never by a wider prefix: a street outside the jurisdiction gets nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from .choices import Role
from .models import User


def street_of(region_code: str) -> str:
    """The street (街道/乡镇) a community or street code lies in: its first 9 digits."""
    return region_code[:9].ljust(12, "0")


def _active() -> QuerySet[User]:
    return User.objects.unrestricted().filter(is_active=True)


def staff_of(role: Role | str, region_code: str) -> frozenset[int]:
    """The active staff of one role sitting on exactly this region."""
    return frozenset(_active().filter(role=role, region_id=region_code).values_list("pk", flat=True))


def staff_by_region(role: Role | str, region_codes: Iterable[str]) -> dict[str, frozenset[int]]:
    """The active staff of one role on each of many regions, in one query."""
    found: dict[str, set[int]] = {code: set() for code in region_codes}
    rows = _active().filter(role=role, region_id__in=list(found)).values_list("pk", "region_id")
    for pk, region in rows:
        found[region].add(pk)
    return {code: frozenset(ids) for code, ids in found.items()}


def community_staff(community_code: str) -> frozenset[int]:
    return staff_of(Role.COMMUNITY, community_code)


def street_staff(region_code: str) -> frozenset[int]:
    """The street office of the street a community (or the street itself) lies in."""
    return staff_of(Role.STREET, street_of(region_code))


def organization_accounts(organization_id: int | None) -> frozenset[int]:
    if organization_id is None:
        return frozenset()
    return frozenset(
        _active().filter(role=Role.ORGANIZATION, organization_id=organization_id).values_list("pk", flat=True)
    )


def active_accounts(ids: Iterable[int | None]) -> frozenset[int]:
    """Those of the given accounts that are still active."""
    wanted = {pk for pk in ids if pk is not None}
    if not wanted:
        return frozenset()
    return frozenset(_active().filter(pk__in=wanted).values_list("pk", flat=True))
