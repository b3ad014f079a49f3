"""The quota report benchmark and its yardstick: a snapshot recomputed with plain SQL, cell by cell.

The hand-written statement (``bench/quota_sql.py``) is PostgreSQL's own SQL (``FILTER``,
``GROUPING SETS``, ``DISTINCT ON``): on another database these tests are skipped."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from assessment.choices import ReportStatus
from assessment.models import QuotaReport, QuotaReportRow
from assessment.services import report_run
from bench import quota_report_at_scale
from bench.quota_sql import hand_figures, snapshot_mismatches
from demo.scale import PROVINCE
from registry.choices import OrganizationStatus
from registry.models import Organization

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="hand-written SQL for PostgreSQL"),
]


@pytest.fixture
def province():
    call_command("seed_scale", communities=210, orgs=2_500, seed=5)


def snapshot_of(policy, as_of: datetime.date) -> QuotaReport:
    report = QuotaReport.objects.unrestricted().create(policy=policy, region_id=PROVINCE, as_of=as_of)
    done = report_run(report_id=report.pk)
    assert done.status == ReportStatus.DONE, done.error
    return done


def mismatches(report: QuotaReport, as_of: datetime.date | None) -> list[str]:
    rows = QuotaReportRow.objects.unrestricted().filter(report=report)
    return snapshot_mismatches(rows, report.rules, hand_figures("98", as_of))


def test_every_cell_of_a_snapshot_agrees_with_hand_written_sql(province):
    policy = quota_report_at_scale.bench_policy()
    today = timezone.localdate()

    report = snapshot_of(policy, today)

    assert report.row_count == 1 + 1 + 1 + 3 + 210
    assert mismatches(report, None) == []


def test_a_dated_snapshot_agrees_with_the_hand_written_as_of_query(province):
    policy = quota_report_at_scale.bench_policy()
    # Revoked today, so a report dated last month still counts them and today's does not.
    revoked = Organization.objects.unrestricted().filter(status=OrganizationStatus.ACTIVE)[:300]
    for organization in revoked:
        organization.status = OrganizationStatus.REVOKED
        organization.save(update_fields=["status"])
    last_month = timezone.localdate() - datetime.timedelta(days=30)

    dated = snapshot_of(policy, last_month)
    today = snapshot_of(policy, timezone.localdate())

    assert mismatches(dated, last_month) == []
    assert mismatches(today, None) == []
    assert dated.summary["organizations"] == today.summary["organizations"] + 300


def test_the_hand_written_figures_are_not_the_snapshot_when_they_differ(province):
    report = snapshot_of(quota_report_at_scale.bench_policy(), timezone.localdate())
    row = QuotaReportRow.objects.unrestricted().get(report=report, region_id="980101001001")
    row.counts["brands"] = row.counts.get("brands", 0) + 1
    row.save(update_fields=["counts"])

    wrong = mismatches(report, None)
    assert len(wrong) == 1 and wrong[0].startswith("980101001001 counts")


def test_the_benchmark_runs_at_a_tiny_size(capsys):
    quota_report_at_scale.main(["--communities", "140", "--orgs", "1120", "--repeat", "1", "--reruns", "2"])

    out = capsys.readouterr().out
    assert "province" in out and "0 cells differ" in out
    assert "2 same-day runs of the province" in out
