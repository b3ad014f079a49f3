"""Query expressions the database engines spell differently."""

from __future__ import annotations

from typing import Any

from django.db.models import Aggregate, CharField, F, Model, OuterRef, Subquery, Value


class _JoinAggregate(Aggregate):
    """Texts of a group joined with a separator: ``STRING_AGG`` on PostgreSQL, ``GROUP_CONCAT`` on SQLite."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s)"
    output_field = CharField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra)


class JoinedText(Subquery):
    """The ``text`` of each row of ``model`` pointing at the outer row by ``link``, joined by ``separator``
    into one value of the outer query (the names of an organization's service domains in one cell);
    NULL when there is none."""

    def __init__(self, model: type[Model], link: str, text: str, separator: str) -> None:
        rows = (
            model._default_manager.filter(**{link: OuterRef("pk")})
            .order_by()
            .values(link)
            .annotate(joined=_JoinAggregate(F(text), Value(separator)))
            .values("joined")
        )
        super().__init__(rows, output_field=CharField())
