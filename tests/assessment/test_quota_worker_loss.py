"""A worker killed mid-report does not lose the report, nor leave half a snapshot.

``kill -9`` of the pool child (what the kernel's OOM killer does) puts the message back at once
(``task_reject_on_worker_lost`` with ``acks_late``); ``kill -9`` of the whole worker leaves the message
with the broker, which hands it to the next worker after the visibility timeout. Either way the run
is done again from the start and ends with exactly one complete snapshot, identical to a clean run.

"Mid-report" is made exact, not timed: while the test holds a lock on the snapshot rows' table, a run
computes everything and then waits inside its last step, the swap of rows, with the report's row
locked. The worker is killed there. Real broker and PostgreSQL only (skipped on SQLite / eager).
"""

from __future__ import annotations

import os
import signal
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connections

from assessment.choices import ReportStatus
from assessment.models import QuotaPolicy, QuotaReport, QuotaReportRow
from assessment.services import report_request
from assessment.services.reports import report_run
from tests.assessment.conftest import preset
from tests.celery_support import (
    WorkerProcess,
    delete_queue,
    kill_group,
    skip_without_broker,
    start_worker,
    stop_worker,
)
from tests.conftest import Tree, make_organization

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

VISIBILITY_SECONDS = 6
WORKER_ENV = {"CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_SECONDS), "CELERY_TASK_SOFT_TIME_LIMIT": "120"}
WAIT_SECONDS = 150  # generous: a loaded CI machine starts workers slowly
ROW_FIELDS = (
    "region_id",
    "level",
    "parent_code",
    "urban_rural",
    "organizations",
    "passed",
    "failed",
    "shortfall",
    "results",
    "counts",
)


@pytest.fixture
def queue() -> Iterator[str]:
    skip_without_broker()
    name = f"test-loss-{uuid.uuid4().hex[:12]}"
    yield name
    delete_queue(name)


@pytest.fixture
def policy(vocabularies, quota_presets, tree: Tree, settings, queue: str) -> QuotaPolicy:
    settings.QUOTA_REPORT_QUEUE = queue
    for community in (tree.community_a, tree.village_a, tree.community_b, tree.village_c):
        make_organization(community)
    return preset("taicang")


class RowsHeld:
    """A second connection holding the snapshot rows' table: reads go on, writes to it wait."""

    def __init__(self) -> None:
        self.connection = connections.create_connection("default")

    def __enter__(self) -> RowsHeld:
        with self.connection.cursor() as cursor:
            cursor.execute("BEGIN")
            cursor.execute(f"LOCK TABLE {QuotaReportRow._meta.db_table} IN EXCLUSIVE MODE")
        return self

    def waiting(self) -> int:
        """Sessions of the test database waiting for a lock (a run stopped at the swap, or behind it)."""
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # else read once per transaction
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            return cursor.fetchone()[0]

    def wait_for(self, sessions: int, worker: WorkerProcess) -> None:
        eventually(lambda: self.waiting() >= sessions, worker, f"{sessions} session(s) waiting at the swap")

    def __exit__(self, *exc: object) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute("ROLLBACK")
        self.connection.close()


def eventually(condition, worker: WorkerProcess, what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    reports = list(QuotaReport.objects.unrestricted().values("status", "stage", "error", "task_id"))
    pytest.fail(f"not reached within {WAIT_SECONDS} s: {what}; {reports}\n{worker.log()[-3000:]}")


def pool_children(pid: int) -> set[int]:
    children = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended while we looked
        if int(fields[1]) == pid:
            children.add(int(stat.parent.name))
    return children


def report_of(report_id: int) -> QuotaReport:
    return QuotaReport.objects.unrestricted().get(pk=report_id)


def snapshot(report_id: int) -> list[tuple]:
    rows = QuotaReportRow.objects.unrestricted().filter(report_id=report_id).order_by("region_id")
    return list(rows.values_list(*ROW_FIELDS))


def assert_one_clean_snapshot(report_id: int, tree: Tree) -> None:
    report = report_of(report_id)
    assert report.status == ReportStatus.DONE, report.error
    assert QuotaReport.objects.unrestricted().count() == 1
    survived = snapshot(report_id)
    assert len(survived) == report.row_count == 10  # the city, 2 districts, 3 streets, 4 communities
    assert {row[0] for row in survived} == {region.code for region in vars(tree).values()}
    summary = report.summary
    assert report_run(report_id=report_id).status == ReportStatus.DONE  # a clean run, in this process
    assert snapshot(report_id) == survived
    assert report_of(report_id).summary == summary


def test_a_killed_pool_child_gives_the_report_back_and_it_completes_once(policy, tree, queue):
    worker = start_worker(queue, pool="prefork", env=WORKER_ENV)
    try:
        with RowsHeld() as held:
            report = report_request(actor=None, policy=policy, region=tree.city)
            held.wait_for(1, worker)
            assert report_of(report.pk).stage == "保存结果"
            (child,) = pool_children(worker.process.pid)
            os.kill(child, signal.SIGKILL)
            # The message is back at once: a new child takes it and runs the report from the start,
            # until it too waits (behind the dead child's session, which ends with the lock).
            eventually(lambda: pool_children(worker.process.pid) - {child}, worker, "a new pool child")
            held.wait_for(2, worker)
        eventually(lambda: report_of(report.pk).status == ReportStatus.DONE, worker, "the report done")
        assert worker.process.poll() is None  # the worker itself lived on
    finally:
        stop_worker(worker)
    assert_one_clean_snapshot(report.pk, tree)


def test_a_killed_worker_leaves_the_report_to_the_next_worker_and_it_completes_once(policy, tree, queue):
    worker = start_worker(queue, pool="prefork", env=WORKER_ENV)
    try:
        with RowsHeld() as held:
            report = report_request(actor=None, policy=policy, region=tree.city)
            held.wait_for(1, worker)
            killed_at = time.monotonic()
            kill_group(worker.process)
    finally:
        stop_worker(worker)
    assert report_of(report.pk).status == ReportStatus.RUNNING  # nothing of the dead run was saved

    restarted = start_worker(queue, pool="prefork", env=WORKER_ENV)
    try:
        eventually(lambda: report_of(report.pk).status == ReportStatus.DONE, restarted, "the report done")
        # Handed over only once the visibility timeout had passed, and then not again.
        assert time.monotonic() - killed_at >= VISIBILITY_SECONDS
        finished_at = report_of(report.pk).finished_at
        time.sleep(VISIBILITY_SECONDS + 2)
        assert report_of(report.pk).finished_at == finished_at
    finally:
        stop_worker(restarted)
    assert_one_clean_snapshot(report.pk, tree)
