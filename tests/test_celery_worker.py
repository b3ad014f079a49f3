"""Celery across process boundaries: a real worker, a real broker, the same database.

With a broker configured (CI: Redis and PostgreSQL) the worker tests start ``celery worker`` in a
subprocess; in the embedded default (SQLite, eager tasks) they are skipped and ``check_worker``
is exercised in its in-process mode instead.
"""

from __future__ import annotations

import os
import socket
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from registry.choices import RegionLevel
from registry.models import Region
from registry.tasks import worker_status
from tests.celery_support import delete_queue

BROKER = bool(settings.CELERY_BROKER_URL)


def create_regions() -> list[Region]:
    city = Region.objects.create(code="990100000000", name="清河市", level=RegionLevel.CITY)
    return [
        city,
        Region.objects.create(code="990101000000", name="临江区", level=RegionLevel.DISTRICT, parent=city),
        Region.objects.create(code="990102000000", name="青山区", level=RegionLevel.DISTRICT, parent=city),
    ]


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_it_runs_a_task_in_a_real_worker_process(celery_worker_process) -> None:
    worker = celery_worker_process
    before = Region.objects.unrestricted().count()
    created = create_regions()

    status = worker_status.apply_async(queue=worker.queue).get(timeout=30)

    assert status["worker"] == worker.node_name
    assert status["worker"] != socket.gethostname()
    assert worker.process.pid != os.getpid()
    assert status["database"] == "postgresql"
    assert status["regions"] == before + len(created)


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_check_worker_reports_what_the_worker_sees(request: pytest.FixtureRequest) -> None:
    """Through a real worker when a broker is configured, in-process (eager) otherwise."""
    worker = request.getfixturevalue("celery_worker_process") if BROKER else None
    regions = len(create_regions())
    out = StringIO()

    call_command("check_worker", "--timeout=30", *([f"--queue={worker.queue}"] if worker else []), stdout=out)

    output = out.getvalue()
    assert f"区划 {regions} 个，组织 0 个" in output
    if worker:
        assert f"Celery 工作进程正常：主机 {worker.node_name}，数据库 postgresql" in output
        assert "本进程" not in output
    else:
        assert "未配置消息代理" in output
        assert "Celery 任务在本进程内执行正常" in output


@pytest.mark.skipif(not BROKER, reason="no Celery broker configured")
@pytest.mark.django_db
def test_check_worker_fails_in_chinese_when_no_worker_answers() -> None:
    queue = "test-nobody-listens"
    try:
        with pytest.raises(CommandError, match="1 秒内没有 Celery 工作进程响应（队列 test-nobody-listens）"):
            call_command("check_worker", "--timeout=1", f"--queue={queue}")
    finally:
        delete_queue(queue)
