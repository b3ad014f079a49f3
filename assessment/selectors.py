"""Reads of the assessment app: snapshots and their rows as a user may see them.

A user sees the snapshots of their own area and of the areas containing it; of a containing
area's snapshot they see only the rows inside their jurisdiction, and its headline figures are
those of their own region's row (``viewpoint``), never the wider area's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from registry.choices import RegionLevel
from registry.models import Region, User

from .choices import Outcome, ReportStatus
from .models import QuotaPolicy, QuotaReport, QuotaReportRow


def policies_for(user: User) -> QuerySet[QuotaPolicy]:
    return QuotaPolicy.objects.for_user(user).select_related("jurisdiction").prefetch_related("rules")


def reports_for(user: User) -> QuerySet[QuotaReport]:
    return QuotaReport.objects.for_user(user).select_related("policy", "region")


def readable_reports_for(user: User) -> QuerySet[QuotaReport]:
    """Snapshots that have rows to show (a re-run keeps showing the previous rows until it ends)."""
    return reports_for(user).filter(row_count__gt=0)


def viewpoint(report: QuotaReport, user: User) -> Region:
    """The region whose row heads the report for this user: the report's own, or the user's
    jurisdiction when the report covers a wider area."""
    if user.is_superuser or user.region is None or user.region.contains(report.region_id):
        return report.region
    return user.region


def rows_for(report: QuotaReport, user: User) -> QuerySet[QuotaReportRow]:
    return QuotaReportRow.objects.for_user(user).filter(report=report).select_related("region")


def row_of(report: QuotaReport, user: User, code: str) -> QuotaReportRow | None:
    return rows_for(report, user).filter(region_id=code).first()


def children_rows(report: QuotaReport, user: User, parent: Region) -> QuerySet[QuotaReportRow]:
    """The rows one level below ``parent`` (its streets, its communities …), in code order."""
    return rows_for(report, user).filter(parent_code=parent.code).order_by("region_id")


def furthest_from_target(
    report: QuotaReport, user: User, within: Region, level: int = RegionLevel.STREET, limit: int = 5
) -> list[QuotaReportRow]:
    """The regions of a level inside ``within`` that are furthest from their targets."""
    rows = rows_for(report, user).filter(level=level, region_id__startswith=within.prefix, shortfall__gt=0)
    return list(rows.order_by("-shortfall", "region_id")[:limit])


@dataclass(frozen=True)
class TrendPoint:
    as_of: Any
    report_id: int
    organizations: int
    results: dict[str, Any]


def trend(policy: QuotaPolicy, region: Region, user: User, limit: int = 24) -> list[TrendPoint]:
    """One region's figures across the policy's snapshots (any snapshot that has a row for it),
    oldest first; one query."""
    rows = (
        QuotaReportRow.objects.for_user(user)
        .filter(report__policy=policy, region=region, report__row_count__gt=0)
        .select_related("report")
        .order_by("-report__as_of", "-report__region_id")
    )
    seen: dict[Any, TrendPoint] = {}
    for row in rows[: limit * 4]:
        # Several snapshots may cover the region on one day (the city's and the district's):
        # they agree, keep the first.
        seen.setdefault(
            row.report.as_of, TrendPoint(row.report.as_of, row.report_id, row.organizations, row.results)
        )
    return sorted(seen.values(), key=lambda point: point.as_of)[-limit:]


def outcome_counts(rows: list[QuotaReportRow], rule_key: str) -> dict[str, int]:
    counts = {outcome.value: 0 for outcome in Outcome}
    for row in rows:
        result = row.results.get(rule_key)
        if result:
            counts[result["outcome"]] += 1
    return counts


def is_busy(report: QuotaReport) -> bool:
    return report.status in (ReportStatus.PENDING, ReportStatus.RUNNING)
