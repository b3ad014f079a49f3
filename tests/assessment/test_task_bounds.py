"""Tasks are bounded and never lost: a pool child killed mid-task gives its message back, a dead
worker's message returns within a bounded time, every task has time limits, and a report whose
run is known dead can be asked for again at once."""

from __future__ import annotations

import datetime

from celery.exceptions import SoftTimeLimitExceeded
from django.utils import timezone
from django_celery_results.models import TaskResult

from assessment.choices import ReportStatus
from assessment.models import QuotaReport
from assessment.services import reports as report_services
from config.celery_app import app
from tests.assessment.conftest import run_report


def test_the_worker_settings_bound_every_task_and_bring_back_lost_messages() -> None:
    conf = app.conf
    assert conf.task_acks_late and conf.task_reject_on_worker_lost
    assert 0 < conf.task_soft_time_limit < conf.task_time_limit
    # A message is handed out again only once no worker can still be running it.
    assert conf.broker_transport_options["visibility_timeout"] > conf.task_time_limit
    for name, task in app.tasks.items():
        if not name.startswith("celery."):
            assert task.time_limit or conf.task_time_limit, name
            assert task.soft_time_limit or conf.task_soft_time_limit, name


def stuck(report: QuotaReport, *, since: datetime.timedelta, task_state: str | None = None) -> None:
    started = timezone.now() - since
    task_id = ""
    if task_state:
        task_id = f"dead-{report.pk}"
        TaskResult.objects.create(task_id=task_id, status=task_state)
    QuotaReport.objects.unrestricted().filter(pk=report.pk).update(
        status=ReportStatus.RUNNING, requested_at=started, started_at=started, task_id=task_id
    )


def test_a_run_still_within_its_bounds_is_not_queued_twice(
    city_report: QuotaReport, city_policy, tree, django_capture_on_commit_callbacks
) -> None:
    stuck(city_report, since=datetime.timedelta(minutes=5))
    again = run_report(django_capture_on_commit_callbacks, city_policy, tree.city)
    assert again.status == ReportStatus.RUNNING


def test_a_run_older_than_the_visibility_timeout_and_time_limit_is_run_again(
    city_report: QuotaReport, city_policy, tree, django_capture_on_commit_callbacks
) -> None:
    stuck(city_report, since=report_services.stale_after() + datetime.timedelta(seconds=1))
    again = run_report(django_capture_on_commit_callbacks, city_policy, tree.city)
    assert again.status == ReportStatus.DONE and again.row_count > 0


def test_a_run_whose_task_is_known_dead_is_run_again_at_once(
    city_report: QuotaReport, city_policy, tree, django_capture_on_commit_callbacks
) -> None:
    stuck(city_report, since=datetime.timedelta(minutes=1), task_state="FAILURE")
    again = run_report(django_capture_on_commit_callbacks, city_policy, tree.city)
    assert again.status == ReportStatus.DONE
    assert again.task_id != f"dead-{city_report.pk}"  # the new task's id, not the dead one's


def test_a_run_stopped_at_its_time_limit_says_so_in_chinese(
    city_report: QuotaReport, city_policy, tree, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    def too_slow(*args, **kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(report_services, "evaluate", too_slow)
    stuck(city_report, since=report_services.stale_after() * 2)
    report = run_report(django_capture_on_commit_callbacks, city_policy, tree.city)
    assert report.status == ReportStatus.FAILED
    assert report.stage == "计算超时" and "时限" in report.error
