"""How long a quota report takes as the jurisdiction grows to a province, next to hand-written SQL.

Seeds (or reuses) the synthetic province of ``manage.py seed_scale`` in a dedicated PostgreSQL
database — 23,800 communities and 380,800 organizations by default — and evaluates the bench
policy (``bench/quota_sql.py``: 5+X, averages, brands, talent, federations) over a street, a
district, a city and the whole province. For each level it prints the median time of

- the hand-written statement computing the same figures from the live tables (``hand``),
- the engine's evaluation (``evaluate``) and a whole run with the snapshot write (``run``),
- the same for a report dated 30 days back, next to the hand-written as-of statement,

and the ratios to the hand-written SQL (target: ≤ 2×). Then it checks every cell of the
province's snapshot against the hand-written figures, and measures the snapshot table's size
before and after 20 same-day runs of the province (dead rows must not pile up).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ccso_scale python bench/quota_report_at_scale.py
    (options: --communities N --orgs N --repeat N --reruns N --reseed)
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DEBUG", "false")


def ensure_province(communities: int, organizations: int, reseed: bool) -> None:
    from django.core.management import call_command

    from demo.scale import province_exists

    if province_exists() and not reseed:
        return
    started = time.perf_counter()
    call_command("seed_scale", communities=communities, orgs=organizations, replace=True)
    print(f"seeded in {time.perf_counter() - started:.0f} s")


def bench_policy():
    """The bench policy over the province, its rules as ``bench/quota_sql.py`` states them."""
    from django.db.models import Prefetch

    from assessment.models import QuotaPolicy, QuotaRule
    from bench.quota_sql import BENCH_RULES
    from demo.scale import PROVINCE

    policy, _ = QuotaPolicy.objects.unrestricted().update_or_create(
        jurisdiction_id=PROVINCE, name="基准测试方案", defaults={"is_active": False}
    )
    QuotaRule.objects.unrestricted().filter(policy=policy).delete()
    QuotaRule.objects.bulk_create(
        QuotaRule(policy=policy, kind=kind, params=params, position=position)
        for position, (kind, params) in enumerate(BENCH_RULES, start=1)
    )
    rules = Prefetch("rules", queryset=QuotaRule.objects.unrestricted())
    return QuotaPolicy.objects.unrestricted().prefetch_related(rules).get(pk=policy.pk)


def table_size() -> tuple[int, int]:
    """The snapshot rows' table with its TOAST and indexes, in bytes, and its dead rows."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_total_relation_size('assessment_quotareportrow'), "
            "coalesce((SELECT n_dead_tup FROM pg_stat_user_tables "
            "WHERE relname = 'assessment_quotareportrow'), 0)"
        )
        size, dead = cursor.fetchone()
    return size, dead


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--communities", type=int, default=23_800)
    parser.add_argument("--orgs", type=int, default=380_800)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reruns", type=int, default=20, help="same-day runs of the province")
    parser.add_argument("--reseed", action="store_true", help="seed the province again")
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database dedicated to this benchmark.")

    import django

    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from assessment.choices import ReportStatus
    from assessment.models import QuotaReport, QuotaReportRow
    from assessment.quota.engine import evaluate
    from assessment.services import policy_rules_frozen, report_run
    from bench.quota_sql import hand_figures, snapshot_mismatches
    from bench.scope_at_scale import median_ms
    from registry.models import Organization, Region

    call_command("migrate", verbosity=0)
    ensure_province(args.communities, args.orgs, args.reseed)
    regions = Region.objects.unrestricted()
    organizations = Organization.objects.unrestricted().filter(community__code__startswith="98")
    communities = regions.filter(level=5, code__startswith="98").count()
    print(f"{communities:,} communities, {organizations.count():,} organizations\n")
    policy = bench_policy()
    rules = policy_rules_frozen(policy)
    province = regions.get(code="980000000000")
    levels = {
        "street": regions.filter(level=4, code__startswith="98").order_by("code").first(),
        "district": regions.filter(level=3, code__startswith="98").order_by("code").first(),
        "city": regions.filter(level=2, code__startswith="98").order_by("code").first(),
        "province": province,
    }
    today = timezone.localdate()
    past = today - datetime.timedelta(days=30)

    def run(region, day) -> None:
        report, _ = QuotaReport.objects.unrestricted().get_or_create(policy=policy, region=region, as_of=day)
        done = report_run(report_id=report.pk)
        assert done.status == ReportStatus.DONE, done.error

    header = f"{'level':<9}{'rows':>8}{'hand ms':>9}{'evaluate':>10}{'÷':>6}{'run':>8}{'÷':>6}"
    print(header + f"{'as-of hand':>12}{'evaluate':>10}{'÷':>6}{'run':>8}{'÷':>6}")
    for label, region in levels.items():
        rows = len(evaluate(rules, region, today))
        hand = median_ms(lambda region=region: hand_figures(region.prefix), args.repeat)
        evaluated = median_ms(lambda region=region: evaluate(rules, region, today), args.repeat)
        whole = median_ms(lambda region=region: run(region, today), args.repeat)
        hand_past = median_ms(lambda region=region: hand_figures(region.prefix, past), args.repeat)
        evaluated_past = median_ms(lambda region=region: evaluate(rules, region, past), args.repeat)
        whole_past = median_ms(lambda region=region: run(region, past), args.repeat)
        print(
            f"{label:<9}{rows:>8,}{hand:>9.0f}{evaluated:>10.0f}{evaluated / hand:>5.1f}×{whole:>8.0f}"
            f"{whole / hand:>5.1f}×{hand_past:>12.0f}{evaluated_past:>10.0f}"
            f"{evaluated_past / hand_past:>5.1f}×{whole_past:>8.0f}{whole_past / hand_past:>5.1f}×"
        )

    for day, label in ((today, "today"), (past, "30 days back")):
        report = QuotaReport.objects.unrestricted().get(policy=policy, region=province, as_of=day)
        snapshot = QuotaReportRow.objects.unrestricted().filter(report=report)
        wrong = snapshot_mismatches(snapshot, report.rules, hand_figures(province.prefix, day))
        print(f"\nprovince snapshot ({label}): {report.row_count:,} rows, {len(wrong)} cells differ from SQL")
        for line in wrong[:10]:
            print("  ", line)

    before = table_size()
    started = time.perf_counter()
    for _ in range(args.reruns):
        run(province, today)
    seconds = time.perf_counter() - started
    after = table_size()
    print(
        f"\n{args.reruns} same-day runs of the province: {seconds / args.reruns:.1f} s each; snapshot table "
        f"{before[0] / 2**20:.0f} MB ({before[1]:,} dead rows) → "
        f"{after[0] / 2**20:.0f} MB ({after[1]:,} dead rows)"
    )


if __name__ == "__main__":
    main()
