"""How fast the quota dashboards read a province's snapshot, next to computing the same area live.

Uses the synthetic province and the bench policy of ``bench/quota_report_at_scale.py`` (seeding
and running them when missing), then for a bureau user of the province, a city and a district and
for a street office opens the dashboard of today's province snapshot at the user's own row, and
times it against evaluating the user's area live. Prints median server milliseconds, the ratio
live ÷ dashboard (target: ≥ 5× at district and above, > 1× at the street; every page ≤ 50 ms) and
each page's query count.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ccso_scale python bench/dashboard_at_scale.py
    (options: --communities N --orgs N --repeat N)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DEBUG", "false")


def main(argv: list[str] | None = None) -> None:
    from bench.pages import options, prepare, queries_of, signed_in

    args = options(__doc__, argv, repeat=15)
    prepare(args)
    from django.urls import reverse
    from django.utils import timezone

    from assessment.models import QuotaReport
    from assessment.quota.engine import evaluate
    from assessment.services import policy_rules_frozen, report_run
    from bench.quota_report_at_scale import bench_policy
    from bench.scope_at_scale import median_ms
    from demo.scale import PROVINCE
    from registry.choices import Role
    from registry.models import Region

    today = timezone.localdate()
    report = (
        QuotaReport.objects.unrestricted()
        .filter(policy__name="基准测试方案", region_id=PROVINCE, as_of=today, row_count__gt=0)
        .first()
    )
    policy = bench_policy()
    rules = policy_rules_frozen(policy)
    if report is None:
        report = QuotaReport.objects.unrestricted().create(policy=policy, region_id=PROVINCE, as_of=today)
        report = report_run(report_id=report.pk)
    regions = Region.objects.unrestricted()
    levels = {
        "province": regions.get(code=PROVINCE),
        "city": regions.filter(level=2, code__startswith="98").order_by("code").first(),
        "district": regions.filter(level=3, code__startswith="98").order_by("code").first(),
        "street": regions.filter(level=4, code__startswith="98").order_by("code").first(),
    }
    url = reverse("quota-dashboard")
    print(f"snapshot of {report.row_count:,} rows\n")
    print(f"{'level':<10}{'rows shown':>11}{'queries':>9}{'dashboard ms':>14}{'live ms':>10}{'live ÷':>10}")
    for label, region in levels.items():
        role = Role.STREET if region.level == 4 else Role.BUREAU
        client = signed_in(f"bench_dashboard_{region.level}", role, region)
        page = {"report": report.pk}
        response, queries = queries_of(lambda client=client, page=page: client.get(url, page))
        assert response.status_code == 200, response.status_code
        shown = len(response.context["children"])
        dashboard = median_ms(lambda client=client, page=page: client.get(url, page), args.repeat)
        live = median_ms(lambda region=region: evaluate(rules, region, today), max(3, args.repeat // 5))
        ratio = live / dashboard
        print(f"{label:<10}{shown:>11,}{queries:>9}{dashboard:>14.1f}{live:>10.0f}{ratio:>9.1f}×")


if __name__ == "__main__":
    main()
