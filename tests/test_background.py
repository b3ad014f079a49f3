"""Background work left by a change: with a broker it is sent as the change commits; without one
(tasks run in-process) a request's work waits until its response is out, so nobody waits for it."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from core.background import AfterResponseMiddleware, run_after_commit

pytestmark = pytest.mark.django_db


def recording_task(ran: list) -> SimpleNamespace:
    return SimpleNamespace(delay=lambda *args: ran.append(args))


def test_in_eager_mode_a_request_s_task_runs_after_its_response(settings, django_capture_on_commit_callbacks):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    ran: list = []

    def view(request):
        with django_capture_on_commit_callbacks(execute=True):
            run_after_commit(recording_task(ran), 7)
        return HttpResponse("已准予备案")

    response = AfterResponseMiddleware(view)(RequestFactory().post("/"))

    assert ran == []  # the response is complete, the task has not run
    response.close()  # the server has sent it (request_finished)
    assert ran == [(7,)]
    response.close()
    assert ran == [(7,)]  # once only


def test_with_a_broker_the_task_is_sent_as_the_change_commits(settings, django_capture_on_commit_callbacks):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    ran: list = []

    def view(request):
        with django_capture_on_commit_callbacks(execute=True):
            run_after_commit(recording_task(ran), 7)
        assert ran == [(7,)]
        return HttpResponse()

    AfterResponseMiddleware(view)(RequestFactory().post("/")).close()
    assert ran == [(7,)]


def test_outside_a_request_an_eager_task_runs_at_commit(settings, django_capture_on_commit_callbacks):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    ran: list = []

    with django_capture_on_commit_callbacks(execute=True):
        run_after_commit(recording_task(ran), 7)
        assert ran == []  # not before the commit

    assert ran == [(7,)]


def test_a_failing_task_after_the_response_is_logged_not_raised(
    settings, caplog, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = True

    def view(request):
        with django_capture_on_commit_callbacks(execute=True):
            run_after_commit(SimpleNamespace(delay=lambda: 1 / 0))
        return HttpResponse()

    response = AfterResponseMiddleware(view)(RequestFactory().post("/"))
    response.close()
    assert "failed after the response" in caplog.text
