"""Keyset pagination for HTML lists: a page starts after (or ends before) the row a signed cursor
names, so the last page of 400,000 rows costs what the first does, where ``OFFSET`` reads and
drops every row before it.

The list keeps its ordering (any fields, each ascending or descending) with the primary key added
as the tie-breaker; a cursor holds the ordering fields' values of one row. Links: first page, the
page before, the page after, the last page (``?page=last``, the reversed ordering's first page).
A cursor that was tampered with or no longer matches the ordering opens the first page.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core import signing
from django.db.models import Model, Q, QuerySet
from django.http import QueryDict

SALT = "core.keyset"


@dataclass
class KeysetPage:
    object_list: list[Model]
    count: int
    first: bool
    last: bool
    before: str  # cursor of the page's first row, for the page before
    after: str  # cursor of the page's last row, for the page after


def ordering_of(queryset: QuerySet[Any]) -> list[str]:
    """The queryset's ordering with the primary key as the last tie-breaker."""
    fields = list(queryset.query.order_by or queryset.model._meta.ordering)
    names = {field.lstrip("-") for field in fields}
    if "pk" not in names and queryset.model._meta.pk.name not in names:
        fields.append("pk")
    return fields


def _plain(value: Any) -> Any:
    """A value JSON holds exactly: dates and times in full ISO form (microseconds kept)."""
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value) if isinstance(value, Decimal) else value


def cursor_of(row: Model, ordering: list[str]) -> str:
    values = [_plain(getattr(row, field.lstrip("-"))) for field in ordering]
    return signing.dumps({"o": ordering, "v": values}, salt=SALT, compress=True)


def _read(cursor: str, ordering: list[str]) -> list[Any] | None:
    try:
        payload = signing.loads(cursor, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("o") != ordering:
        return None
    values = payload.get("v")
    return values if isinstance(values, list) and len(values) == len(ordering) else None


def beyond(ordering: list[str], values: list[Any], forward: bool) -> Q:
    """Rows strictly after (``forward``) or before the row with these ordering values."""
    condition = Q()
    for depth in range(len(ordering)):
        field = ordering[depth]
        ascending = not field.startswith("-")
        name = field.lstrip("-")
        lookup = "gt" if ascending == forward else "lt"
        step = Q(**{f"{name}__{lookup}": values[depth]})
        equal = Q(**{ordering[i].lstrip("-"): values[i] for i in range(depth)})
        condition = condition | (equal & step) if condition else equal & step
    return condition


def reversed_ordering(ordering: list[str]) -> list[str]:
    return [field[1:] if field.startswith("-") else f"-{field}" for field in ordering]


def keyset_page(queryset: QuerySet[Any], params: QueryDict, size: int) -> KeysetPage:
    """The page the request asks for: ``?after=`` / ``?before=`` a cursor, ``?page=last``, or the first."""
    ordering = ordering_of(queryset)
    after = _read(params.get("after", ""), ordering) if params.get("after") else None
    before = _read(params.get("before", ""), ordering) if params.get("before") else None
    if after is not None:
        rows = list(queryset.filter(beyond(ordering, after, True)).order_by(*ordering)[: size + 1])
        first, last = False, len(rows) <= size
        rows = rows[:size]
    elif before is not None or params.get("page") == "last":
        backwards = queryset.order_by(*reversed_ordering(ordering))
        if before is not None:
            backwards = backwards.filter(beyond(ordering, before, False))
        rows = list(backwards[: size + 1])
        first, last = len(rows) <= size, before is None
        rows = rows[:size][::-1]
    else:
        rows = list(queryset.order_by(*ordering)[: size + 1])
        first, last = True, len(rows) <= size
        rows = rows[:size]
    return KeysetPage(
        object_list=rows,
        count=queryset.count(),
        first=first,
        last=last,
        before=cursor_of(rows[0], ordering) if rows else "",
        after=cursor_of(rows[-1], ordering) if rows else "",
    )
