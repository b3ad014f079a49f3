"""With the task queue unreachable, asking for a report answers 503 in Chinese, and nothing is left
"pending" for a task that does not exist: the report can be asked for again at once.

Transactional tests: the request commits as it would in production, so the hand-off to the queue,
which waits for the commit, happens inside the request."""

from __future__ import annotations

from types import SimpleNamespace

from django.urls import reverse
from kombu.exceptions import OperationalError

import assessment.tasks
from assessment.choices import ReportStatus
from assessment.models import QuotaReport
from assessment.services.reports import QUEUE_DOWN
from tests.assessment.conftest import login

TASK = assessment.tasks.run_quota_report


def take_broker_down(monkeypatch) -> None:
    # Called in the test itself, after the fixtures that run reports in process have set up theirs.
    def refuse(args, queue=None):
        raise OperationalError("Error 111 connecting to 127.0.0.1:1. Connection refused.")

    monkeypatch.setattr(assessment.tasks, "run_quota_report", SimpleNamespace(apply_async=refuse))


def test_the_api_answers_503_and_leaves_the_report_failed_not_pending(
    transactional_db, vocabularies, api, city_policy, tree, monkeypatch
):
    take_broker_down(monkeypatch)
    response = api("bureau_city").post("/api/v1/quota-reports/", {"policy": city_policy.pk}, format="json")
    assert response.status_code == 503
    assert response.json() == {"code": "service_unavailable", "message": QUEUE_DOWN}
    report = QuotaReport.objects.unrestricted().get(policy=city_policy)
    assert (report.status, report.error) == (ReportStatus.FAILED, QUEUE_DOWN)


def test_the_run_button_says_so_and_a_second_press_queues_a_run(
    transactional_db, vocabularies, client, city_policy, tree, monkeypatch
):
    take_broker_down(monkeypatch)
    login(client, "bureau_city")
    response = client.post(reverse("quota-run"), {"policy": city_policy.pk})
    assert QUEUE_DOWN in client.get(response["Location"]).content.decode()
    monkeypatch.undo()  # the broker is back (and reports run in process again, as in the other tests)
    monkeypatch.setattr(
        assessment.tasks,
        "run_quota_report",
        SimpleNamespace(apply_async=lambda args, queue=None: TASK.apply(args)),
    )
    client.post(reverse("quota-run"), {"policy": city_policy.pk})
    report = QuotaReport.objects.unrestricted().get(policy=city_policy)
    assert report.status == ReportStatus.DONE and report.row_count > 0
