"""The dormancy scan (僵尸型, filing) reads what this app records through core.activity: work reports,
service projects and trainings are activity, and two years without a work report is a reason of its
own. On organizations like the demo's: on the register for years, their record untouched for long."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from assessment.models import WorkReport
from core import activity
from filing import services as filing
from filing.choices import DormancyReason, DormancyState
from filing.models import DormancyFlag
from registry.models import Organization
from tests.assessment.evaluation.conftest import TODAY, attend, project, submit, training


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def flags() -> dict[int, list[str]]:
    rows = DormancyFlag.objects.unrestricted().filter(state=DormancyState.OPEN)
    return {flag.organization_id: sorted(flag.reasons) for flag in rows}


@pytest.fixture
def long_registered(world):
    """Every organization of the tree on the register for three years, its record untouched for two."""
    Organization.objects.unrestricted().update(created_at=days_ago(3 * 365), updated_at=days_ago(2 * 365))
    return world.orgs


def reported(organization: Organization, user, *, days: int) -> WorkReport:
    report = submit(user, organization)
    WorkReport.objects.unrestricted().filter(pk=report.pk).update(submitted_at=days_ago(days))
    # Reporting touched nothing on the organization's own record.
    Organization.objects.unrestricted().filter(pk=organization.pk).update(updated_at=days_ago(2 * 365))
    return report


def test_reports_projects_and_trainings_are_activity(long_registered, personas, tree):
    orgs = long_registered
    reported(orgs["a_filed"], personas["community_a"], days=90)
    project(orgs["a_guided"], TODAY - datetime.timedelta(days=330), TODAY + datetime.timedelta(days=60))
    attend(training(tree.street_a, TODAY - datetime.timedelta(days=180)), orgs["va_filed"])
    reported(orgs["c_filed"], _committee(tree.village_c), days=540)
    Organization.objects.unrestricted().update(updated_at=days_ago(2 * 365))

    flagged = filing.dormancy_scan()

    # Activity in the last year clears "no activity"; a report in the last two years "no report".
    assert flags() == {
        orgs["a_guided"].pk: [DormancyReason.NO_REPORT],  # its project runs, it never reported
        orgs["va_filed"].pk: [DormancyReason.NO_REPORT],  # its leader trained, it never reported
        orgs["b_filed"].pk: [DormancyReason.NO_ACTIVITY, DormancyReason.NO_REPORT],
        orgs["c_filed"].pk: [DormancyReason.NO_ACTIVITY],  # reported 18 months ago
    }
    assert flagged == 4


def _committee(community):
    from tests.conftest import make_user

    return make_user(f"committee_{community.code}", "community", community)


def test_an_active_organization_is_still_flagged_for_two_years_without_a_report(long_registered, tree):
    orgs = long_registered
    project(orgs["b_filed"], TODAY - datetime.timedelta(days=30), TODAY + datetime.timedelta(days=30))
    Organization.objects.unrestricted().update(updated_at=days_ago(2 * 365))

    filing.dormancy_scan()

    assert flags()[orgs["b_filed"].pk] == [DormancyReason.NO_REPORT]


def test_a_project_still_running_keeps_an_organization_active_a_year_on(long_registered):
    """A scan a year ahead sees the project that runs into its window (but no report in two years)."""
    orgs = long_registered
    year_end = datetime.date(TODAY.year, 12, 31)
    project(
        orgs["a_filed"],
        TODAY - datetime.timedelta(days=60),
        max(year_end, TODAY + datetime.timedelta(days=2)),
    )
    Organization.objects.unrestricted().update(updated_at=days_ago(2 * 365))

    filing.dormancy_scan(today=TODAY + datetime.timedelta(days=366))

    assert flags()[orgs["a_filed"].pk] == [DormancyReason.NO_REPORT]
    assert DormancyReason.NO_ACTIVITY in flags()[orgs["va_filed"].pk]


def test_a_newcomer_is_not_flagged_for_missing_reports(world):
    Organization.objects.unrestricted().update(created_at=days_ago(200), updated_at=days_ago(400))

    filing.dormancy_scan()

    assert set(map(tuple, flags().values())) == {(DormancyReason.NO_ACTIVITY,)}


def test_without_a_source_of_work_reports_the_reason_is_not_computed(long_registered):
    sources = {source.name: source for source in activity.activity_sources()}
    activity.unregister_activity("work_reports")
    try:
        filing.dormancy_scan()
    finally:
        source = sources["work_reports"]
        activity.register_activity(source.name, source.label, source.provider, work_report=source.work_report)

    assert all(reasons == [DormancyReason.NO_ACTIVITY] for reasons in flags().values())
