"""The HTML organization list's first and last pages at province scale (keyset pagination).

Uses the synthetic province of ``manage.py seed_scale`` (seeding it when missing) and times, for a
bureau user of the whole province and a street office, the list's first page, its last page
(``?page=last``) and the page after a cursor taken from the last page's neighbour, plus each page's
query count. Target: a deep page ≤ 1.5× the first.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ccso_scale python bench/organization_list_at_scale.py
    (options: --communities N --orgs N --repeat N)
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DEBUG", "false")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--communities", type=int, default=23_800)
    parser.add_argument("--orgs", type=int, default=380_800)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database dedicated to this benchmark.")

    import django

    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from bench.quota_report_at_scale import ensure_province
    from bench.scope_at_scale import median_ms
    from demo.scale import PROVINCE
    from registry.choices import Role
    from registry.models import Region, User

    with contextlib.suppress(RuntimeError):
        setup_test_environment()
    call_command("migrate", verbosity=0)
    ensure_province(args.communities, args.orgs, reseed=False)
    regions = Region.objects.unrestricted()
    street = regions.filter(level=4, code__startswith="98").order_by("code").first()
    users = {
        "province bureau": (Role.BUREAU, regions.get(code=PROVINCE)),
        "street office": (Role.STREET, street),
    }
    url = reverse("organization-list")
    print(f"{'user':<16}{'page':<14}{'queries':>8}{'median ms':>11}{'÷ first':>9}")
    for label, (role, region) in users.items():
        user, _ = User.objects.unrestricted().update_or_create(
            username=f"bench_list_{region.level}", defaults={"role": role, "region": region}
        )
        client = Client()
        client.force_login(user)
        last = client.get(url, {"page": "last"}).content.decode()
        before = re.search(r'before=([^"&]+)', last)
        pages = {"first": {}, "last": {"page": "last"}, "before last": {}}
        if before:
            pages["before last"] = {"before": before.group(1).replace("%3A", ":")}
        first_ms = 0.0
        for name, params in pages.items():
            queries: list[str] = []

            def count(execute, sql, params, many, context, queries=queries):
                queries.append(sql)
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count):
                client.get(url, params)
            ms = median_ms(lambda client=client, params=params: client.get(url, params), args.repeat)
            first_ms = first_ms or ms
            print(f"{label:<16}{name:<14}{len(queries):>8}{ms:>11.1f}{ms / first_ms:>8.2f}×")


if __name__ == "__main__":
    main()
