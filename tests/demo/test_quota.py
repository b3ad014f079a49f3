"""The quota part of ``manage.py seed_demo``: policies, and snapshots that show data and trends."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from assessment.choices import Outcome, ReportStatus, RuleKind
from assessment.models import QuotaPolicy, QuotaReport, QuotaReportRow
from demo.quota import POLICIES, snapshot_dates
from registry.choices import RegionLevel
from tests.demo.conftest import run_seed

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def demo_reports():
    return QuotaReport.objects.unrestricted().filter(policy__jurisdiction__code__startswith="99")


def test_snapshot_dates_are_the_last_eight_quarter_ends_and_today() -> None:
    assert snapshot_dates(datetime.date(2026, 11, 22)) == [
        datetime.date(2024, 12, 31),
        datetime.date(2025, 3, 31),
        datetime.date(2025, 6, 30),
        datetime.date(2025, 9, 30),
        datetime.date(2025, 12, 31),
        datetime.date(2026, 3, 31),
        datetime.date(2026, 6, 30),
        datetime.date(2026, 9, 30),
        datetime.date(2026, 11, 22),
    ]
    assert snapshot_dates(datetime.date(2026, 1, 5))[-2:] == [
        datetime.date(2025, 12, 31),
        datetime.date(2026, 1, 5),
    ]


def test_every_demo_policy_has_a_finished_snapshot_per_date(seeded: str) -> None:
    dates = snapshot_dates(timezone.localdate())

    assert QuotaPolicy.objects.unrestricted().filter(jurisdiction__code__startswith="99").count() == len(
        POLICIES
    )
    for policy in QuotaPolicy.objects.unrestricted().filter(jurisdiction__code__startswith="99"):
        reports = demo_reports().filter(policy=policy).order_by("as_of")
        assert [report.as_of for report in reports] == dates
        assert {report.status for report in reports} == {ReportStatus.DONE}
    assert f"指标报告快照 {len(POLICIES) * len(dates)} 份" in seeded


def test_some_communities_meet_5_plus_x_and_some_do_not(seeded: str) -> None:
    report = demo_reports().get(policy__rules__kind=RuleKind.CATEGORY_COVERAGE, as_of=timezone.localdate())
    outcomes = [
        row.results["r1"]["outcome"]
        for row in QuotaReportRow.objects.unrestricted().filter(report=report, level=RegionLevel.COMMUNITY)
    ]

    assert outcomes.count(Outcome.PASS) >= 10
    assert outcomes.count(Outcome.FAIL) >= 5


def test_earlier_snapshots_count_fewer_organizations(seeded: str) -> None:
    totals = [
        report.summary["organizations"]
        for report in demo_reports().filter(policy__name__contains="统计监测").order_by("as_of")
    ]

    assert totals == sorted(totals)
    assert totals[0] < totals[-1]


def test_seeding_again_replaces_the_snapshots_instead_of_adding_more(seeded: str) -> None:
    before = demo_reports().count()

    run_seed()

    assert demo_reports().count() == before
