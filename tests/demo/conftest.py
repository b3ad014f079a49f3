"""One seed of the whole demo for every demo test.

``seeded`` runs ``manage.py seed_demo`` once, inside a transaction that is never committed, and
hands its output to every test of this package that asks for it. Each test runs in a savepoint of
that transaction, so a test that seeds again or changes a row leaves the shared data as it found
it; once the package's last test has run the whole demo is rolled back, and the tests after it
find the database as ``migrate`` left it. The demo tests are marked ``@pytest.mark.demo`` and run
first, as one block (see ``pytest_collection_modifyitems`` in ``tests/conftest.py``).
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import transaction


def run_seed(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="package")
def seeded(django_db_setup, django_db_blocker) -> Iterator[str]:
    """The output of the one seed shared by the demo tests."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield run_seed()
        transaction.set_rollback(True)
