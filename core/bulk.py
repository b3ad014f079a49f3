"""Writing many rows at once: ``COPY`` on PostgreSQL, multi-row inserts on any other database.

For set-based writers (report snapshots, bench data) that bypass the ORM's per-object work. Values
are passed as Python values; ``None`` is NULL, dicts and lists are written as JSON.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence

from django.db import connection

CHUNK = 50_000
NULL = r"\N"  # so that an empty string stays one


def copy_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Write rows into a table in chunks and return how many were written."""
    count = 0
    chunk: list[Sequence[object]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            count += _write(table, columns, chunk)
            chunk = []
    return count + (_write(table, columns, chunk) if chunk else 0)


def _write(table: str, columns: Sequence[str], rows: list[Sequence[object]]) -> int:
    names = ", ".join(f'"{column}"' for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\n")
            writer.writerows([_csv_value(value) for value in row] for row in rows)
            buffer.seek(0)
            copy = f"COPY \"{table}\" ({names}) FROM STDIN WITH (FORMAT csv, NULL '{NULL}')"
            cursor.cursor.copy_expert(copy, buffer)
        else:
            marks = ", ".join(["%s"] * len(columns))
            values = [[_sql_value(value) for value in row] for row in rows]
            cursor.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', values)
    return len(rows)


def _csv_value(value: object) -> object:
    if value is None:
        return NULL
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


def _sql_value(value: object) -> object:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else value


def reclaim(table: str) -> None:
    """Make the space of rows just deleted reusable at once (``VACUUM``), so a table whose rows are
    replaced again and again stays its size instead of growing by every replacement, whether or not
    autovacuum runs, and when. PostgreSQL only, and only outside a transaction (VACUUM cannot run in
    one): a caller inside one leaves it to autovacuum."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute(f'VACUUM "{table}"')
