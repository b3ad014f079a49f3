"""Incubation's measures (see ``core.measures``): bases operating, tenants in incubation and
graduations, each per region code of the base, as of a cutoff, and a column of the quarterly table.

A base's region is a city, a district or a street (its level): a city-level base counts for the city
and nowhere below it, a district's base for the district, a street's for the street and its district.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db.models import Count
from django.utils import timezone

from core.measures import QuarterlyColumn, register_measure

from .choices import STARTED_STATES, TenancyState
from .models import IncubationBase, Tenancy

BASES = "incubation_bases"
TENANTS = "incubation_tenants"
GRADUATIONS = "incubation_graduations"


def _last_day(cutoff: datetime.datetime) -> datetime.date:
    """The report's day: the cutoff is the first moment after it (in the platform's time zone)."""
    return timezone.localtime(cutoff).date() - datetime.timedelta(days=1)


def _per_region(rows: Any, field: str) -> dict[str, int]:
    return {row[field]: row["n"] for row in rows.values(field).annotate(n=Count("pk")).order_by()}


def base_counts(prefix: str, cutoff: datetime.datetime, params: Mapping[str, Any]) -> dict[str, int]:
    """Bases operating on the report's day (approved, opened on or before it, not closed), per region."""
    bases = IncubationBase.objects.unrestricted().filter(region__code__startswith=prefix)
    return _per_region(bases.open_on(_last_day(cutoff)), "region_id")


def tenant_counts(prefix: str, cutoff: datetime.datetime, params: Mapping[str, Any]) -> dict[str, int]:
    """Organizations in incubation on the report's day (moved in, not yet gone), per region of the base."""
    tenancies = Tenancy.objects.unrestricted().filter(
        base__region__code__startswith=prefix, state__in=STARTED_STATES
    )
    return _per_region(tenancies.in_incubation_on(_last_day(cutoff)), "base__region_id")


def graduation_counts(prefix: str, cutoff: datetime.datetime, params: Mapping[str, Any]) -> dict[str, int]:
    """Graduations (出壳) on or before the report's day, per region of the base: a flow column."""
    tenancies = Tenancy.objects.unrestricted().filter(
        base__region__code__startswith=prefix, state=TenancyState.GRADUATED, ended_on__lte=_last_day(cutoff)
    )
    return _per_region(tenancies, "base__region_id")


def register() -> None:
    register_measure(
        BASES,
        base_counts,
        column=QuarterlyColumn(
            "孵化培育",
            "孵化基地",
            "孵化基地：季度末日运营中的孵化基地（已批准设立、已启用、未停止运营），按基地所在区划统计，"
            "市级基地只计入全市合计",
            flow=False,
            order=50,
        ),
    )
    register_measure(
        TENANTS,
        tenant_counts,
        column=QuarterlyColumn(
            "孵化培育",
            "在孵组织",
            "在孵组织：季度末日在孵化基地入驻的组织（已入驻、未出壳或退出），按基地所在区划统计",
            flow=False,
            order=60,
        ),
    )
    register_measure(
        GRADUATIONS,
        graduation_counts,
        column=QuarterlyColumn(
            "孵化培育",
            "出壳组织",
            "出壳组织：本季度内从孵化基地出壳的组织，按基地所在区划统计",
            flow=True,
            order=70,
        ),
    )
