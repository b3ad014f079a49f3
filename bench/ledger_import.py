"""How long a ledger import takes: the dry run and the import of a 10,000-row file, the dry run of the
same file once imported (10,000 matches, nothing to change), of the registry's own export, and of a
file with 5,000 bad rows. Prints seconds, rows per second and each figure's ratio to the dry run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ccso_bench_ledger python bench/ledger_import.py
    (options: --rows N --bad N)

The benchmark owns its database: regions, organizations and users in it are replaced.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DEBUG", "false")
os.environ.pop("CELERY_BROKER_URL", None)  # tasks run in this process: the figures are the work itself

STREET = "980101001000"


def build_street(communities: int) -> None:
    from registry.choices import RegionLevel, Role, UrbanRural
    from registry.models import Region, User

    Region.objects.unrestricted().bulk_create(
        [
            Region(code="980000000000", name="测试省", level=RegionLevel.PROVINCE),
            Region(code="980100000000", name="测试市", level=RegionLevel.CITY, parent_id="980000000000"),
            Region(code="980101000000", name="测试区", level=RegionLevel.DISTRICT, parent_id="980100000000"),
            Region(code=STREET, name="测试街道", level=RegionLevel.STREET, parent_id="980101000000"),
            *(
                Region(
                    code=f"980101001{n:03d}",
                    name=f"第{n}社区",
                    level=RegionLevel.COMMUNITY,
                    parent_id=STREET,
                    urban_rural=UrbanRural.URBAN if n % 2 else UrbanRural.RURAL,
                )
                for n in range(1, communities + 1)
            ),
        ]
    )
    User.objects.create_user("bench_street", password="x", role=Role.STREET, region_id=STREET)


def ledger_file(rows: int, *, bad: bool = False) -> bytes:
    from openpyxl import Workbook

    from registry.ledger.columns import HEADERS
    from tests.factories import valid_resident_id

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("组织台账")
    sheet.append(list(HEADERS))
    for n in range(rows):
        community = f"980101001{n % 100 + 1:03d}"
        sheet.append(
            [
                f"第{n % 100 + 1}社区兴趣组织{n:05d}号队",
                "街道备案",
                "文体科教类",
                "养老、志愿服务",
                "空巢老人",
                "测试街道",
                f"第{n % 100 + 1}社区",
                community,
                "2022-05-01",
                "不详" if bad else 10 + n % 40,
                "张三",
                "123" if bad else valid_resident_id(n + 1),
                "13912345678",
                "否",
                "",
                "无",
                "会费",
                "社区活动室",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


CPU: dict[str, float] = {}


def timed(label: str, run) -> tuple[float, object]:
    """Wall seconds of ``run``; its CPU seconds in this process are kept in CPU (the machine is shared:
    when others load it, wall time grows and CPU time does not)."""
    started, cpu = time.perf_counter(), time.process_time()
    result = run()
    CPU[label] = time.process_time() - cpu
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--bad", type=int, default=5_000)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit(
            "Set DATABASE_URL to a PostgreSQL database dedicated to this benchmark (its data is replaced)."
        )

    import django

    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection

    from registry.exports import organizations_workbook
    from registry.models import Organization, User
    from registry.services.ledger import ledger_apply_request, ledger_upload

    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="ledger-bench-")
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:  # keeps the vocabularies the migrations seeded
        cursor.execute("TRUNCATE registry_region, registry_historicalorganization, core_event CASCADE")
    build_street(100)
    street = User.objects.unrestricted().get(username="bench_street")

    def check(content: bytes):
        return ledger_upload(actor=street, upload=SimpleUploadedFile("台账.xlsx", content))

    good, bad = ledger_file(args.rows), ledger_file(args.bad, bad=True)
    figures = []
    seconds, ledger = timed("check", lambda: check(good))
    ledger.refresh_from_db()
    assert ledger.counts["create"] == args.rows, ledger.counts
    figures.append((f"dry run, {args.rows:,} new rows", seconds, args.rows, CPU["check"]))
    seconds, _ = timed("apply", lambda: ledger_apply_request(actor=street, ledger_id=ledger.pk))
    ledger.refresh_from_db()
    assert ledger.status == "applied" and Organization.objects.unrestricted().count() == args.rows, (
        ledger.error
    )
    figures.append((f"import (check again + write), {args.rows:,} rows", seconds, args.rows, CPU["apply"]))
    seconds, again = timed("again", lambda: check(good))
    again.refresh_from_db()
    assert again.counts["unchanged"] == args.rows, again.counts
    figures.append((f"dry run of the same file, {args.rows:,} unchanged", seconds, args.rows, CPU["again"]))
    export = organizations_workbook(Organization.objects.for_user(street))
    seconds, round_trip = timed("export", lambda: check(export))
    round_trip.refresh_from_db()
    assert round_trip.counts["unchanged"] == args.rows and round_trip.counts["update"] == 0, round_trip.counts
    figures.append((f"dry run of the export, {args.rows:,} unchanged", seconds, args.rows, CPU["export"]))
    seconds, failing = timed("bad", lambda: check(bad))
    failing.refresh_from_db()
    assert failing.counts["error"] == args.bad, failing.counts
    label = f"dry run, {args.bad:,} bad rows ({failing.counts['errors']:,} errors)"
    figures.append((label, seconds, args.bad, CPU["bad"]))

    base = figures[0][1]
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'step':<52}{'wall s':>8}{'cpu s':>7}{'rows/s':>8}{'ratio':>7}")
    for label, seconds, rows, cpu in figures:
        print(f"{label:<52}{seconds:>8.2f}{cpu:>7.2f}{rows / seconds:>8.0f}{seconds / base:>7.2f}")


if __name__ == "__main__":
    main()
