"""The organization list benchmark runs (its speed is the benchmark's business, not the suite's)."""

from __future__ import annotations

import pytest
from django.db import connection

from bench import organization_list_at_scale

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="benchmarks run on PostgreSQL"),
]


def test_the_list_benchmark_runs_at_a_tiny_size(capsys):
    organization_list_at_scale.main(["--communities", "140", "--orgs", "1120", "--repeat", "1"])

    lines = [line for line in capsys.readouterr().out.splitlines() if line.endswith("×")]
    queries = {line.split()[-3] for line in lines}
    assert len(lines) == 6 and len(queries) == 1  # every page: the same number of queries
