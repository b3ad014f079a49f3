"""How the scoped pages and API behave at province scale.

Builds a synthetic province in a dedicated PostgreSQL database (default: 25,000 communities
and 400,000 organizations, DOMAIN.md §8), then times, for a persona at each level of the tree,
the workbench, the organization list (plain, filtered, searched) and the API list (exports run as
jobs, measured by bench/exports.py). Prints median milliseconds and each figure's ratio to the community
user's, so growth with jurisdiction size is visible at a glance.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ccso_bench python bench/scope_at_scale.py
    (options: --communities N --orgs-per-community N --repeat N --keep)

The data is written with bulk inserts, not the registry services: it is load, not behaviour.
The benchmark owns its database: regions, organizations and users in it are replaced.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DEBUG", "false")


def build_province(communities: int, orgs_per_community: int) -> None:
    from django.db import connection

    from registry.choices import RegionLevel, Tier, UrbanRural
    from registry.models import Category, Organization, Region
    from registry.pinyin import romanize

    rng = random.Random(8)
    regions: list[Region] = [Region(code="980000000000", name="测试省", level=RegionLevel.PROVINCE)]
    streets_per_district, communities_per_street = 20, 70
    districts = max(1, communities // (streets_per_district * communities_per_street))
    community_codes: list[str] = []
    for city in range(1, 4):
        city_code = f"98{city:02d}00000000"
        regions.append(
            Region(code=city_code, name=f"测试{city}市", level=RegionLevel.CITY, parent_id="980000000000")
        )
    for d in range(districts):
        city_code = f"98{d % 3 + 1:02d}00000000"
        district_code = f"{city_code[:4]}{d // 3 + 1:02d}000000"
        regions.append(
            Region(code=district_code, name=f"第{d + 1}区", level=RegionLevel.DISTRICT, parent_id=city_code)
        )
        for s in range(1, streets_per_district + 1):
            street_code = f"{district_code[:6]}{s:03d}000"
            regions.append(
                Region(
                    code=street_code,
                    name=f"第{d + 1}区{s}街道",
                    level=RegionLevel.STREET,
                    parent_id=district_code,
                )
            )
            for c in range(1, communities_per_street + 1):
                code = f"{street_code[:9]}{c:03d}"
                urban = UrbanRural.URBAN if c % 2 else UrbanRural.RURAL
                regions.append(
                    Region(
                        code=code,
                        name=f"{s}街道第{c}社区",
                        level=RegionLevel.COMMUNITY,
                        parent_id=street_code,
                        urban_rural=urban,
                    )
                )
                community_codes.append(code)
    Region.objects.bulk_create(regions, batch_size=5000)
    categories = list(Category.objects.values_list("pk", flat=True))
    fields = ["夕阳红合唱队", "邻里互助站", "平安巡逻队", "书画社", "志愿服务队", "调解工作室", "乡贤理事会"]
    batch: list[Organization] = []
    for code in community_codes:
        for n in range(orgs_per_community):
            name = f"{code[-6:]}社区{fields[n % len(fields)]}{n}"
            full, initials = romanize(name)
            batch.append(
                Organization(
                    name=name,
                    name_pinyin=full,
                    name_initials=initials,
                    tier=rng.choice([Tier.FILED, Tier.GUIDED]),
                    category_id=rng.choice(categories),
                    community_id=code,
                    founded_on="2020-01-01",
                    leader_name="张三",
                    leader_id_number="11010519491231002X",
                    leader_phone="13800000000",
                    member_count=rng.randint(10, 80),
                    venue="社区活动中心",
                    is_brand=rng.random() < 0.08,
                )
            )
            if len(batch) == 10_000:
                Organization.objects.bulk_create(batch)
                batch.clear()
    Organization.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def median_ms(request: Callable[[], object], repeat: int) -> float:
    request()  # warm caches and connections
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = request()
        timings.append((time.perf_counter() - started) * 1000)
        assert getattr(response, "status_code", 200) == 200, response
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--communities", type=int, default=25_000)
    parser.add_argument("--orgs-per-community", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--keep", action="store_true", help="reuse the data if the database already has it")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit(
            "Set DATABASE_URL to a PostgreSQL database dedicated to this benchmark (its data is replaced)."
        )

    import django

    warnings.filterwarnings("ignore", message="No directory at")  # no collectstatic for a benchmark
    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from rest_framework.test import APIClient

    from registry.choices import Role
    from registry.models import Organization, Region, User

    setup_test_environment()
    call_command("migrate", verbosity=0)
    if not (args.keep and Organization.objects.unrestricted().exists()):
        from django.db import connection

        with connection.cursor() as cursor:  # keeps the vocabularies the migrations seeded
            cursor.execute("TRUNCATE registry_region, registry_historicalorganization CASCADE")
        started = time.perf_counter()
        build_province(args.communities, args.orgs_per_community)
        print(f"built in {time.perf_counter() - started:.0f} s")
    total = Organization.objects.unrestricted().count()
    print(f"{Region.objects.unrestricted().filter(level=5).count():,} communities, {total:,} organizations\n")

    levels = {
        "province bureau": Region.objects.unrestricted().get(code="980000000000"),
        "district bureau": Region.objects.unrestricted().filter(level=3).order_by("code").first(),
        "street office": Region.objects.unrestricted().filter(level=4).order_by("code").first(),
        "community": Region.objects.unrestricted().filter(level=5).order_by("code").first(),
    }
    personas = {}
    for label, region in levels.items():
        role = {1: Role.BUREAU, 3: Role.BUREAU, 4: Role.STREET, 5: Role.COMMUNITY}[region.level]
        personas[label], _ = User.objects.update_or_create(
            username=f"bench_{region.level}", defaults={"role": role, "region": region}
        )

    checks = {
        "workbench": lambda c, a: c.get("/"),
        "list": lambda c, a: c.get("/organizations/"),
        "list ?tier&category": lambda c, a: c.get(
            "/organizations/", {"tier": "filed", "category": "culture"}
        ),
        "list ?q=pinyin": lambda c, a: c.get("/organizations/", {"q": "xiyanghong"}),
        "list last page": lambda c, a: c.get("/organizations/", {"page": "last"}),
        "api list": lambda c, a: a.get("/api/v1/organizations/"),
    }
    results: dict[str, dict[str, float]] = {}
    for label, user in personas.items():
        client, api = Client(), APIClient()
        client.force_login(user)
        api.force_authenticate(user)
        results[label] = {}
        for name, check in checks.items():
            results[label][name] = median_ms(partial(check, client, api), args.repeat)
    width = max(map(len, checks)) + 2
    print("median ms (× the community user's)".rjust(width + 10))
    print("".ljust(width) + "".join(label.rjust(24) for label in personas))
    for name in checks:
        base = results["community"][name]
        if math.isnan(base):  # the community user has no street to export: compare with the street's
            base = results["street office"][name]
        cells = []
        for label in personas:
            value = results[label][name]
            cells.append(
                "—".rjust(24) if value != value else f"{value:8.1f} ({value / base:5.1f}×)".rjust(24)
            )
        print(name.ljust(width) + "".join(cells))


if __name__ == "__main__":
    main()
