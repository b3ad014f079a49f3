"""The quarterly statistics table (季度统计表), generated from what the platform already records.

Streets used to re-type these figures for the district every quarter (多头填报); here every figure
is read from the data entered once, at the street, and any level can draw the table for any
quarter of its jurisdiction.

A constant number of queries whatever the size of the area: one for the regions, one for the
categories, one for the organization counts of every community as of the quarter's end, and one
each for the quarter's new entries, new filings, revocations and deregistrations. Everything is
then summed up in memory by code prefix, community → child region → total.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from filing.choices import ApplicationKind, ApplicationState
from filing.models import FilingApplication, Revocation
from registry.choices import OrganizationStatus, RegionLevel, Tier, UrbanRural
from registry.divisions import PREFIX_LENGTH
from registry.models import Category, Organization, Region

from ..quota import sources
from .periods import Quarter, quarter_of

NO_DATA = "无数据"
TRAINING_LABEL = "能力培训人次"


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
    new_filings: int = 0
    revocations: int = 0
    deregistrations: int = 0
    # None: the platform holds no training records yet ("无数据", never 0).
    training_person_times: int | None = None

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
    def columns(self) -> list[Column]:
        return table_columns(self.categories)

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


def table_columns(categories: list[tuple[str, str]]) -> list[Column]:
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
        Column("本季度办理", "新设备案", lambda row: row.new_filings),
        Column("本季度办理", "取消备案", lambda row: row.revocations),
        Column("本季度办理", "注销", lambda row: row.deregistrations),
        Column("能力培训", "人次", lambda row: row.training_person_times),
    ]


DEFINITIONS = (
    "在册组织数、类别、城乡分布、品牌组织：截至季度末日24时状态为“正常”的组织，按当时的组织信息统计",
    "社区（村）数：辖区内现有的城市社区和农村社区/村",
    "本季度新增在册：本季度内录入平台的组织（含经备案审批新设的组织），按录入时的管理方式统计",
    "新设备案：本季度内办结且准予备案的新设备案申请",
    "取消备案：本季度内作出的取消备案决定",
    "注销：本季度内组织状态变为“已注销”的组织（含准予注销备案申请的组织）",
    "能力培训人次：本季度内参加能力培训的组织负责人人次",
)


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
    for attribute, figures in (
        ("new_filings", _new_filings(region.prefix, start, end)),
        ("revocations", _revocations(region.prefix, start, end)),
        ("deregistrations", _deregistrations(region.prefix, start, end)),
    ):
        for code, n in figures.items():
            for row in targets(code):
                setattr(row, attribute, getattr(row, attribute) + n)
    missing = _add_training(rows, total, targets, region.prefix, start, end)
    return QuarterlyStatistics(
        region=region,
        quarter=period,
        categories=[(code, name) for _, code, name in categories],
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


def _new_filings(prefix: str, start: datetime.datetime, end: datetime.datetime) -> dict[str, int]:
    """New-filing applications (新设备案) approved in the quarter, per community applied for."""
    rows = (
        FilingApplication.objects.unrestricted()
        .filter(
            kind=ApplicationKind.NEW,
            state=ApplicationState.APPROVED,
            decided_at__gte=start,
            decided_at__lt=end,
            community__code__startswith=prefix,
        )
        .values("community_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["community_id"]: row["n"] for row in rows}


def _revocations(prefix: str, start: datetime.datetime, end: datetime.datetime) -> dict[str, int]:
    """Revocation decisions (取消备案) taken in the quarter, per community of the organization."""
    rows = (
        Revocation.objects.unrestricted()
        .filter(decided_at__gte=start, decided_at__lt=end, organization__community__code__startswith=prefix)
        .values("organization__community_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["organization__community_id"]: row["n"] for row in rows}


def _deregistrations(prefix: str, start: datetime.datetime, end: datetime.datetime) -> dict[str, int]:
    """Organizations deregistered (注销) in the quarter, per community.

    The authoritative record is the organization's own history: the version in which its status
    first became "deregistered". Every path that deregisters writes that version through
    ``organization_end`` — an approved deregistration application of a filed or guided
    organization, and the bureau's handling of a registered one, which has no application —
    while counting approved applications would miss the latter.
    """
    history = Organization.history.model.objects.unrestricted()
    earlier = history.filter(
        id=OuterRef("id"), status=OrganizationStatus.DEREGISTERED, history_date__lt=start
    )
    rows = (
        history.filter(
            status=OrganizationStatus.DEREGISTERED,
            history_date__gte=start,
            history_date__lt=end,
            community__code__startswith=prefix,
        )
        .exclude(history_type="-")
        .exclude(Exists(earlier))
        .values("community_id")
        .annotate(n=Count("id", distinct=True))
        .order_by()
    )
    return {row["community_id"]: row["n"] for row in rows}


def _add_training(
    rows: dict[str, StatisticsRow],
    total: StatisticsRow,
    targets: Callable[[str], Iterator[StatisticsRow]],
    prefix: str,
    start: datetime.datetime,
    end: datetime.datetime,
) -> dict[str, str]:
    """Training person-times of the quarter, or the reason there are none (then left None).

    A source answers the person-times recorded before a moment; the quarter's figure is the
    difference between its two ends."""
    if not sources.is_available(sources.TRAINING_ATTENDANCE):
        return {TRAINING_LABEL: sources.missing_reason(sources.TRAINING_ATTENDANCE)}
    for row in [*rows.values(), total]:
        row.training_person_times = 0
    before = sources.count_by_region(sources.TRAINING_ATTENDANCE, prefix, start)
    for code, n in sources.count_by_region(sources.TRAINING_ATTENDANCE, prefix, end).items():
        for row in targets(code):
            row.training_person_times = (row.training_person_times or 0) + n - before.get(code, 0)
    return {}
