"""A synthetic province for measuring the platform at scale (``manage.py seed_scale``).

Regions under the division prefix 98 (测试省): cities, districts of 20 streets, streets of 70
communities, alternately urban and rural; organizations spread evenly over the communities with
a category, tier, brand flag and status drawn from a seeded generator, so the same arguments
always give the same rows; one history version per organization and social worker, dated a year
ago, so dated reports have something to read; two social workers in every third community and a
federation in every second street.

It is load, not behaviour: rows go in with ``COPY`` on PostgreSQL (plain multi-row inserts
elsewhere), never through the registry services, and the pinyin of a name is put together from
the pinyin of its parts, each part romanized once.
"""

from __future__ import annotations

import datetime
import math
import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache

from django.db import connection, transaction
from django.utils import timezone

from core.bulk import copy_rows
from registry.choices import OrganizationStatus, PartyBuilding, RegionLevel, Tier, UrbanRural
from registry.models import Category, Federation, Organization, Region, SocialWorker
from registry.pinyin import romanize

PROVINCE = "980000000000"
PREFIX = "98"
STREETS_PER_DISTRICT = 20
COMMUNITIES_PER_STREET = 70
MAX_CITIES = 3
FIELDS = ("夕阳红合唱队", "邻里互助站", "平安巡逻队", "书画社", "志愿服务队", "调解工作室", "乡贤理事会")

# Named sizes: the smoke tests use "tiny"; the benchmarks the city and the province of DOMAIN §8.
PRESETS: dict[str, tuple[int, int]] = {
    "tiny": (140, 1_120),
    "street": (70, 1_120),
    "district": (1_400, 22_400),
    "city": (7_000, 112_000),
    "province": (23_800, 380_800),
}


@dataclass(frozen=True)
class Seeded:
    regions: int
    communities: int
    organizations: int
    social_workers: int
    federations: int


@cache
def romanized(part: str) -> tuple[str, str]:
    """A name part's pinyin, worked out once however many names share it."""
    return romanize(part)


def name_and_pinyin(*parts: str) -> tuple[str, str, str]:
    pinyins = [romanized(part) for part in parts]
    full = "".join(full for full, _ in pinyins)[:400]
    initials = "".join(initials for _, initials in pinyins)[:100]
    return "".join(parts), full, initials


def region_rows(communities: int) -> Iterator[tuple]:
    """(code, name, level, parent, urban_rural) of the province, its cities, districts, streets and
    communities, parents first."""
    streets = max(1, math.ceil(communities / COMMUNITIES_PER_STREET))
    districts = max(1, math.ceil(streets / STREETS_PER_DISTRICT))
    cities = min(MAX_CITIES, districts)
    yield PROVINCE, "测试省", RegionLevel.PROVINCE, None, ""
    for city in range(1, cities + 1):
        yield f"98{city:02d}00000000", f"测试{city}市", RegionLevel.CITY, PROVINCE, ""
    placed = 0
    for d in range(districts):
        city_code = f"98{d % cities + 1:02d}00000000"
        district = f"{city_code[:4]}{d // cities + 1:02d}000000"
        yield district, f"第{d + 1}区", RegionLevel.DISTRICT, city_code, ""
        for s in range(1, STREETS_PER_DISTRICT + 1):
            if placed >= communities:
                break
            street = f"{district[:6]}{s:03d}000"
            yield street, f"第{d + 1}区{s}街道", RegionLevel.STREET, district, ""
            for c in range(1, COMMUNITIES_PER_STREET + 1):
                if placed >= communities:
                    break
                urban = UrbanRural.URBAN if c % 2 else UrbanRural.RURAL
                yield f"{street[:9]}{c:03d}", f"{s}街道第{c}社区", RegionLevel.COMMUNITY, street, urban
                placed += 1


def organization_rows(
    community_codes: Sequence[str], organizations: int, seed: int, categories: Sequence[int]
) -> Iterator[tuple]:
    """One row per organization in the column order of ``ORGANIZATION_COLUMNS``."""
    rng = random.Random(seed)
    now = timezone.now().isoformat()
    founded = datetime.date(2020, 1, 1).isoformat()
    for n in range(organizations):
        code = community_codes[n % len(community_codes)]
        serial = n // len(community_codes)
        name, full, initials = name_and_pinyin(f"{code[-6:]}社区", FIELDS[serial % len(FIELDS)], str(serial))
        draw = rng.random()
        status = (
            OrganizationStatus.ACTIVE
            if draw < 0.96
            else OrganizationStatus.REVOKED
            if draw < 0.98
            else OrganizationStatus.DEREGISTERED
        )
        yield (
            name,
            full,
            initials,
            rng.choice((Tier.FILED, Tier.GUIDED)),
            rng.choice(categories),
            code,
            founded,
            "张三",
            "11010519491231002X",
            "13800000000",
            "",
            rng.randint(10, 80),
            rng.choice(PartyBuilding.values),
            rng.random() < 0.3,
            "",
            "社区活动中心",
            "[]",
            rng.random() < 0.08,
            str(status),
            now,
            now,
        )


ORGANIZATION_COLUMNS = (
    "name",
    "name_pinyin",
    "name_initials",
    "tier",
    "category_id",
    "community_id",
    "founded_on",
    "leader_name",
    "leader_id_number",
    "leader_phone",
    "credit_code",
    "member_count",
    "party_building",
    "leader_party_member",
    "charter",
    "venue",
    "funding_sources",
    "is_brand",
    "status",
    "created_at",
    "updated_at",
)


def social_worker_rows(community_codes: Iterable[str]) -> Iterator[tuple]:
    for code in community_codes:
        if int(code[-3:]) % 3 == 0:
            for n in (1, 2):
                yield "李四", code, "assistant", f"B{code}{n}", True


def record_history(model: type, since: datetime.datetime) -> None:
    """One "created" version of every row of the province, dated ``since``, in one statement."""
    history = model.history.model
    columns = ", ".join(f'"{field.column}"' for field in model._meta.concrete_fields)
    region_column = "community_id"
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO "{history._meta.db_table}" ({columns}, history_date, history_type, '
            f"history_change_reason) SELECT {columns}, %s, '+', NULL "
            f'FROM "{model._meta.db_table}" WHERE {region_column} LIKE %s',
            [since, f"{PREFIX}%"],
        )


def add_federations() -> int:
    """A federation in every second street, its hub the street's first organization."""
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO "{Federation._meta.db_table}" (organization_id, street_id, founded_on) '
            "SELECT MIN(id), substr(community_id, 1, 9) || '000', '2020-01-01' "
            f'FROM "{Organization._meta.db_table}" '
            "WHERE community_id LIKE %s AND CAST(substr(community_id, 7, 3) AS INTEGER) %% 2 = 0 "
            "AND status = %s GROUP BY substr(community_id, 1, 9)",
            [f"{PREFIX}%", OrganizationStatus.ACTIVE],
        )
        return cursor.rowcount


def province_exists() -> bool:
    return Region.objects.unrestricted().filter(code=PROVINCE).exists()


def remove_province() -> None:
    """The synthetic province and everything seeded in it, deepest first."""
    like = [f"{PREFIX}%"]
    tables = (
        (Federation._meta.db_table, "street_id"),
        (SocialWorker.history.model._meta.db_table, "community_id"),
        (SocialWorker._meta.db_table, "community_id"),
        (Organization.history.model._meta.db_table, "community_id"),
        (Organization._meta.db_table, "community_id"),
    )
    with connection.cursor() as cursor:
        for table, column in tables:
            cursor.execute(f'DELETE FROM "{table}" WHERE "{column}" LIKE %s', like)
        for level in sorted(RegionLevel.values, reverse=True):
            cursor.execute(
                f'DELETE FROM "{Region._meta.db_table}" WHERE code LIKE %s AND level = %s', [*like, level]
            )


@transaction.atomic
def seed_scale(*, communities: int, organizations: int, seed: int = 8) -> Seeded:
    """Build the synthetic province (which must not exist yet) and return what was written."""
    regions = list(region_rows(communities))
    copy_rows(Region._meta.db_table, ("code", "name", "level", "parent_id", "urban_rural"), regions)
    codes = [code for code, _, level, _, _ in regions if level == RegionLevel.COMMUNITY]
    categories = list(Category.objects.order_by("pk").values_list("pk", flat=True))
    written = copy_rows(
        Organization._meta.db_table,
        ORGANIZATION_COLUMNS,
        organization_rows(codes, organizations, seed, categories),
    )
    workers = copy_rows(
        SocialWorker._meta.db_table,
        ("name", "community_id", "qualification", "certificate_number", "is_active"),
        social_worker_rows(codes),
    )
    federations = add_federations()
    a_year_ago = timezone.now() - datetime.timedelta(days=365)
    record_history(Organization, a_year_ago)
    record_history(SocialWorker, a_year_ago)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return Seeded(len(regions), len(codes), written, workers, federations)
