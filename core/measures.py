"""Measures: figures per region that the app holding the data provides, and others read by name.

Quota reports and the quarterly statistics table count what several apps record — social-work talent,
federations, filings, incubation bases, evaluation grades, trainings — without importing those apps:
each app registers a provider from its ``AppConfig.ready()``. A provider answers, for a jurisdiction's
code prefix and a cutoff moment, a count per region code (a community's, a street's …) as of that
moment; some take parameters (a rule's "projects per organization").

A measure may also name the column it fills in the quarterly statistics table. A *stock* shows its
count at the quarter's end (bases open); a *flow* the growth over the quarter, the difference of its
cumulative count at the two ends (trainings attended, filings approved).

Until an app registers a measure, readers report "no data" with their own reason, never a made-up 0.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, Model, OuterRef, Q, QuerySet

Provider = Callable[[str, datetime.datetime, Mapping[str, Any]], dict[str, int]]


@dataclass(frozen=True)
class QuarterlyColumn:
    group: str  # the column group of the table, e.g. "本季度办理"
    label: str
    definition: str  # the note printed under the table
    flow: bool  # the quarter's growth rather than the count at its end
    order: int  # columns of measures follow the table's own, in this order


@dataclass(frozen=True)
class Measure:
    name: str
    provider: Provider
    column: QuarterlyColumn | None = None


_measures: dict[str, Measure] = {}


def register_measure(name: str, provider: Provider, *, column: QuarterlyColumn | None = None) -> None:
    _measures[name] = Measure(name, provider, column)


def unregister_measure(name: str) -> None:
    _measures.pop(name, None)


def registered_measure(name: str) -> Measure | None:
    return _measures.get(name)


def is_available(name: str) -> bool:
    return name in _measures


def count_by_region(
    name: str, prefix: str, cutoff: datetime.datetime, params: Mapping[str, Any] | None = None
) -> dict[str, int]:
    return _measures[name].provider(prefix, cutoff, params or {})


def quarterly_measures() -> list[Measure]:
    """The registered measures that fill a column of the quarterly statistics table, in order."""
    shown = [measure for measure in _measures.values() if measure.column is not None]
    return sorted(shown, key=lambda measure: measure.column.order)  # type: ignore[union-attr]


def versions_as_of(model: type[Model], cutoff: datetime.datetime) -> QuerySet[Any]:
    """Each object's last recorded version before the cutoff (objects deleted by then left out), from
    a model's history (django-simple-history); an internal read, for providers.

    A version is the last if no version of the same object recorded before the cutoff comes after
    it: an anti-join the database runs as one hash join however many objects there are, and which
    callers narrow further (to a jurisdiction, to active rows)."""
    versions = model.history.model.objects.unrestricted()  # type: ignore[attr-defined]
    later = versions.filter(id=OuterRef("id"), history_date__lt=cutoff).filter(
        Q(history_date__gt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__gt=OuterRef("history_id"))
    )
    return versions.filter(history_date__lt=cutoff).exclude(history_type="-").filter(~Exists(later))
