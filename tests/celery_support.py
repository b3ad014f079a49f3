"""A real Celery worker process for tests that must cross the broker.

The worker runs the test settings against the test database pytest-django created, consumes
one queue of its own, and is stopped when the session ends. Tests using it need
``@pytest.mark.django_db(transaction=True)``: the worker is another process and sees only
committed rows.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from kombu import Exchange, Queue

START_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0
PROJECT_DIR = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class WorkerProcess:
    queue: str
    node_name: str
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def database_url(settings_dict: dict) -> str:
    """The URL of the database a connection's settings point at (PostgreSQL only)."""
    user = quote(settings_dict.get("USER") or "", safe="")
    password = settings_dict.get("PASSWORD") or ""
    credentials = f"{user}:{quote(password, safe='')}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or ""  # empty: the local socket, as for the test process
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{credentials}{host}{port}/{quote(settings_dict['NAME'], safe='')}"


def _wait_until_ready(worker: WorkerProcess) -> None:
    from config.celery_app import app

    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if worker.process.poll() is not None:
            pytest.fail(f"Celery worker exited with {worker.process.returncode}:\n{worker.log()}")
        if app.control.ping(destination=[worker.node_name], timeout=0.5):
            return
        time.sleep(0.2)
    pytest.fail(
        f"Celery worker {worker.node_name} did not answer within {START_TIMEOUT:g} s:\n{worker.log()}"
    )


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        kill_group(process)


def kill_group(process: subprocess.Popen) -> None:
    """``kill -9`` of a worker and every process it started (its pool children)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=STOP_TIMEOUT)


def delete_queue(queue: str) -> None:
    """Remove a test queue, its bindings and any message left in it from the broker."""
    from config.celery_app import app

    with app.connection_for_write() as conn:
        bound = Queue(queue, Exchange(queue), routing_key=queue)(conn.default_channel)
        bound.declare()
        bound.delete()


def skip_without_broker() -> None:
    if not settings.CELERY_BROKER_URL:
        pytest.skip("no Celery broker configured")
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        pytest.skip("the worker process cannot share a SQLite test database")


def start_worker(queue: str, *, pool: str = "solo", env: dict[str, str] | None = None) -> WorkerProcess:
    """Start ``celery worker`` on ``queue`` against the test database, in a process group of its own
    (so that the whole worker, pool children included, can be killed at once); return it once it
    answers pings."""
    from django.db import connection

    node_name = f"test-worker-{uuid.uuid4().hex[:12]}@{socket.gethostname()}"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url(connection.settings_dict),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        **(env or {}),
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        f"--pool={pool}",
        "--concurrency=1",
        "--without-heartbeat",
        "--without-gossip",
        "--without-mingle",
        "-Q",
        queue,
        "-n",
        node_name,
        "-l",
        "warning",
    ]
    log_file = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed by stop_worker, after the worker stops
        prefix="celery-worker-", suffix=".log", delete=False
    )
    process = subprocess.Popen(
        command,
        cwd=PROJECT_DIR,
        env=environment,
        stdin=subprocess.DEVNULL,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    log_file.close()
    worker = WorkerProcess(queue=queue, node_name=node_name, process=process, log_path=Path(log_file.name))
    try:
        _wait_until_ready(worker)
    except BaseException:
        stop_worker(worker)
        raise
    return worker


def stop_worker(worker: WorkerProcess, *, keep_log: bool = False) -> None:
    _stop(worker.process)
    if not keep_log:
        worker.log_path.unlink(missing_ok=True)


@pytest.fixture(scope="session")
def celery_worker_process(request: pytest.FixtureRequest) -> Iterator[WorkerProcess]:
    """A worker on a queue of its own for the whole session; yielded once it answers pings."""
    skip_without_broker()
    request.getfixturevalue("django_db_setup")
    queue = f"test-{uuid.uuid4().hex[:12]}"
    worker = start_worker(queue)
    try:
        yield worker
    finally:
        stop_worker(worker)
        delete_queue(queue)
