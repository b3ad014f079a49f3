"""Incubation figures for a jurisdiction or one base: occupancy over the months of a year, tenants by
category and state, graduations per year (and how many graduates are now filed or registered),
services by type and hours, subsidy totals, and one line per base.

Set-based: every figure is one aggregate query over the user's scoped rows (conditional counts for the
twelve month-ends of the occupancy series), whatever the number of bases, tenants and regions.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from registry.choices import Tier
from registry.models import Region

from .choices import BASE_LEVELS, IN_INCUBATION_STATES, STARTED_STATES, ServiceType, SubsidyKind, TenancyState
from .models import IncubationBase, ServiceRecord, Space, Subsidy, Tenancy

FILED_TIERS = (Tier.FILED, Tier.REGISTERED)


@dataclass(frozen=True)
class MonthPoint:
    month: datetime.date  # its last day
    tenants: int  # organizations in incubation that day
    in_spaces: int  # of which holding a space (the others are virtual)


@dataclass
class IncubationReport:
    """What the report page, the base page and the workbook show."""

    year: int
    capacity: int
    occupancy: list[MonthPoint]
    by_category: list[dict[str, Any]]
    by_state: list[tuple[str, int]]
    graduations: list[dict[str, Any]]
    services: list[dict[str, Any]]
    subsidies: list[dict[str, Any]]
    bases: list[dict[str, Any]] = field(default_factory=list)

    @property
    def service_hours(self) -> Decimal:
        return sum((row["hours"] for row in self.services), Decimal(0))

    @property
    def subsidy_total(self) -> Decimal:
        return sum((row["total"] for row in self.subsidies), Decimal(0))

    @property
    def chart(self) -> dict[str, Any]:
        """The data the page's charts draw (ECharts), as plain lists."""
        return {
            "months": [f"{point.month:%Y-%m}" for point in self.occupancy],
            "tenants": [point.tenants for point in self.occupancy],
            "inSpaces": [point.in_spaces for point in self.occupancy],
            "capacity": self.capacity,
            "services": [{"name": row["label"], "value": float(row["hours"])} for row in self.services],
            "graduations": {
                "years": [row["year"] for row in self.graduations],
                "graduated": [row["graduated"] for row in self.graduations],
                "filed": [row["filed"] for row in self.graduations],
            },
        }


def month_ends(year: int, today: datetime.date | None = None) -> list[datetime.date]:
    """The last day of each month of ``year``, up to today's month in the current year."""
    today = today or timezone.localdate()
    ends = []
    for month in range(1, 13):
        first_of_next = datetime.date(year + month // 12, month % 12 + 1, 1)
        end = first_of_next - datetime.timedelta(days=1)
        if end.replace(day=1) > today:
            break
        ends.append(min(end, today))
    return ends


def last_month_ends(count: int = 12, today: datetime.date | None = None) -> list[datetime.date]:
    """The last day of each of the last ``count`` months, this month's being today."""
    today = today or timezone.localdate()
    ends, day = [today], today.replace(day=1) - datetime.timedelta(days=1)
    while len(ends) < count:
        ends.append(day)
        day = day.replace(day=1) - datetime.timedelta(days=1)
    return ends[::-1]


def _in_incubation(day: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}started_on__lte": day}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gt": day})
    )


def occupancy(tenancies: QuerySet[Tenancy], days: list[datetime.date]) -> list[MonthPoint]:
    """Tenants in incubation (and those holding a space) at each day: one query."""
    if not days:
        return []
    columns = {}
    for index, day in enumerate(days):
        columns[f"t{index}"] = Count("pk", filter=_in_incubation(day))
        columns[f"s{index}"] = Count("pk", filter=_in_incubation(day) & Q(space__isnull=False))
    counts = tenancies.filter(state__in=STARTED_STATES).aggregate(**columns)
    return [MonthPoint(day, counts[f"t{index}"], counts[f"s{index}"]) for index, day in enumerate(days)]


def capacity(spaces: QuerySet[Space]) -> int:
    """Places for tenants in the spaces in use today."""
    return spaces.filter(for_tenants=True, is_active=True).aggregate(n=Sum("capacity"))["n"] or 0


def by_category(tenancies: QuerySet[Tenancy]) -> tuple[list[dict[str, Any]], list[tuple[str, int]]]:
    """Tenancies per category and state (one query), and the totals per state."""
    rows = tenancies.values("category__name", "state").annotate(n=Count("pk")).order_by("category__name")
    table: dict[str, dict[str, Any]] = {}
    states = {state: 0 for state in TenancyState.values}
    for row in rows:
        line = table.setdefault(row["category__name"], {"category": row["category__name"], "total": 0})
        line[row["state"]] = row["n"]
        line["total"] += row["n"]
        states[row["state"]] += row["n"]
    return list(table.values()), [(state, n) for state, n in states.items()]


def graduations(tenancies: QuerySet[Tenancy]) -> list[dict[str, Any]]:
    """Graduations per year, and how many of those graduates are now filed or registered: one query."""
    rows = (
        tenancies.filter(state=TenancyState.GRADUATED)
        .annotate(year=ExtractYear("ended_on"))
        .values("year")
        .annotate(
            graduated=Count("pk"),
            filed=Count("pk", filter=Q(organization__tier__in=FILED_TIERS)),
        )
        .order_by("year")
    )
    return list(rows)


def services_by_type(records: QuerySet[ServiceRecord], year: int) -> list[dict[str, Any]]:
    """Services of the year per type: how many, hours and participants (one query)."""
    rows = (
        records.filter(given_on__year=year)
        .values("kind")
        .annotate(n=Count("pk"), hours=Sum("hours"), participants=Sum("participants"))
        .order_by("kind")
    )
    labels = dict(ServiceType.choices)
    return [{**row, "label": labels.get(row["kind"], row["kind"])} for row in rows]


def subsidies_by_kind(subsidies: QuerySet[Subsidy], year: int) -> list[dict[str, Any]]:
    """Subsidies approved in the year per kind: how many and how much (one query)."""
    rows = (
        subsidies.filter(approved_on__year=year)
        .values("kind")
        .annotate(n=Count("pk"), total=Sum("amount"))
        .order_by("kind")
    )
    labels = dict(SubsidyKind.choices)
    return [{**row, "label": labels.get(row["kind"], row["kind"])} for row in rows]


def base_lines(
    bases: QuerySet[IncubationBase], records: QuerySet[ServiceRecord], subsidies: QuerySet[Subsidy], year: int
) -> list[dict[str, Any]]:
    """One line per base: tenants now, graduates of the year, the year's service hours and subsidies.
    Three grouped queries besides the bases', however many bases there are."""
    today = timezone.localdate()
    tenants = bases.annotate(
        now=Count("tenancies", filter=Q(tenancies__state__in=IN_INCUBATION_STATES)),
        graduated=Count(
            "tenancies", filter=Q(tenancies__state=TenancyState.GRADUATED, tenancies__ended_on__year=year)
        ),
        applied=Count("tenancies", filter=Q(tenancies__state=TenancyState.APPLIED)),
    ).select_related("region")
    hours = dict(
        records.filter(given_on__year=year).values("base").annotate(h=Sum("hours")).values_list("base", "h")
    )
    money = dict(
        subsidies.filter(approved_on__year=year)
        .values("base")
        .annotate(t=Sum("amount"))
        .values_list("base", "t")
    )
    return [
        {
            "base": base,
            "level": BASE_LEVELS.get(base.region.level, ""),
            "open": base.opened_on <= today and (base.closed_on is None or base.closed_on > today),
            "tenants": base.now,
            "graduated": base.graduated,
            "applied": base.applied,
            "hours": hours.get(base.pk) or Decimal(0),
            "subsidies": money.get(base.pk) or Decimal(0),
        }
        for base in tenants.order_by("region_id", "name")
    ]


def incubation_report(
    *,
    user: Any,
    year: int,
    region: Region | None = None,
    base: IncubationBase | None = None,
    days: list[datetime.date] | None = None,
) -> IncubationReport:
    """The report over what the user sees: one base, the bases of a region, or all of the user's.
    Occupancy is drawn at ``days`` (the month-ends of ``year`` unless given)."""
    bases = IncubationBase.objects.for_user(user)
    tenancies = Tenancy.objects.for_user(user)
    records = ServiceRecord.objects.for_user(user)
    subsidies = Subsidy.objects.for_user(user)
    spaces = Space.objects.for_user(user)
    if base is not None:
        bases, tenancies = bases.filter(pk=base.pk), tenancies.filter(base=base)
        records, subsidies, spaces = (
            records.filter(base=base),
            subsidies.filter(base=base),
            spaces.filter(base=base),
        )
    elif region is not None:
        inside = {"base__region__code__startswith": region.prefix}
        bases = bases.filter(region__code__startswith=region.prefix)
        tenancies, records = tenancies.filter(**inside), records.filter(**inside)
        subsidies, spaces = subsidies.filter(**inside), spaces.filter(**inside)
    # Staff also read the tenancies (and records) of their organizations at bases elsewhere; the
    # report is about the bases.
    ours = bases.values("pk")
    tenancies, records, subsidies = (
        tenancies.filter(base__in=ours),
        records.filter(base__in=ours),
        subsidies.filter(base__in=ours),
    )
    categories, states = by_category(tenancies)
    return IncubationReport(
        year=year,
        capacity=capacity(spaces),
        occupancy=occupancy(tenancies, days if days is not None else month_ends(year)),
        by_category=categories,
        by_state=states,
        graduations=graduations(tenancies),
        services=services_by_type(records, year),
        subsidies=subsidies_by_kind(subsidies, year),
        bases=base_lines(bases, records, subsidies, year) if base is None else [],
    )
