"""How long a quota report takes as the jurisdiction grows to a province.

Builds (or reuses, with --keep) the synthetic province of ``bench/scope_at_scale.py`` in a
dedicated PostgreSQL database — 25,000 communities and 400,000 organizations by default
(DOMAIN.md §8) — with a history row per organization and per social worker, then evaluates a
policy holding every rule kind with data (5+X, averages, brands, talent, federations) over a
street, a district, a city and the whole province. For each it prints the median time of the
evaluation alone, of a whole run (evaluation plus the atomic swap of the snapshot's rows), the
number of rows and of queries, and each time's ratio to the street's: the query count stays
the same at every level, the time grows with the rows.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ccso_bench python bench/quota_report_at_scale.py
    (options: --communities N --orgs-per-community N --repeat N --keep)
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DEBUG", "false")


def record_history() -> None:
    """One '+' history row per organization and social worker, dated a year ago, in two statements."""
    from django.db import connection

    from registry.models import Organization, SocialWorker

    for model in (Organization, SocialWorker):
        history = model.history.model
        columns = [field.column for field in model._meta.concrete_fields]
        names = ", ".join(f'"{column}"' for column in columns)
        with connection.cursor() as cursor:
            cursor.execute(f'TRUNCATE "{history._meta.db_table}"')
            cursor.execute(
                f'INSERT INTO "{history._meta.db_table}" ({names}, history_date, history_type, '
                f"history_change_reason) SELECT {names}, now() - interval '1 year', '+', NULL "
                f'FROM "{model._meta.db_table}"'
            )
            cursor.execute(f'ANALYZE "{history._meta.db_table}"')


def add_talent_and_federations() -> None:
    """Two social workers in every third community and a federation in every second street."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE registry_socialworker, registry_federation_members, registry_federation CASCADE"
        )
        cursor.execute(
            "INSERT INTO registry_socialworker "
            "(name, community_id, qualification, certificate_number, is_active) "
            "SELECT '李四', code, 'assistant', 'B' || code || n, true FROM registry_region, "
            "generate_series(1, 2) AS n WHERE level = 5 AND right(code, 3)::int % 3 = 0"
        )
        cursor.execute(
            "INSERT INTO registry_federation (organization_id, street_id, founded_on) "
            "SELECT DISTINCT ON (left(o.community_id, 9)) "
            "o.id, left(o.community_id, 9) || '000', '2020-01-01' "
            "FROM registry_organization o WHERE substr(o.community_id, 7, 3)::int % 2 = 0 "
            "ORDER BY left(o.community_id, 9), o.id"
        )
        cursor.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--communities", type=int, default=25_000)
    parser.add_argument("--orgs-per-community", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="reuse the data if the database already has it")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit(
            "Set DATABASE_URL to a PostgreSQL database dedicated to this benchmark (its data is replaced)."
        )

    import django

    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from assessment.models import QuotaPolicy, QuotaReport, QuotaRule
    from assessment.presets import CORE_CATEGORIES
    from assessment.quota.engine import evaluate
    from assessment.services import policy_rules_frozen, report_run
    from bench.scope_at_scale import build_province, median_ms
    from registry.models import Organization, Region

    call_command("migrate", verbosity=0)
    if not (args.keep and Organization.objects.unrestricted().exists()):
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE registry_region, registry_historicalorganization CASCADE")
        started = time.perf_counter()
        build_province(args.communities, args.orgs_per_community)
        add_talent_and_federations()
        record_history()
        print(f"built in {time.perf_counter() - started:.0f} s")
    communities = Region.objects.unrestricted().filter(level=5).count()
    print(f"{communities:,} communities, {Organization.objects.unrestricted().count():,} organizations\n")

    province = Region.objects.unrestricted().get(code="980000000000")
    policy, _ = QuotaPolicy.objects.unrestricted().update_or_create(
        jurisdiction=province, name="基准测试方案", defaults={"is_active": False}
    )
    QuotaRule.objects.filter(policy=policy).delete()
    QuotaRule.objects.bulk_create(
        QuotaRule(policy=policy, kind=kind, params=params, position=position)
        for position, (kind, params) in enumerate(
            [
                ("category_coverage", {"categories": CORE_CATEGORIES, "featured_min": 1}),
                ("average_organizations", {"urban": 15, "rural": 8}),
                ("brand_organizations", {"minimum": 2}),
                ("social_workers", {"urban": 2, "rural": 1}),
                ("street_federation", {"townships": "optional"}),
            ],
            start=1,
        )
    )
    rules = policy_rules_frozen(policy)
    levels = {
        "street": Region.objects.unrestricted().filter(level=4).order_by("code").first(),
        "district": Region.objects.unrestricted().filter(level=3).order_by("code").first(),
        "city": Region.objects.unrestricted().filter(level=2).order_by("code").first(),
        "province": province,
    }
    today = django.utils.timezone.localdate()
    print(f"{'level':<10}{'rows':>8}{'queries':>9}{'evaluate ms':>13}{'ratio':>8}{'run ms':>10}{'ratio':>8}")
    base: tuple[float, float] | None = None
    for label, region in levels.items():
        with CaptureQueriesContext(connection) as queries:
            rows = evaluate(rules, region, today)
        evaluate_ms = median_ms(lambda region=region: evaluate(rules, region, today), args.repeat)
        report, _ = QuotaReport.objects.unrestricted().get_or_create(
            policy=policy, region=region, as_of=today
        )
        run_ms = median_ms(lambda report=report: report_run(report_id=report.pk), args.repeat)
        base = base or (evaluate_ms, run_ms)
        print(
            f"{label:<10}{len(rows):>8,}{len(queries):>9}{evaluate_ms:>13.0f}{evaluate_ms / base[0]:>8.1f}"
            f"{run_ms:>10.0f}{run_ms / base[1]:>8.1f}"
        )


if __name__ == "__main__":
    main()
