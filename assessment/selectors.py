"""Reads of the assessment app: snapshots and their rows as a user may see them.

A user sees the snapshots of their own area and of the areas containing it; of a containing
area's snapshot they see only the rows inside their jurisdiction, and its headline figures are
those of their own region's row (``viewpoint``), never the wider area's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from registry.choices import RegionLevel
from registry.divisions import ancestor_codes
from registry.models import Category, Organization, Region, SocialWorker, User

from .choices import Outcome, ReportStatus, RuleKind
from .models import QuotaPolicy, QuotaReport, QuotaReportRow
from .quota.engine import FrozenRule
from .quota.rules import Vocabulary
from .services.policies import policy_rules_frozen


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
    """The regions of a level inside ``within`` that are furthest from their targets; one level down,
    they are its children, read by the parent code's index rather than a prefix scan of the level."""
    rows = rows_for(report, user).filter(level=level, shortfall__gt=0)
    rows = rows.filter(parent_code=within.code) if level == within.level + 1 else rows.within(within)
    return list(rows.order_by("-shortfall", "region_id")[:limit])


@dataclass(frozen=True)
class TrendPoint:
    as_of: Any
    report_id: int
    organizations: int
    results: dict[str, Any]


def trend(
    policy: QuotaPolicy,
    region: Region,
    user: User,
    limit: int = 24,
    rules: list[dict[str, Any]] | None = None,
) -> list[TrendPoint]:
    """One region's figures across the policy's snapshots (any snapshot that has a row for it),
    oldest first; one query. Given the rules of the snapshot being read, each point's results
    are keyed like them, so a rule the bureau has since moved or removed is matched by what it
    is, not by where it stood."""
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
        if row.report.as_of in seen:
            continue
        results = row.results if rules is None else rekeyed(row.results, row.report.rules, rules)
        seen[row.report.as_of] = TrendPoint(row.report.as_of, row.report_id, row.organizations, results)
    return sorted(seen.values(), key=lambda point: point.as_of)[-limit:]


def rekeyed(
    results: dict[str, Any], their_rules: list[dict[str, Any]], our_rules: list[dict[str, Any]]
) -> dict[str, Any]:
    """Results of a snapshot under the keys of another snapshot's rules: the same kind with the
    same parameters first, else the same kind in the same order; rules with no match are left out."""
    unmatched = list(their_rules)
    keyed: dict[str, Any] = {}
    for exact in (True, False):
        for ours in our_rules:
            if ours["key"] in keyed:
                continue
            match = next(
                (
                    theirs
                    for theirs in unmatched
                    if theirs["kind"] == ours["kind"] and (not exact or theirs["params"] == ours["params"])
                ),
                None,
            )
            if match is not None and match["key"] in results:
                keyed[ours["key"]] = results[match["key"]]
                unmatched.remove(match)
    return keyed


def outcome_counts(rows: list[QuotaReportRow], rule_key: str) -> dict[str, int]:
    counts = {outcome.value: 0 for outcome in Outcome}
    for row in rows:
        result = row.results.get(rule_key)
        if result:
            counts[result["outcome"]] += 1
    return counts


def is_busy(report: QuotaReport) -> bool:
    return report.status in (ReportStatus.PENDING, ReportStatus.RUNNING)


def policy_rules_described(policy: QuotaPolicy, words: Vocabulary) -> list[FrozenRule]:
    """The policy's rules as a snapshot would freeze them, from a vocabulary read once for a page
    of policies (``policy.rules`` prefetched); a rule that no longer checks is shown as stored."""
    return policy_rules_frozen(policy, words, lenient=True)


@dataclass(frozen=True)
class Headline:
    """A snapshot's headline figures as one user sees them: those of the viewpoint region."""

    region: Region
    organizations: int
    communities: int
    passed: int
    failed: int
    communities_meeting_all: int


def report_headlines(reports: Iterable[QuotaReport], user: User) -> dict[int, Headline]:
    """Each snapshot's headline from the user's viewpoint, keyed by report id; at most one query
    for any number of snapshots. A snapshot of the user's own area or below is headed by its
    stored summary; one of a wider area by the user's own row, never the wider area's figures.
    Snapshots without rows yet have no headline."""
    headlines: dict[int, Headline] = {}
    wider: list[int] = []
    for report in reports:
        region = viewpoint(report, user)
        if region.code != report.region_id:
            wider.append(report.pk)
        elif report.summary:
            summary = report.summary
            headlines[report.pk] = Headline(
                region=region,
                organizations=summary.get("organizations", 0),
                communities=summary.get("communities", 0),
                passed=summary.get("passed", 0),
                failed=summary.get("failed", 0),
                communities_meeting_all=summary.get("communities_meeting_all", 0),
            )
    if not wider:
        return headlines
    own = user.region
    rows = QuotaReportRow.objects.for_user(user).filter(report_id__in=wider)
    for row in rows.filter(region_id=own.code):
        headlines[row.report_id] = Headline(
            region=own,
            organizations=row.organizations,
            communities=row.counts.get("communities", 0),
            passed=row.passed,
            failed=row.failed,
            communities_meeting_all=row.meeting_all,
        )
    return headlines


# -- dashboards -------------------------------------------------------------------------------------


def dashboard_policies(user: User) -> list[QuotaPolicy]:
    """The policies a user may pick on the dashboard: those nearest their own area first, then the
    areas below it, the shipped presets last; one query, rules not loaded."""
    policies = list(QuotaPolicy.objects.for_user(user).select_related("jurisdiction"))
    own = user.region

    def closeness(policy: QuotaPolicy) -> tuple[int, int, str, int]:
        if policy.jurisdiction is None:
            return (2, 0, policy.name, policy.pk)
        covers = own is None or policy.applies_to(own.code)
        return (0 if covers else 1, -policy.jurisdiction.level, policy.name, policy.pk)

    return sorted(policies, key=closeness)


def latest_report(user: User, policy: QuotaPolicy | None = None) -> QuotaReport | None:
    """The snapshot a dashboard opens on: one with rows before one without (a first run still
    queued or failed), so the page has figures whenever there are any; then one covering the
    user's whole jurisdiction before one of a part of it; then the newest, the most local, and
    the policy with the most targets."""
    reports = reports_for(user)
    if policy is not None:
        reports = reports.filter(policy=policy)
    has_rows = Case(When(row_count__gt=0, then=Value(1)), default=Value(0), output_field=IntegerField())
    # Of several policies' snapshots of one day, one with targets tells more than tracking alone.
    with_target = [kind for kind in RuleKind.values if kind != RuleKind.TRACKING]
    targets = Count("policy__rules", filter=Q(policy__rules__kind__in=with_target))
    reports = reports.annotate(has_rows=has_rows, targets=targets)
    own = user.region
    if own is None:
        return reports.order_by("-has_rows", "-as_of", "region_id", "-targets", "-pk").first()
    covering = Case(
        When(region_id__in=[own.code, *ancestor_codes(own.code)], then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return (
        reports.annotate(covering=covering)
        .order_by("-has_rows", "-covering", "-as_of", "-region_id", "-targets", "-pk")
        .first()
    )


def report_choices(user: User, policy: QuotaPolicy, limit: int = 40) -> list[QuotaReport]:
    """The policy's snapshots the user may open, newest first (queued and failed ones included)."""
    return list(reports_for(user).filter(policy=policy).order_by("-as_of", "region_id", "-pk")[:limit])


def run_region(policy: QuotaPolicy, user: User, report: QuotaReport | None = None) -> Region | None:
    """The area a run requested from the dashboard covers: the open snapshot's viewpoint, else the
    policy's own area when it lies inside the user's jurisdiction, else the user's jurisdiction."""
    if report is not None:
        return viewpoint(report, user)
    jurisdiction = policy.jurisdiction
    if jurisdiction is not None and (user.region is None or user.region.contains(jurisdiction.code)):
        return jurisdiction
    return user.region


def sorted_children_rows(
    report: QuotaReport, user: User, parent: Region, by_shortfall: bool = False
) -> list[QuotaReportRow]:
    """The rows one level below ``parent``, in code order or furthest from target first."""
    rows = children_rows(report, user, parent)
    return list(rows.order_by("-shortfall", "region_id") if by_shortfall else rows)


def drill_trail(user: User, top: Region, region: Region) -> list[Region]:
    """The regions from ``top`` down to just above ``region`` that the user may open, highest first."""
    if region.code == top.code:
        return []
    above = Region.objects.for_user(user).filter(pk__in=ancestor_codes(region.code), level__gte=top.level)
    return list(above.order_by("level"))


def active_categories() -> list[tuple[str, str]]:
    """Code and name of every category in use, in their configured order."""
    return list(Category.objects.filter(is_active=True).values_list("code", "name"))


def category_names() -> dict[str, str]:
    """Category names by code, ``featured`` standing for the featured (特色) kind as a whole."""
    return {**dict(Category.objects.values_list("code", "name")), "featured": "特色类"}


def changed_since(report: QuotaReport, user: User, region: Region) -> bool:
    """Whether the organizations or social workers inside ``region`` changed after the snapshot was
    computed, in a way dated on or before its statistics date: the snapshot no longer says what it
    would say if computed now. Two indexed existence checks on the history tables."""
    if report.status != ReportStatus.DONE or report.finished_at is None:
        return False
    changed = Q(history_date__gt=report.finished_at, history_date__date__lte=report.as_of)
    inside = Q(community__code__startswith=region.prefix)
    return any(
        model.history.model.objects.for_user(user).filter(changed, inside).exists()
        for model in (Organization, SocialWorker)
    )
