"""Admissions racing for the last place of a space: the space's row lock lets exactly as many through
as it holds, and every other admission is refused as full (PostgreSQL; SQLite has no row locks)."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from incubation import services
from incubation.choices import TenancyState
from incubation.models import Tenancy
from tests.conftest import make_organization
from tests.incubation.conftest import TERM, apply_for

APPLICANTS = 8


@pytest.mark.django_db(transaction=True)
def test_concurrent_admissions_never_overfill_a_space(vocabularies, tree, personas, bases):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are exercised on PostgreSQL")
    ids = [
        apply_for(
            bases.street_a, organization=make_organization(tree.community_a, name=f"幸福里社区第{n}队")
        ).pk
        for n in range(APPLICANTS)
    ]
    barrier = threading.Barrier(APPLICANTS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def admit(tenancy_id: int) -> None:
        try:
            barrier.wait()
            services.tenancy_admit(
                actor=personas["operator"],
                tenancy_id=tenancy_id,
                planned_start=TERM[0],
                planned_end=TERM[1],
                space=bases.desks.pk,
            )
            result = "admitted"
        except ValidationError as error:
            result = error.error_dict["space"][0].code
        except Exception as error:  # a deadlock or an overfilled space must show up as an outcome
            result = type(error).__name__
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=admit, args=(pk,)) for pk in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["admitted"] * 2 + ["space_full"] * (APPLICANTS - 2)
    held = Tenancy.objects.unrestricted().filter(space=bases.desks, state=TenancyState.ADMITTED).count()
    assert held == bases.desks.capacity == 2
