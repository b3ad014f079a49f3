"""How long an export of the organization directory takes, and how much memory it holds, as rows grow.

Builds a synthetic province in a dedicated PostgreSQL database (default 400,000 organizations in 25,000
communities under 4 cities), then runs the export job (``core.export_jobs.export_run``, as a worker does)
for a province bureau (every organization) and a city bureau (a quarter of them), each in a fresh process
so that its peak RSS is the export's own. Prints seconds, rows per second, peak RSS and the file size per
run, then the targets' ratios (issue #13, target 4): 400k in at most 60 s, peak RSS at most 250 MB, and
RSS(400k) at most 1.3 × RSS(100k).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ccso_bench_exports python bench/exports.py
    (options: --orgs N --writers xlsxwriter,openpyxl --keep --reveal)

``--writers openpyxl`` runs the same job with openpyxl's write-only mode in place of the platform's
writer, to compare the two on the same rows. The data is written with set-based SQL, not the registry
services: it is load, not behaviour. The benchmark owns its database: regions and organizations in it
are replaced.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DEBUG", "false")

PROVINCE = "980000000000"
CITIES, STREETS_PER_CITY, ORGS_PER_COMMUNITY = 4, 100, 16
FIELDS = ["夕阳红合唱队", "邻里互助站", "平安巡逻队", "书画社", "志愿服务队", "调解工作室", "乡贤理事会"]


def setup() -> None:
    import django

    warnings.filterwarnings("ignore", message="No directory at")  # no collectstatic for a benchmark
    django.setup()


def build_province(orgs: int) -> None:
    """Regions with the ORM (tens of thousands), organizations with one INSERT … SELECT per city."""
    from django.db import connection

    from registry.choices import RegionLevel, UrbanRural
    from registry.models import Region
    from registry.pinyin import romanize

    communities_per_street = max(1, -(-orgs // (CITIES * STREETS_PER_CITY * ORGS_PER_COMMUNITY)))
    regions = [Region(code=PROVINCE, name="测试省", level=RegionLevel.PROVINCE)]
    for c in range(1, CITIES + 1):
        city = f"98{c:02d}00000000"
        regions.append(Region(code=city, name=f"测试{c}市", level=RegionLevel.CITY, parent_id=PROVINCE))
        district = f"98{c:02d}01000000"
        regions.append(Region(code=district, name=f"{c}市第1区", level=RegionLevel.DISTRICT, parent_id=city))
        for s in range(1, STREETS_PER_CITY + 1):
            street = f"{district[:6]}{s:03d}000"
            regions.append(
                Region(code=street, name=f"{c}市{s}街道", level=RegionLevel.STREET, parent_id=district)
            )
            regions += [
                Region(
                    code=f"{street[:9]}{n:03d}",
                    name=f"{s}街道第{n}社区",
                    level=RegionLevel.COMMUNITY,
                    parent_id=street,
                    urban_rural=UrbanRural.URBAN if n % 2 else UrbanRural.RURAL,
                )
                for n in range(1, communities_per_street + 1)
            ]
    Region.objects.bulk_create(regions, batch_size=5000)
    # Pinyin once per distinct name part; the SQL joins the parts.
    parts = [(field, *romanize(field)) for field in FIELDS]
    values = ", ".join(["(%s, %s, %s, %s)"] * len(parts))
    params = [value for index, part in enumerate(parts) for value in (index, *part)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO registry_organization (name, name_pinyin, name_initials, tier, category_id,
                community_id, founded_on, leader_name, leader_id_number, leader_phone, credit_code,
                member_count, party_building, leader_party_member, charter, venue, funding_sources,
                is_brand, status, created_at, updated_at)
            SELECT right(r.code, 6) || '社区' || f.name || n,
                   right(r.code, 6) || 'shequ' || f.pinyin || n, 'sq' || f.initials || n,
                   CASE WHEN n %% 3 = 0 THEN 'guided' ELSE 'filed' END,
                   cats.ids[1 + n %% array_length(cats.ids, 1)],
                   r.code, DATE '2020-01-01' + (n * 37) %% 1500, '张三', '11010519491231002X',
                   '13800000000', '', 10 + (n * 7) %% 70, 'none', false, '',
                   '社区活动中心', '["self_raised", "donation"]'::jsonb, n %% 12 = 0, 'active', now(), now()
            FROM registry_region r
            CROSS JOIN (SELECT array_agg(id ORDER BY id) AS ids FROM registry_category) AS cats
            CROSS JOIN generate_series(1, {ORGS_PER_COMMUNITY}) AS n
            JOIN (VALUES {values}) AS f(i, name, pinyin, initials) ON f.i = n %% {len(parts)}
            WHERE r.level = %s
            """,
            [*params, RegionLevel.COMMUNITY],
        )
        cursor.execute("ANALYZE")


def openpyxl_writer(target: str, sheets, *, progress=None) -> int:
    """The other candidate: openpyxl's write-only mode, same header and typed cells (for comparison)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    total = 0
    for spec in sheets:
        sheet = book.create_sheet(spec.title[:31])
        sheet.append([column.header for column in spec.columns])
        sheet.freeze_panes = "A2"
        for row in spec.rows:
            sheet.append(row)
            total += 1
            if progress is not None and total % 10_000 == 0:
                progress(total)
    book.save(target)
    return total


def child(username: str, writer: str, reveal: bool) -> None:
    """One export in this process; prints its figures as JSON."""
    setup()
    from core import export_jobs
    from core.export_jobs import export_run
    from core.models import ExportJob
    from registry.models import User

    if writer == "openpyxl":
        export_jobs.write_sheets = openpyxl_writer
    user = User.objects.unrestricted().get(username=username)
    # The job as export_request leaves it, run here as a worker would (not queued: timed alone).
    job = ExportJob.objects.unrestricted().create(
        kind="registry.organizations", title="社区社会组织名录", requested_by=user, query={}, reveal=reveal
    )
    usage = resource.getrusage(resource.RUSAGE_SELF)
    baseline, cpu_before = usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime
    started = time.perf_counter()
    job = export_run(job_id=job.pk)
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime - cpu_before
    assert job.status == "done", job.error
    size = job.file.size
    job.file.delete(save=False)
    peak = usage.ru_maxrss / 1024
    print(
        json.dumps(
            {
                "rows": job.row_count,
                "seconds": seconds,
                "cpu": cpu,
                "peak_mb": peak,
                "baseline_mb": baseline,
                "file_mb": size / 2**20,
            }
        )
    )


def measure(username: str, writer: str, reveal: bool) -> dict:
    command = [sys.executable, __file__, "--child", username, "--writers", writer]
    if reveal:
        command.append("--reveal")
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
    if done.returncode:
        sys.exit(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def personas() -> dict[str, str]:
    from registry.choices import Role
    from registry.models import Region, User

    found = {}
    for label, code in (("province", PROVINCE), ("city", "980100000000")):
        user, _ = User.objects.unrestricted().update_or_create(
            username=f"bench_export_{label}",
            defaults={"role": Role.BUREAU, "region": Region.objects.unrestricted().get(code=code)},
        )
        found[label] = user.username
    return found


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--orgs", type=int, default=400_000)
    parser.add_argument("--writers", default="xlsxwriter", help="comma-separated: xlsxwriter, openpyxl")
    parser.add_argument("--keep", action="store_true", help="reuse the data if the database already has it")
    parser.add_argument("--reveal", action="store_true", help="ask for personal data in full (audited)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.writers, args.reveal)
        return
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit(
            "Set DATABASE_URL to a PostgreSQL database dedicated to this benchmark (its data is replaced)."
        )
    setup()
    from django.core.management import call_command
    from django.db import connection

    from registry.models import Organization

    call_command("migrate", verbosity=0)
    if not (args.keep and Organization.objects.unrestricted().exists()):
        with connection.cursor() as cursor:  # keeps the vocabularies the migrations seeded
            cursor.execute("TRUNCATE registry_region, registry_historicalorganization CASCADE")
        started = time.perf_counter()
        build_province(args.orgs)
        print(f"seeded in {time.perf_counter() - started:.0f} s")
    total = Organization.objects.unrestricted().count()
    print(f"{total:,} organizations; load average {os.getloadavg()[0]:.1f}\n")
    users = personas()
    print(
        f"{'writer':<11} {'scope':<9} {'rows':>9} {'seconds':>8} {'CPU s':>7} {'rows/s':>8} "
        f"{'peak RSS':>9} {'(before)':>9} {'file':>8}"
    )
    for writer in args.writers.split(","):
        figures = {}
        for label in ("city", "province"):
            result = measure(users[label], writer, args.reveal)
            figures[label] = result
            print(
                f"{writer:<11} {label:<9} {result['rows']:>9,} {result['seconds']:>8.1f} "
                f"{result['cpu']:>7.1f} {result['rows'] / result['seconds']:>8,.0f} "
                f"{result['peak_mb']:>6.0f} MB "
                f"{result['baseline_mb']:>6.0f} MB {result['file_mb']:>5.1f} MB"
            )
        big, small = figures["province"], figures["city"]
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(
            f"{writer:<11} time {big['seconds']:.1f} s, CPU {big['cpu']:.1f} s "
            f"(target ≤ 60 s: {big['seconds'] / 60:.2f}× by the clock, {big['cpu'] / 60:.2f}× by CPU), "
            f"peak RSS {big['peak_mb']:.0f} MB (target ≤ 250 MB: {big['peak_mb'] / 250:.2f}×), "
            f"RSS(400k)/RSS(100k) {big['peak_mb'] / small['peak_mb']:.2f} (target ≤ 1.3), "
            f"time(400k)/time(100k) {big['seconds'] / small['seconds']:.2f}\n"
        )


if __name__ == "__main__":
    main()
