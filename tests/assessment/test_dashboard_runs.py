"""Quota dashboards: reports run on demand, by whom, and followed while they run."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from assessment import services
from assessment.choices import ReportStatus
from assessment.models import QuotaPolicy, QuotaReport, QuotaRule
from registry.models import User
from tests.assessment.conftest import DASHBOARD, dashboard, login, preset, run_now, run_report
from tests.conftest import Tree


def test_it_offers_a_run_when_there_is_no_snapshot_yet(client, world, city_policy: QuotaPolicy) -> None:
    login(client, "bureau_city")

    response = client.get(DASHBOARD, {"policy": city_policy.pk})

    page = response.content.decode()
    assert "尚未生成指标报告" in page
    assert reverse("quota-run") in page


def test_it_runs_a_policy_now_over_the_users_area(
    client, world, city_policy: QuotaPolicy, tree: Tree, django_capture_on_commit_callbacks
) -> None:
    login(client, "bureau_city")

    response = run_now(client, django_capture_on_commit_callbacks, city_policy)

    report = QuotaReport.objects.unrestricted().get(policy=city_policy)
    assert response.status_code == 302
    assert response["Location"] == f"{DASHBOARD}?report={report.pk}"
    assert (report.region, report.as_of, report.status) == (
        tree.city,
        timezone.localdate(),
        ReportStatus.DONE,
    )
    assert report.row_count == 10
    assert report.requested_by.username == "bureau_city"


def test_it_refreshes_todays_snapshot(
    client, city_report: QuotaReport, django_capture_on_commit_callbacks
) -> None:
    login(client, "bureau_city")

    run_now(client, django_capture_on_commit_callbacks, city_report.policy, report=city_report.pk)

    refreshed = QuotaReport.objects.unrestricted().get(policy=city_report.policy)
    assert refreshed.pk == city_report.pk
    assert refreshed.finished_at > city_report.finished_at
    assert refreshed.requested_by.username == "bureau_city"


def test_it_runs_a_street_snapshot_from_the_city_snapshot(
    client, city_report: QuotaReport, tree: Tree, django_capture_on_commit_callbacks
) -> None:
    login(client, "street_a")

    run_now(client, django_capture_on_commit_callbacks, city_report.policy, report=city_report.pk)

    street = QuotaReport.objects.unrestricted().get(policy=city_report.policy, region=tree.street_a)
    assert street.status == ReportStatus.DONE
    assert client.get(DASHBOARD).context["report"] == street


@pytest.mark.parametrize("username", ["community_a", "operator"])
def test_it_lets_only_bureau_and_street_staff_run(
    client, username: str, city_report: QuotaReport, django_capture_on_commit_callbacks
) -> None:
    login(client, username)

    response = run_now(client, django_capture_on_commit_callbacks, city_report.policy)

    assert response.status_code == 403
    assert QuotaReport.objects.unrestricted().count() == 1
    assert reverse("quota-run") not in client.get(DASHBOARD, {"report": city_report.pk}).content.decode()


def test_it_runs_a_districts_policy_over_that_district(
    client, world, quota_presets, tree: Tree, personas, django_capture_on_commit_callbacks
) -> None:
    policy = services.policy_copy(
        actor=personas["bureau_district_b"], source=preset("hainan"), jurisdiction=tree.district_b
    )
    login(client, "bureau_city")

    run_now(client, django_capture_on_commit_callbacks, policy)

    assert QuotaReport.objects.unrestricted().get(policy=policy).region == tree.district_b


def test_it_says_why_a_run_cannot_be_requested(
    client, world, quota_presets, admin_user: User, django_capture_on_commit_callbacks
) -> None:
    login(client, "admin")

    response = run_now(client, django_capture_on_commit_callbacks, preset("beijing"))
    page = client.get(response["Location"]).content.decode()

    assert not QuotaReport.objects.unrestricted().exists()
    assert "无法确定评估辖区" in page


def test_it_shows_a_progress_bar_while_a_snapshot_runs(
    client, world, city_policy: QuotaPolicy, tree: Tree
) -> None:
    # Without running the on-commit callbacks the run stays queued.
    report = services.report_request(actor=None, policy=city_policy, region=tree.city)
    login(client, "bureau_city")

    response = dashboard(client, report)

    page = response.content.decode()
    assert 'id="quota-progress"' in page
    assert f'data-status-url="{reverse("quota-report-status", args=[report.pk])}"' in page
    assert "排队等待计算" in page


def test_it_reports_the_status_as_json(client, world, city_policy: QuotaPolicy, tree: Tree) -> None:
    report = services.report_request(actor=None, policy=city_policy, region=tree.city)
    login(client, "street_a")

    response = client.get(reverse("quota-report-status", args=[report.pk]))

    assert response.json() == {
        "status": "pending",
        "status_label": "排队中",
        "progress": 0,
        "stage": "排队等待计算",
        "error": "",
        "finished": False,
    }


def test_it_shows_the_error_of_a_failed_snapshot(
    client, city_report: QuotaReport, city_policy: QuotaPolicy, tree: Tree, django_capture_on_commit_callbacks
) -> None:
    QuotaRule.objects.unrestricted().filter(policy=city_policy).update(params={"urban": "many"})
    failed = run_report(django_capture_on_commit_callbacks, city_policy, tree.city)
    login(client, "bureau_city")

    response = dashboard(client, failed)

    page = response.content.decode()
    assert failed.status == ReportStatus.FAILED
    assert 'id="quota-failed"' in page
    assert "“城市社区目标”应为整数" in page
    # The previous rows are still shown below the alert.
    assert "以下为上次成功计算的结果" in page and "临江区" in page
    status = client.get(reverse("quota-report-status", args=[failed.pk])).json()
    assert status["status"] == "failed" and "应为整数" in status["error"]


def test_it_shows_the_error_of_a_first_run_that_failed(
    client, world, city_policy: QuotaPolicy, tree: Tree, django_capture_on_commit_callbacks
) -> None:
    QuotaRule.objects.unrestricted().filter(policy=city_policy).update(params={"urban": "many"})
    failed = run_report(django_capture_on_commit_callbacks, city_policy, tree.city)
    login(client, "bureau_city")

    response = client.get(DASHBOARD, {"policy": city_policy.pk})

    assert response.context["report"] == failed
    assert "“城市社区目标”应为整数" in response.content.decode()
