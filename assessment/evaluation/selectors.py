"""Reads of work reports, rounds, brands, projects and trainings, always for a user (their scope), each
a constant number of queries whatever the number of rows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from registry.models import Organization, User

from ..models import (
    BrandDesignation,
    EvaluationEntry,
    EvaluationRound,
    ServiceProject,
    TrainingAttendee,
    WorkReport,
)
from . import rubric
from .choices import GRADE_ORDER, Grade, grades_at_least
from .periods import ReportPeriod, last_ended
from .rules import current_rules

# -- work reports -------------------------------------------------------------------------------------


def expected_period(today: datetime.date | None = None) -> ReportPeriod:
    """The period a report is now expected for: the last one that has ended."""
    return last_ended(current_rules().report_period, today or timezone.localdate())


def is_overdue(period: ReportPeriod, today: datetime.date | None = None) -> bool:
    grace = datetime.timedelta(days=current_rules().report_grace_days)
    return (today or timezone.localdate()) > period.end + grace


def _reported(user: User, period: ReportPeriod) -> Exists:
    return Exists(
        WorkReport.objects.for_user(user).filter(
            organization=OuterRef("pk"), year=period.year, period_kind=period.kind, period_index=period.index
        )
    )


def unreported_organizations(user: User, period: ReportPeriod) -> QuerySet[Organization]:
    """Active organizations of the user's jurisdiction with no report for the period."""
    return (
        Organization.objects.for_user(user)
        .active()
        .exclude(_reported(user, period))
        .select_related("community__parent", "category")
        .order_by("community_id", "name_pinyin")
    )


@dataclass(frozen=True)
class ReportingStatus:
    period: ReportPeriod
    organizations: int
    reported: int
    overdue: bool

    @property
    def missing(self) -> int:
        return self.organizations - self.reported


def reporting_status(user: User, period: ReportPeriod | None = None) -> ReportingStatus:
    """How many active organizations of the user's jurisdiction reported for the period: one query."""
    period = period or expected_period()
    counts = (
        Organization.objects.for_user(user)
        .active()
        .annotate(has_report=_reported(user, period))
        .aggregate(total=Count("pk"), reported=Count("pk", filter=Q(has_report=True)))
    )
    return ReportingStatus(period, counts["total"], counts["reported"], is_overdue(period))


# -- rounds and grades --------------------------------------------------------------------------------


def rounds_for(user: User) -> QuerySet[EvaluationRound]:
    return (
        EvaluationRound.objects.for_user(user)
        .select_related("community__parent")
        .annotate(organizations=Count("entries"))
        .order_by("-year", "community_id")
    )


@dataclass
class EntryRow:
    """An organization's line in a round as pages show it: stored results once submitted, the
    running computation before."""

    entry: EvaluationEntry
    scores: list[Decimal | None]
    final: Decimal | None
    grade: str
    vote_rate: Decimal | None


def entry_rows(evaluation_round: EvaluationRound, entries: list[EvaluationEntry]) -> list[EntryRow]:
    """Each entry with its indicator scores in the rubric's order; no query."""
    indicators = rubric.indicators_of(evaluation_round.indicators)
    thresholds = rubric.thresholds_of(evaluation_round.thresholds)
    rows = []
    for entry in entries:
        votes = rubric.Votes(entry.votes_satisfied, entry.votes_basic, entry.votes_unsatisfied)
        used = rubric.indicator_scores(indicators, entry.scores, votes, evaluation_round.vote_values)
        final = entry.final_score if entry.final_score is not None else rubric.final_score(indicators, used)
        grade = entry.grade or (rubric.grade_of(final, thresholds).value if final is not None else "")
        rate = rubric.vote_score(votes, evaluation_round.vote_values)
        rows.append(
            EntryRow(
                entry,
                [used[i.code] for i in indicators],
                final,
                grade,
                rubric.rounded(rate) if rate else rate,
            )
        )
    return rows


def round_entries(evaluation_round: EvaluationRound, user: User) -> list[EvaluationEntry]:
    return list(
        EvaluationEntry.objects.for_user(user)
        .filter(round=evaluation_round)
        .select_related("organization__category")
        .order_by(F("rank").asc(nulls_last=True), "organization__name_pinyin", "pk")
    )


def grade_counts(rows: list[EntryRow]) -> list[tuple[str, str, int]]:
    """How many organizations of a round have each grade (of those with a final score)."""
    counted = {grade: 0 for grade in GRADE_ORDER}
    for row in rows:
        if row.grade:
            counted[row.grade] += 1
    return [(grade, Grade(grade).label, counted[grade]) for grade in GRADE_ORDER]


def published_grades(user: User, organization: Organization) -> list[EvaluationEntry]:
    """An organization's published results, newest year first."""
    return list(
        EvaluationEntry.objects.for_user(user)
        .published()
        .filter(organization=organization)
        .select_related("round")
        .order_by("-round__year")
    )


def is_high_quality(grades: list[EvaluationEntry], day: datetime.date | None = None) -> bool:
    """High quality (较高质量) on a day: its last round published by then, recent enough, graded
    良好 or better (the rules' grade); ``grades`` newest year first."""
    rules = current_rules()
    day = day or timezone.localdate()
    earliest = day.year - rules.high_quality_years + 1
    for entry in grades:
        published = entry.round.published_at
        if published is not None and timezone.localtime(published).date() <= day:
            return entry.round.year >= earliest and entry.grade in grades_at_least(rules.high_quality_grade)
    return False


# -- an organization's record ---------------------------------------------------------------------------


def organization_record(user: User, organization: Organization) -> dict[str, Any]:
    """What the organization's page shows of this package: grades per year, brand designations,
    recent projects, trainings attended and work reports. Five queries."""
    grades = published_grades(user, organization)
    return {
        "grades": grades,
        "high_quality": is_high_quality(grades),
        "designations": list(
            BrandDesignation.objects.for_user(user).filter(organization=organization).select_related("office")
        ),
        "projects": list(ServiceProject.objects.for_user(user).filter(organization=organization)[:5]),
        "attendances": list(
            TrainingAttendee.objects.for_user(user)
            .filter(organization=organization)
            .select_related("training")
            .order_by("-training__held_on")[:5]
        ),
        "reports": list(WorkReport.objects.for_user(user).filter(organization=organization)[:4]),
    }
