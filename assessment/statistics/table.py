"""The quarterly statistics table (季度统计表), generated from what the platform already records.

Streets used to re-type these figures for the district every quarter (多头填报); here every figure
is read from the data entered once, at the street, and any level can draw the table for any
quarter of its jurisdiction.

A constant number of queries whatever the size of the area: one for the regions, one for the
categories, one for the organization counts of every community as of the quarter's end, one for
the quarter's new entries, and one or two for each measure other apps contribute a column with
(``core.measures``: filings approved and revoked, deregistrations, trainings, incubation …).
Everything is then summed up in memory by code prefix, community → child region → total.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone

from core import measures
from core.measures import QuarterlyColumn
from registry.choices import RegionLevel, Tier, UrbanRural
from registry.divisions import PREFIX_LENGTH
from registry.models import Category, Organization, Region

from ..quota import sources
from .periods import Quarter, quarter_of

NO_DATA = "无数据"
TRAINING_LABEL = "能力培训人次"
# Columns the table always shows; until an app provides the measure they read "no data" (its reason).
EXPECTED = {
    sources.TRAINING_ATTENDANCE: QuarterlyColumn(
        "能力培训", "人次", "能力培训人次：本季度内参加能力培训的组织负责人人次", flow=True, order=40
    ),
}


# -- the figures ---------------------------------------------------------------------------------


def _tier_counts() -> dict[str, int]:
    return dict.fromkeys(Tier.values, 0)


@dataclass
class StatisticsRow:
    """The figures of one region (a child of the requested region, or the total)."""

    code: str
    name: str
    urban_communities: int = 0
    rural_communities: int = 0
    organizations: int = 0
    by_tier: dict[str, int] = field(default_factory=_tier_counts)
    by_category: dict[str, int] = field(default_factory=dict)
    in_urban: int = 0
    in_rural: int = 0
    brands: int = 0
    entered_by_tier: dict[str, int] = field(default_factory=_tier_counts)
    # Per measure (core.measures): its figure, or None while no app provides it ("无数据", never 0).
    measured: dict[str, int | None] = field(default_factory=dict)

    @property
    def entered(self) -> int:
        return sum(self.entered_by_tier.values())


@dataclass(frozen=True)
class Column:
    group: str
    label: str
    value: Callable[[StatisticsRow], int | None]


@dataclass
class QuarterlyStatistics:
    region: Region
    quarter: Quarter
    categories: list[tuple[str, str]]
    measured: list[tuple[str, QuarterlyColumn]]
    rows: list[StatisticsRow]
    total: StatisticsRow
    # Column label → why it has no data.
    missing: dict[str, str]

    @property
    def start(self) -> datetime.date:
        return self.quarter.start

    @property
    def end(self) -> datetime.date:
        return self.quarter.end

    @property
    def in_progress(self) -> bool:
        """The quarter has not ended: its figures are as of now and may still change."""
        return self.end >= timezone.localdate()

    @property
    def title(self) -> str:
        return f"{self.region.name}{self.quarter.label}社区社会组织统计表"

    @property
    def definitions(self) -> list[str]:
        """The notes under the table: what each column counts."""
        return [*DEFINITIONS, *(column.definition for _, column in self.measured)]

    @property
    def columns(self) -> list[Column]:
        return table_columns(self.categories, self.measured)

    @property
    def column_groups(self) -> list[tuple[str, int]]:
        groups: list[tuple[str, int]] = []
        for column in self.columns:
            if groups and groups[-1][0] == column.group:
                groups[-1] = (column.group, groups[-1][1] + 1)
            else:
                groups.append((column.group, 1))
        return groups

    @property
    def table(self) -> list[tuple[StatisticsRow, list[int | None]]]:
        """Every child row, then the total, with its cells in column order."""
        columns = self.columns
        return [(row, [column.value(row) for column in columns]) for row in [*self.rows, self.total]]


def table_columns(
    categories: list[tuple[str, str]], measured: list[tuple[str, QuarterlyColumn]]
) -> list[Column]:
    """The table's columns, shared by the page and the workbook so both show the same numbers."""
    tiers = [(tier, Tier(tier).label) for tier in Tier.values]
    return [
        Column("社区（村）数", "城市社区", lambda row: row.urban_communities),
        Column("社区（村）数", "农村社区/村", lambda row: row.rural_communities),
        Column("在册组织数", "合计", lambda row: row.organizations),
        *(Column("在册组织数", label, lambda row, t=tier: row.by_tier[t]) for tier, label in tiers),
        *(Column("按类别", name, lambda row, c=code: row.by_category.get(c, 0)) for code, name in categories),
        Column("城乡分布", "城市社区组织", lambda row: row.in_urban),
        Column("城乡分布", "农村社区组织", lambda row: row.in_rural),
        Column("品牌", "品牌组织", lambda row: row.brands),
        Column("本季度新增在册", "合计", lambda row: row.entered),
        *(
            Column("本季度新增在册", label, lambda row, t=tier: row.entered_by_tier[t])
            for tier, label in tiers
        ),
        *(
            Column(column.group, column.label, lambda row, n=name: row.measured.get(n))
            for name, column in measured
        ),
    ]


DEFINITIONS = (
    "在册组织数、类别、城乡分布、品牌组织：截至季度末日24时状态为“正常”的组织，按当时的组织信息统计",
    "社区（村）数：辖区内现有的城市社区和农村社区/村",
    "本季度新增在册：本季度内录入平台的组织（含经备案审批新设的组织），按录入时的管理方式统计",
)


def measured_columns() -> list[tuple[str, QuarterlyColumn]]:
    """The columns of the measures apps provide, and of those the table expects before any app does."""
    shown = {measure.name: measure.column for measure in measures.quarterly_measures()}
    for name, column in EXPECTED.items():
        shown.setdefault(name, column)
    return sorted(shown.items(), key=lambda item: item[1].order)  # type: ignore[union-attr]


# -- gathering ------------------------------------------------------------------------------------


def quarterly_statistics(*, region: Region, year: int, quarter: int) -> QuarterlyStatistics:
    """The quarterly statistics table of a region: one row per child region and a total.

    The caller has checked that the user may see ``region``; the figures cover its whole subtree.
    Organization counts are as of the end of the quarter, read from the history tables so a past
    quarter ignores later filings, revocations and changes. Raises ValidationError keyed
    ``year`` / ``quarter`` for a period outside 2000 … the current quarter.
    """
    period = quarter_of(year=year, quarter=quarter)
    start, end = sources.cutoff_of(period.start - datetime.timedelta(days=1)), sources.cutoff_of(period.end)
    categories = list(Category.objects.order_by("sort_order", "code").values_list("pk", "code", "name"))
    rows, communities = _child_rows(region)
    total = StatisticsRow(code=region.code, name="合计")
    child_length = PREFIX_LENGTH[RegionLevel(min(region.level + 1, RegionLevel.COMMUNITY))]

    def targets(community: str) -> Iterator[StatisticsRow]:
        row = rows.get(community[:child_length].ljust(12, "0"))
        if row is not None:
            yield row
        yield total

    for code, urban_rural in communities.items():
        for row in targets(code):
            row.urban_communities += int(urban_rural == UrbanRural.URBAN)
            row.rural_communities += int(urban_rural == UrbanRural.RURAL)
    counts = sources.organization_counts(region.prefix, end, {pk: code for pk, code, _ in categories})
    for code, orgs in counts.items():
        for row in targets(code):
            _add_organizations(row, orgs, communities.get(code, ""))
    for code, tier, n in _entries(region.prefix, start, end):
        for row in targets(code):
            row.entered_by_tier[tier] += n
    measured = measured_columns()
    missing = _add_measures(measured, [*rows.values(), total], targets, region.prefix, start, end)
    return QuarterlyStatistics(
        region=region,
        quarter=period,
        categories=[(code, name) for _, code, name in categories],
        measured=measured,
        rows=sorted(rows.values(), key=lambda row: row.code),
        total=total,
        missing=missing,
    )


def _child_rows(region: Region) -> tuple[dict[str, StatisticsRow], dict[str, str]]:
    """One empty row per child region (a community is its own only row), and every community of
    the subtree with its urban/rural flag — one query."""
    if region.is_community:
        return {region.code: StatisticsRow(region.code, region.name)}, {region.code: region.urban_rural}
    regions = (
        Region.objects.unrestricted()
        .filter(code__startswith=region.prefix, level__in={region.level + 1, RegionLevel.COMMUNITY})
        .values_list("code", "name", "level", "urban_rural")
    )
    rows, communities = {}, {}
    for code, name, level, urban_rural in regions:
        if level == region.level + 1:
            rows[code] = StatisticsRow(code, name)
        if level == RegionLevel.COMMUNITY:
            communities[code] = urban_rural
    return rows, communities


def _add_organizations(row: StatisticsRow, orgs: sources.OrganizationCounts, urban_rural: str) -> None:
    row.organizations += orgs.total
    row.brands += orgs.brands
    for tier, n in orgs.by_tier.items():
        row.by_tier[tier] = row.by_tier.get(tier, 0) + n
    for code, n in orgs.by_category.items():
        row.by_category[code] = row.by_category.get(code, 0) + n
    if urban_rural == UrbanRural.URBAN:
        row.in_urban += orgs.total
    elif urban_rural == UrbanRural.RURAL:
        row.in_rural += orgs.total


def _entries(prefix: str, start: datetime.datetime, end: datetime.datetime) -> list[tuple[str, str, int]]:
    """Organizations whose first history row (their entry into the register) falls in the quarter,
    per community and tier as entered."""
    rows = (
        Organization.history.model.objects.unrestricted()
        .filter(
            history_type="+",
            history_date__gte=start,
            history_date__lt=end,
            community__code__startswith=prefix,
        )
        .values("community_id", "tier")
        .annotate(n=Count("history_id"))
        .order_by()
    )
    return [(row["community_id"], row["tier"], row["n"]) for row in rows]


def _add_measures(
    measured: list[tuple[str, QuarterlyColumn]],
    rows: list[StatisticsRow],
    targets: Callable[[str], Iterator[StatisticsRow]],
    prefix: str,
    start: datetime.datetime,
    end: datetime.datetime,
) -> dict[str, str]:
    """Each measured column's figures; the labels of those no app provides yet, with the reason.

    A stock is its count at the quarter's end; a flow the difference of its cumulative counts."""
    missing: dict[str, str] = {}
    for name, column in measured:
        if not measures.is_available(name):
            missing[f"{column.group}{column.label}"] = sources.missing_reason(name)
            continue
        for row in rows:
            row.measured[name] = 0
        before = measures.count_by_region(name, prefix, start) if column.flow else {}
        for code, n in measures.count_by_region(name, prefix, end).items():
            for row in targets(code):
                row.measured[name] = (row.measured[name] or 0) + n - before.get(code, 0)
    return missing
