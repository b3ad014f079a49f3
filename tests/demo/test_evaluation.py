"""The evaluation part of ``manage.py seed_demo``: last year's published rounds everywhere, one round
in progress, reports, projects, trainings and brands — and what the quota snapshots and the dormancy
scan make of them."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.db.models import Q
from django.utils import timezone

from assessment.choices import Outcome, RuleKind
from assessment.evaluation.choices import BrandState, RoundState
from assessment.models import (
    BrandDesignation,
    EvaluationEntry,
    EvaluationRound,
    QuotaReport,
    QuotaReportRow,
    ServiceProject,
    TrainingAttendee,
    WorkReport,
)
from filing.services.dormancy import dormant_organizations
from registry.choices import RegionLevel
from registry.models import Organization
from tests.demo.conftest import run_seed

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

TODAY = timezone.localdate()
IN_CITY = Q(community__code__startswith="9901")


def demo_orgs():
    return Organization.objects.unrestricted().filter(IN_CITY).active()


def test_every_community_with_organizations_has_last_years_published_round(seeded):
    communities = set(demo_orgs().values_list("community_id", flat=True))
    published = EvaluationRound.objects.unrestricted().filter(year=TODAY.year - 1, state=RoundState.PUBLISHED)

    assert set(published.values_list("community_id", flat=True)) == communities
    assert all(r.published_at.date() <= TODAY for r in published)
    (in_progress,) = EvaluationRound.objects.unrestricted().exclude(state=RoundState.PUBLISHED)
    assert (in_progress.community.name, in_progress.year, in_progress.state) == (
        "幸福里社区",
        TODAY.year,
        RoundState.SCORING,
    )
    assert "年度评议：已公布 59 个社区" in seeded


def test_the_grades_are_spread(seeded):
    grades = Counter(EvaluationEntry.objects.unrestricted().published().values_list("grade", flat=True))

    assert set(grades) == {"excellent", "good", "pass", "fail"}
    assert grades["excellent"] + grades["good"] > grades["pass"] + grades["fail"]


def test_some_communities_pass_taicangs_high_quality_rules_and_some_fail(seeded):
    report = QuotaReport.objects.unrestricted().get(
        policy__rules__kind=RuleKind.CATEGORY_COVERAGE,
        as_of=TODAY,
        policy__jurisdiction__code__startswith="99",
    )
    rows = QuotaReportRow.objects.unrestricted().filter(report=report, level=RegionLevel.COMMUNITY)
    keys = {rule["kind"]: rule["key"] for rule in report.rules}

    for kind in (RuleKind.CATEGORY_COVERAGE, RuleKind.AVERAGE_ORGANIZATIONS, RuleKind.ANNUAL_ACTIVITY):
        outcomes = Counter(row.results[keys[kind]]["outcome"] for row in rows)
        assert outcomes[Outcome.PASS] >= 5 and outcomes[Outcome.FAIL] >= 5, (kind, outcomes)
        assert not outcomes[Outcome.NO_DATA]


def test_the_snapshots_before_the_rounds_were_published_count_no_high_quality_organization(seeded):
    reports = QuotaReport.objects.unrestricted().filter(
        policy__rules__kind=RuleKind.CATEGORY_COVERAGE, policy__jurisdiction__code__startswith="99"
    )
    before = reports.filter(as_of__lt=datetime.date(TODAY.year, 2, 1)).order_by("-as_of").first()
    row = QuotaReportRow.objects.unrestricted().get(report=before, region=before.region)
    average = next(rule["key"] for rule in before.rules if rule["kind"] == RuleKind.AVERAGE_ORGANIZATIONS)

    assert row.results[average]["value"] == 0


def test_reports_projects_and_trainings_for_a_year(seeded):
    assert WorkReport.objects.unrestricted().count() > demo_orgs().count()
    assert ServiceProject.objects.unrestricted().count() > demo_orgs().count() // 2
    audiences = set(TrainingAttendee.objects.unrestricted().values_list("audience", flat=True))
    assert {"leader", "core", "civil_affairs", "community_worker"} <= audiences


def test_the_brand_flags_follow_the_designations(seeded):
    active = set(
        BrandDesignation.objects.unrestricted()
        .filter(state=BrandState.ACTIVE)
        .values_list("organization_id", flat=True)
    )

    assert active == set(demo_orgs().filter(is_brand=True).values_list("pk", flat=True))
    assert BrandDesignation.objects.unrestricted().filter(state=BrandState.REVOKED).count() == 1


def test_a_scan_a_year_ahead_flags_only_the_organizations_with_nothing_running(seeded):
    """Before work reports, projects and trainings counted, such a scan flagged every filed and
    community-guided organization (629 of 693)."""
    ahead = TODAY + datetime.timedelta(days=366)
    since = ahead - datetime.timedelta(days=365)

    flagged = dormant_organizations(ahead)

    running = set(
        ServiceProject.objects.unrestricted()
        .filter(ends_on__gte=since)
        .values_list("organization_id", flat=True)
    )
    assert not running & set(flagged)
    assert 0 < len(flagged) < demo_orgs().count() // 5


def test_seeding_again_adds_no_evaluation_records(seeded):
    models = (
        EvaluationRound,
        EvaluationEntry,
        WorkReport,
        ServiceProject,
        TrainingAttendee,
        BrandDesignation,
    )
    before = [model.objects.unrestricted().count() for model in models]

    run_seed()

    assert [model.objects.unrestricted().count() for model in models] == before
