"""The figures quota rules are computed from, each gathered by one aggregate query.

Every figure is "as of" a moment: organizations and social-work talent are read from their
history tables (the last version recorded before the cutoff), so a report dated in the past
ignores later filings, revocations and changes of category.

Some figures belong to parts of the platform that may not hold data yet (annual evaluation
grades, incubation bases, service projects and trainings). They are *sources* that an app
registers once it records them; until then a rule that needs one reports "no data" with the
reason below, never a made-up number.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Model, OuterRef, Q, QuerySet
from django.utils import timezone

from registry.choices import OrganizationStatus, Tier
from registry.models import Category, Federation, Organization, SocialWorker

# A provider answers, for a jurisdiction prefix and a cutoff moment, a count per region code.
Provider = Callable[[str, datetime.datetime], dict[str, int]]

HIGH_QUALITY = "high_quality"
SOCIAL_WORKERS = "social_workers"
FEDERATIONS = "federations"
INCUBATION_BASES = "incubation_bases"
ANNUAL_ACTIVITY = "annual_activity"
TRAINING_ATTENDANCE = "training_attendance"

# Why a rule cannot be evaluated while its source has no provider.
MISSING_REASONS = {
    HIGH_QUALITY: "尚无年度评估评议结果，无法认定较高质量组织",
    INCUBATION_BASES: "尚未登记孵化基地",
    ANNUAL_ACTIVITY: "尚无服务项目与能力培训记录",
    TRAINING_ATTENDANCE: "尚无能力培训记录",
}

_providers: dict[str, Provider] = {}


def register_source(name: str, provider: Provider) -> None:
    """Called from an app's ``ready()`` once it records the data behind ``name``."""
    _providers[name] = provider


def unregister_source(name: str) -> None:
    _providers.pop(name, None)


def is_available(name: str) -> bool:
    return name in _providers


def missing_reason(name: str) -> str:
    return MISSING_REASONS.get(name, "暂无数据")


def count_by_region(name: str, prefix: str, cutoff: datetime.datetime) -> dict[str, int]:
    return _providers[name](prefix, cutoff)


def cutoff_of(as_of: datetime.date) -> datetime.datetime:
    """The first moment after the given day, in the platform's time zone."""
    next_day = datetime.datetime.combine(as_of + datetime.timedelta(days=1), datetime.time.min)
    return timezone.make_aware(next_day)


def versions_as_of(model: type[Model], cutoff: datetime.datetime) -> QuerySet:
    """Each object's last recorded version before the cutoff (objects deleted by then left out).

    A version is the last if no version of the same object recorded before the cutoff comes
    after it: an anti-join the database runs as one hash join however many objects there are,
    and which callers narrow further (to a jurisdiction, to active organizations).
    """
    history = model.history.model
    versions = history.objects.unrestricted()
    later = versions.filter(id=OuterRef("id"), history_date__lt=cutoff).filter(
        Q(history_date__gt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__gt=OuterRef("history_id"))
    )
    return versions.filter(history_date__lt=cutoff).exclude(history_type="-").filter(~Exists(later))


@dataclass
class OrganizationCounts:
    """Active organizations of one community as of the cutoff."""

    total: int = 0
    brands: int = 0
    by_tier: dict[str, int] = field(default_factory=dict)
    by_category: dict[str, int] = field(default_factory=dict)


def organization_counts(
    prefix: str, cutoff: datetime.datetime, categories: Mapping[int, str] | None = None
) -> dict[str, OrganizationCounts]:
    """One grouped query: per community, active organizations in all, by tier, by category, brands.

    ``categories`` maps category ids to codes (read here when not given)."""
    if categories is None:
        categories = dict(Category.objects.values_list("pk", "code"))
    columns = {
        "total": Count("history_id"),
        "brands": Count("history_id", filter=Q(is_brand=True)),
        **{f"tier_{tier}": Count("history_id", filter=Q(tier=tier)) for tier in Tier.values},
        **{f"category_{pk}": Count("history_id", filter=Q(category_id=pk)) for pk in categories},
    }
    rows = (
        versions_as_of(Organization, cutoff)
        .filter(community__code__startswith=prefix, status=OrganizationStatus.ACTIVE)
        .values("community_id")
        .annotate(**columns)
        .order_by()
    )
    return {
        row["community_id"]: OrganizationCounts(
            total=row["total"],
            brands=row["brands"],
            by_tier={tier: row[f"tier_{tier}"] for tier in Tier.values},
            by_category={code: row[f"category_{pk}"] for pk, code in categories.items()},
        )
        for row in rows
    }


def social_worker_counts(prefix: str, cutoff: datetime.datetime) -> dict[str, int]:
    """Social-work talent in post per community as of the cutoff."""
    rows = (
        versions_as_of(SocialWorker, cutoff)
        .filter(community__code__startswith=prefix, is_active=True)
        .values("community_id")
        .annotate(n=Count("history_id"))
        .order_by()
    )
    return {row["community_id"]: row["n"] for row in rows}


def federation_counts(prefix: str, cutoff: datetime.datetime) -> dict[str, int]:
    """Federations founded by the cutoff, per street (a street has at most one)."""
    rows = (
        Federation.objects.unrestricted()
        .filter(street__code__startswith=prefix, founded_on__lt=cutoff.date())
        .values("street_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["street_id"]: row["n"] for row in rows}


register_source(SOCIAL_WORKERS, social_worker_counts)
register_source(FEDERATIONS, federation_counts)
