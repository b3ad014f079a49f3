"""The measures this package provides (``core.measures``): high-quality organizations, organizations
meeting the annual project-and-training requirement, training person-times, and Party-building
coverage. Each is one grouped query per call, as of a cutoff, for a jurisdiction's code prefix.

Organizations are counted as they were at the cutoff (their last recorded version: status,
community, category, Party building), so a report dated in the past ignores later changes.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.measures import QuarterlyColumn, register_measure, versions_as_of
from registry.choices import CategoryGroup, OrganizationStatus, PartyBuilding
from registry.models import Organization

from ..models import EvaluationEntry, ServiceProject, TrainingAttendee
from ..quota.sources import (
    ANNUAL_ACTIVITY,
    HIGH_QUALITY,
    PARTY_LEADERS,
    PARTY_ORGANIZATIONS,
    TRAINING_ATTENDANCE,
)
from .choices import ORGANIZATION_AUDIENCES, RoundState, grades_at_least
from .rules import current_rules


def as_of_day(cutoff: datetime.datetime) -> datetime.date:
    """The report's day: the cutoff is the first moment after it."""
    return timezone.localtime(cutoff - datetime.timedelta(microseconds=1)).date()


def year_before(day: datetime.date) -> datetime.date:
    """The first day of the twelve months that end on ``day``."""
    try:
        return day.replace(year=day.year - 1) + datetime.timedelta(days=1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28) + datetime.timedelta(days=1)


def active_versions(prefix: str, cutoff: datetime.datetime) -> QuerySet[Any]:
    return versions_as_of(Organization, cutoff).filter(
        community__code__startswith=prefix, status=OrganizationStatus.ACTIVE
    )


def per_community(versions: QuerySet[Any]) -> dict[str, int]:
    rows = versions.values("community_id").annotate(n=Count("history_id")).order_by()
    return {row["community_id"]: row["n"] for row in rows}


# -- high quality ----------------------------------------------------------------------------------


def grade_subquery(cutoff: datetime.datetime) -> Subquery:
    """Each organization's grade in its last round published before the cutoff, counted only if the
    round is of the as-of year or recent enough (``high_quality_years``)."""
    rules = current_rules()
    earliest = as_of_day(cutoff).year - rules.high_quality_years + 1
    latest = (
        EvaluationEntry.objects.unrestricted()
        .filter(
            organization_id=OuterRef("id"),
            round__state=RoundState.PUBLISHED,
            round__published_at__lt=cutoff,
            round__year__gte=earliest,
        )
        .order_by("-round__year", "-round__published_at")
        .values("grade")[:1]
    )
    return Subquery(latest)


def high_quality(prefix: str, cutoff: datetime.datetime, params: Mapping[str, Any]) -> dict[str, int]:
    """Active organizations per community graded 良好 or better (``min_grade``; the rules' default)
    in their last published round: all of them, or those of one ``category``, or of the ``featured``
    categories (5+X counts high-quality organizations per category)."""
    grades = grades_at_least(params.get("min_grade") or current_rules().high_quality_grade)
    versions = active_versions(prefix, cutoff)
    if params.get("category"):
        versions = versions.filter(category__code=params["category"])
    if params.get("featured"):
        versions = versions.filter(category__group=CategoryGroup.FEATURED)
    return per_community(versions.annotate(grade=grade_subquery(cutoff)).filter(grade__in=grades))


# -- projects and trainings --------------------------------------------------------------------------


def _count_of(queryset: QuerySet[Any], expression: Any) -> Coalesce:
    counted = queryset.values("organization_id").annotate(n=expression).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def annual_activity(prefix: str, cutoff: datetime.datetime, params: Mapping[str, Any]) -> dict[str, int]:
    """Active organizations per community that, in the twelve months up to the report's day, carried
    out at least ``projects`` service projects (running at some time in the window) and whose leaders
    and core members attended at least ``trainings`` trainings."""
    day = as_of_day(cutoff)
    start = year_before(day)
    projects = ServiceProject.objects.unrestricted().filter(
        organization_id=OuterRef("id"), starts_on__lte=day, ends_on__gte=start
    )
    trainings = TrainingAttendee.objects.unrestricted().filter(
        organization_id=OuterRef("id"),
        audience__in=ORGANIZATION_AUDIENCES,
        training__held_on__gte=start,
        training__held_on__lte=day,
    )
    versions = active_versions(prefix, cutoff).annotate(
        projects=_count_of(projects, Count("pk")),
        trainings=_count_of(trainings, Count("training", distinct=True)),
    )
    wanted = Q(projects__gte=params.get("projects", 1), trainings__gte=params.get("trainings", 1))
    return per_community(versions.filter(wanted))


def training_attendance(prefix: str, cutoff: datetime.datetime, params: Mapping[str, Any]) -> dict[str, int]:
    """Person-times (人次) of the trainings held up to the report's day, by where each attendee works
    (a community, or a street for its civil-affairs assistants): a cumulative count."""
    rows = (
        TrainingAttendee.objects.unrestricted()
        .filter(region__code__startswith=prefix, training__held_on__lte=as_of_day(cutoff))
        .values("region_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["region_id"]: row["n"] for row in rows}


# -- Party building -----------------------------------------------------------------------------------


def party_organizations(prefix: str, cutoff: datetime.datetime, params: Mapping[str, Any]) -> dict[str, int]:
    """Active organizations per community with an independent Party organization or a joint branch."""
    covered = (PartyBuilding.INDEPENDENT, PartyBuilding.JOINT)
    return per_community(active_versions(prefix, cutoff).filter(party_building__in=covered))


def party_leaders(prefix: str, cutoff: datetime.datetime, params: Mapping[str, Any]) -> dict[str, int]:
    """Active organizations per community whose leader is a member of the Party."""
    return per_community(active_versions(prefix, cutoff).filter(leader_party_member=True))


def register() -> None:
    register_measure(HIGH_QUALITY, high_quality)
    register_measure(ANNUAL_ACTIVITY, annual_activity)
    register_measure(
        TRAINING_ATTENDANCE,
        training_attendance,
        column=QuarterlyColumn(
            "能力培训",
            "人次",
            "能力培训人次：本季度内举办的能力培训的参训人次（社区社会组织负责人及骨干、街道民政助理、"
            "社区工作者、社区社会工作者、志愿者等），按参训人员所在区划统计",
            flow=True,
            order=40,
        ),
    )
    register_measure(
        PARTY_ORGANIZATIONS,
        party_organizations,
        column=QuarterlyColumn(
            "党建覆盖",
            "建立党组织",
            "建立党组织：季度末在册组织中建立独立党组织或联合党支部的组织",
            flow=False,
            order=50,
        ),
    )
    register_measure(
        PARTY_LEADERS,
        party_leaders,
        column=QuarterlyColumn(
            "党建覆盖",
            "党员负责人",
            "党员负责人：季度末在册组织中负责人为中共党员的组织",
            flow=False,
            order=51,
        ),
    )
