"""The dashboard benchmark runs (its speed is the benchmark's business, not the suite's)."""

from __future__ import annotations

import pytest
from django.db import connection

from bench import dashboard_at_scale

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="benchmarks run on PostgreSQL"),
]


def test_the_dashboard_benchmark_runs_at_a_tiny_size(capsys):
    dashboard_at_scale.main(["--communities", "140", "--orgs", "1120", "--repeat", "1"])

    lines = capsys.readouterr().out.splitlines()
    rows = {line.split()[0]: line.split() for line in lines if line.split()[:1] in (["province"], ["street"])}
    assert rows["province"][1] == "1" and rows["street"][1] == "70"
