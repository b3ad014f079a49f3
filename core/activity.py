"""Signs of life of organizations, provided by the apps that record them, read by the dormancy scan.

The street's nightly scan for dormant organizations (僵尸型, filing) asks whether an organization did
anything in the last year and whether it reported its work in the last two. What counts lives in
other apps — work reports, service projects, trainings attended (assessment), tenancies — which the
scan must not import: each app registers a provider from its ``AppConfig.ready()``.

A provider answers, for a window ``[since, until)``, a queryset of the ids of the organizations that
showed activity in it (``values("organization_id")``), which the scan uses as a subquery: one query
whatever the number of organizations. Sources registered ``work_report=True`` are the organizations'
reports to their community (工作报告) and also decide the "no work report" reason.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

Provider = Callable[[datetime.datetime, datetime.datetime], QuerySet[Any]]


@dataclass(frozen=True)
class ActivitySource:
    name: str
    label: str  # what the activity is, e.g. "服务项目"
    provider: Provider
    work_report: bool = False


_sources: dict[str, ActivitySource] = {}


def register_activity(name: str, label: str, provider: Provider, *, work_report: bool = False) -> None:
    _sources[name] = ActivitySource(name, label, provider, work_report)


def unregister_activity(name: str) -> None:
    _sources.pop(name, None)


def activity_sources() -> list[ActivitySource]:
    """Every registered source of activity, work reports included."""
    return list(_sources.values())


def work_report_sources() -> list[ActivitySource]:
    """The sources that are work reports; none registered means the platform records no reports."""
    return [source for source in _sources.values() if source.work_report]
