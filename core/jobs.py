"""Background jobs that a page follows with a progress bar (quota reports, ledger imports).

The job's row carries ``status``, ``progress`` (0–100), ``stage`` and ``task_id``; the task writes
its progress with single-row updates outside any transaction, so a page polling the row sees it
move while the work itself is still uncommitted. Tasks receive the row's id only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from celery import Task
from django.db.models import QuerySet
from kombu.exceptions import OperationalError as KombuOperationalError

from .errors import Unavailable

logger = logging.getLogger(__name__)

Progress = Callable[[int, str], None]
QUEUE_DOWN = "任务队列暂不可用，未能开始处理，请稍后重试"


def progress_writer(rows: QuerySet[Any], pk: int) -> Progress:
    """A callable that records how far the job of row ``pk`` has come, and what it is doing."""

    def say(percent: int, stage: str) -> None:
        rows.filter(pk=pk).update(progress=max(0, min(100, percent)), stage=stage[:100])

    return say


def enqueue(
    task: Task, pk: int, *, rows: QuerySet[Any], failed: dict[str, Any], queue: str | None = None
) -> None:
    """Hand job ``pk`` to a worker and keep the task's id on its row. With the broker unreachable the
    row is marked with ``failed`` at once, so nothing waits for a task that does not exist, and the
    caller hears why (``Unavailable``, a 503)."""
    try:
        result = task.apply_async(args=[pk], queue=queue)
    except (KombuOperationalError, OSError) as error:
        logger.warning("%s %s not queued: %s", rows.model.__name__, pk, error)
        rows.filter(pk=pk).update(**failed)
        raise Unavailable(failed.get("error") or QUEUE_DOWN) from None
    rows.filter(pk=pk).update(task_id=result.id or "")
