"""The figures quota rules are computed from, each gathered by one aggregate query.

Every figure is "as of" a moment: organizations and social-work talent are read from their
history tables (the last version recorded before the cutoff), so a report dated in the past
ignores later filings, revocations and changes of category.

Figures other apps hold are *measures* (``core.measures``) those apps register by name: social-work
talent and federations (the registry), filings (filing), incubation bases, evaluation grades,
projects and trainings. Until an app records one, a rule that needs it reports "no data" with the
reason below, never a made-up number.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from core.measures import count_by_region, is_available, versions_as_of
from registry.choices import OrganizationStatus, Tier
from registry.models import Category, Organization

HIGH_QUALITY = "high_quality"
SOCIAL_WORKERS = "social_workers"
FEDERATIONS = "federations"
INCUBATION_BASES = "incubation_bases"
ANNUAL_ACTIVITY = "annual_activity"
TRAINING_ATTENDANCE = "training_attendance"
PARTY_ORGANIZATIONS = "party_organizations"
PARTY_LEADERS = "party_leaders"

# Why a rule cannot be evaluated while no app provides its measure.
MISSING_REASONS = {
    HIGH_QUALITY: "尚无年度评估评议结果，无法认定较高质量组织",
    INCUBATION_BASES: "尚未登记孵化基地",
    ANNUAL_ACTIVITY: "尚无服务项目与能力培训记录",
    TRAINING_ATTENDANCE: "尚无能力培训记录",
    PARTY_ORGANIZATIONS: "尚无党建情况统计",
    PARTY_LEADERS: "尚无党员负责人统计",
}


def missing_reason(name: str) -> str:
    return MISSING_REASONS.get(name, "暂无数据")


def cutoff_of(as_of: datetime.date) -> datetime.datetime:
    """The first moment after the given day, in the platform's time zone."""
    next_day = datetime.datetime.combine(as_of + datetime.timedelta(days=1), datetime.time.min)
    return timezone.make_aware(next_day)


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
    tiers = list(Tier.values)
    columns = {
        "total": Count("history_id"),
        "brands": Count("history_id", filter=Q(is_brand=True)),
        **{f"tier_{tier}": Count("history_id", filter=Q(tier=tier)) for tier in tiers},
        **{f"category_{pk}": Count("history_id", filter=Q(category_id=pk)) for pk in categories},
    }
    rows = (
        versions_as_of(Organization, cutoff)
        .filter(community__code__startswith=prefix, status=OrganizationStatus.ACTIVE)
        .values_list("community_id")
        .annotate(**columns)
        .order_by()
    )
    tier_columns = range(3, 3 + len(tiers))
    category_columns = range(3 + len(tiers), 3 + len(tiers) + len(categories))
    codes = list(categories.values())
    return {
        row[0]: OrganizationCounts(
            total=row[1],
            brands=row[2],
            by_tier={tier: row[i] for tier, i in zip(tiers, tier_columns, strict=True)},
            by_category={code: row[i] for code, i in zip(codes, category_columns, strict=True)},
        )
        for row in rows
    }


__all__ = [
    "ANNUAL_ACTIVITY",
    "FEDERATIONS",
    "HIGH_QUALITY",
    "INCUBATION_BASES",
    "PARTY_LEADERS",
    "PARTY_ORGANIZATIONS",
    "SOCIAL_WORKERS",
    "TRAINING_ATTENDANCE",
    "OrganizationCounts",
    "count_by_region",
    "cutoff_of",
    "is_available",
    "missing_reason",
    "organization_counts",
    "versions_as_of",
]
