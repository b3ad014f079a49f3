"""The HTML organization list's first and last pages at province scale (keyset pagination).

Uses the synthetic province of ``manage.py seed_scale`` (seeding it when missing) and times, for a
bureau user of the whole province and a street office, the list's first page, its last page
(``?page=last``) and the page after a cursor taken from the last page's neighbour, plus each page's
query count. Target: a deep page ≤ 1.5× the first.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ccso_scale python bench/organization_list_at_scale.py
    (options: --communities N --orgs N --repeat N)
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DEBUG", "false")


def main(argv: list[str] | None = None) -> None:
    from bench.pages import options, prepare, queries_of, signed_in

    args = options(__doc__, argv, repeat=9)
    prepare(args)
    from django.urls import reverse

    from bench.scope_at_scale import median_ms
    from demo.scale import PROVINCE
    from registry.choices import Role
    from registry.models import Region

    regions = Region.objects.unrestricted()
    street = regions.filter(level=4, code__startswith="98").order_by("code").first()
    users = {
        "province bureau": (Role.BUREAU, regions.get(code=PROVINCE)),
        "street office": (Role.STREET, street),
    }
    url = reverse("organization-list")
    print(f"{'user':<16}{'page':<14}{'queries':>8}{'median ms':>11}{'÷ first':>9}")
    for label, (role, region) in users.items():
        client = signed_in(f"bench_list_{region.level}", role, region)
        last = client.get(url, {"page": "last"}).content.decode()
        before = re.search(r'before=([^"&]+)', last)
        pages = {"first": {}, "last": {"page": "last"}, "before last": {}}
        if before:
            pages["before last"] = {"before": before.group(1).replace("%3A", ":")}
        first_ms = 0.0
        for name, params in pages.items():
            _, queries = queries_of(lambda client=client, params=params: client.get(url, params))
            ms = median_ms(lambda client=client, params=params: client.get(url, params), args.repeat)
            first_ms = first_ms or ms
            print(f"{label:<16}{name:<14}{queries:>8}{ms:>11.1f}{ms / first_ms:>8.2f}×")


if __name__ == "__main__":
    main()
