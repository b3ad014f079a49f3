"""Registry fixtures: ledger checks and imports run in the test process, broker or not."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

import registry.tasks


@pytest.fixture(autouse=True)
def ledgers_run_in_process(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A ledger's check and import execute here when queued, as they would on a worker; with a broker
    configured (CI) nothing else would take them. Tests marked ``celery_worker`` use a real worker."""
    if request.node.get_closest_marker("celery_worker"):
        return
    for name in ("check_ledger", "apply_ledger"):
        task = getattr(registry.tasks, name)

        def apply_async(args, queue=None, task=task):
            return task.apply(args=args)

        monkeypatch.setattr(registry.tasks, name, SimpleNamespace(apply_async=apply_async, name=task.name))
