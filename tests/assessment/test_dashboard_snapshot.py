"""What a snapshot stores so that dashboards read it without rescanning it: each row's communities
meeting every target, and the index its children are read by."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from assessment.choices import ReportStatus
from assessment.models import QuotaPolicy, QuotaReport, QuotaReportRow, QuotaRule
from assessment.services import report_run
from registry.choices import RegionLevel
from registry.divisions import prefix_of

pytestmark = pytest.mark.django_db

PROVINCE = "980000000000"


@pytest.fixture
def snapshot() -> QuotaReport:
    """The tiny synthetic province, about half its communities holding 8 active organizations."""
    call_command("seed_scale", preset="tiny")
    policy = QuotaPolicy.objects.unrestricted().create(
        jurisdiction_id=PROVINCE, name="平均数", is_active=False
    )
    QuotaRule.objects.unrestricted().create(
        policy=policy, kind="average_organizations", params={"urban": 8, "rural": 8}, position=1
    )
    report = QuotaReport.objects.unrestricted().create(
        policy=policy, region_id=PROVINCE, as_of=timezone.localdate()
    )
    done = report_run(report_id=report.pk)
    assert done.status == ReportStatus.DONE, done.error
    return done


def test_each_row_holds_the_communities_meeting_every_target_within_it(snapshot):
    rows = list(QuotaReportRow.objects.unrestricted().filter(report=snapshot))
    meeting = [
        row.region_id
        for row in rows
        if row.level == RegionLevel.COMMUNITY
        and row.passed
        and not row.failed
        and all(result["outcome"] != "no_data" for result in row.results.values())
    ]

    assert 0 < len(meeting) < 140
    for row in rows:
        prefix = prefix_of(row.region_id)
        assert row.meeting_all == sum(code.startswith(prefix) for code in meeting), row.region_id
    assert snapshot.summary["communities_meeting_all"] == len(meeting)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's query plans")
def test_a_regions_children_are_read_by_index(snapshot):
    children = QuotaReportRow.objects.unrestricted().filter(report=snapshot, parent_code="980101001000")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE assessment_quotareportrow")
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = children.order_by("region_id").explain()
        furthest = (
            QuotaReportRow.objects.unrestricted()
            .filter(report=snapshot, level=RegionLevel.STREET, shortfall__gt=0)
            .filter(region__code__startswith="9801")
            .order_by("-shortfall", "region_id")[:5]
            .explain()
        )

    assert "quota_row_report_parent" in plan
    assert "quota_row_report_level" in furthest
