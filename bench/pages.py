"""What the page benchmarks share: their options, the province they read, a signed-in test client
and a count of the queries one request makes."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import warnings
from collections.abc import Callable


def options(doc: str, argv: list[str] | None, repeat: int) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--communities", type=int, default=23_800)
    parser.add_argument("--orgs", type=int, default=380_800)
    parser.add_argument("--repeat", type=int, default=repeat)
    return parser.parse_args(argv)


def prepare(args: argparse.Namespace) -> None:
    """Django set up against a PostgreSQL database holding the synthetic province (seeded if missing)."""
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database dedicated to this benchmark.")
    import django

    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    from bench.quota_report_at_scale import ensure_province

    # The test client's host and its responses' context; already set up when run from the suite.
    with contextlib.suppress(RuntimeError):
        setup_test_environment()
    call_command("migrate", verbosity=0)
    ensure_province(args.communities, args.orgs, reseed=False)


def signed_in(username: str, role: str, region):
    from django.test import Client

    from registry.models import User

    user, _ = User.objects.unrestricted().update_or_create(
        username=username, defaults={"role": role, "region": region}
    )
    client = Client()
    client.force_login(user)
    return client


def queries_of(request: Callable[[], object]) -> tuple[object, int]:
    """A request's response and the number of queries it made."""
    from django.db import connection

    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = request()
    return response, len(queries)
