"""Background work a change leaves behind (a PDF to render, a report to refresh), sent off once the
change has committed, so nobody waits for it.

With a broker the task goes to a worker. Without one (the embedded setup, ``CELERY_TASK_ALWAYS_EAGER``)
the task would run inside the request that caused it; during a request it is therefore held back
and run once the response has been sent (``request_finished``), and outside a request (commands,
the shell, the demo seed) it runs as the transaction commits.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, Protocol

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

_state = threading.local()


class Task(Protocol):
    def delay(self, *args: Any) -> Any: ...


def run_after_commit(task: Task, *args: Any) -> None:
    """Start ``task(*args)`` once the current transaction commits (at once outside one).

    Robust: a broker that cannot be reached is logged, the change stands; whatever the task
    was to produce must be made on demand too (a PDF renders on its first download)."""
    transaction.on_commit(lambda: _dispatch(task, args), robust=True)


def _dispatch(task: Task, args: tuple[Any, ...]) -> None:
    held: list[tuple[Task, tuple[Any, ...]]] | None = getattr(_state, "held", None)
    if held is not None and settings.CELERY_TASK_ALWAYS_EAGER:
        held.append((task, args))
        return
    task.delay(*args)


def run_held_tasks(**kwargs: Any) -> None:
    """``request_finished`` receiver: run the tasks the finished request held back."""
    held: list[tuple[Task, tuple[Any, ...]]] | None = getattr(_state, "held", None)
    _state.held = None
    if not held:
        return
    for task, args in held:
        try:
            task.delay(*args)
        except Exception:
            logger.exception("background task %r%r failed after the response", task, args)


class AfterResponseMiddleware:
    """Holds back eager tasks a request queues until its response has been sent (see above)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        _state.held = []
        return self.get_response(request)
