"""Fixtures of work reports, rounds, brands, projects and trainings on the test tree (tests/conftest.py):
community_a (幸福里社区) holds a_guided (org_a's own), a_filed and a_registered; village_a holds va_filed;
community_b b_filed and b_registered; village_c c_filed."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from assessment import services
from assessment.evaluation.periods import ReportPeriod, last_ended
from assessment.models import EvaluationEntry, EvaluationRound, Training, WorkReport
from registry.models import Organization, Region, User
from tests.factories import system_user

TODAY = timezone.localdate()
LAST_YEAR = TODAY.year - 1


def last_period() -> ReportPeriod:
    return last_ended("half", TODAY)


def report_data(period: ReportPeriod | None = None, **overrides: Any) -> dict[str, Any]:
    period = period or last_period()
    data = {
        "period_kind": period.kind,
        "year": period.year,
        "period_index": period.index,
        "narrative": "本期开展邻里互助活动四次，走访空巢老人二十户。",
        "volunteer_hours": "120.5",
        "funds_received": "3000",
        "funds_used": "2450.80",
        "activities": [{"title": "重阳节敬老茶话会", "held_on": period.start, "participants": 45}],
    }
    return {**data, **overrides}


def submit(actor: User, organization: Organization, **overrides: Any) -> WorkReport:
    return services.work_report_submit(
        actor=actor, organization_id=organization.pk, data=report_data(**overrides)
    )


def open_round(community: Region, year: int = LAST_YEAR, actor: User | None = None) -> EvaluationRound:
    return services.round_open(actor=actor or system_user(), community_code=community.code, year=year)


def move(
    evaluation_round: EvaluationRound, *actions: str, actor: User | None = None, note: str = ""
) -> EvaluationRound:
    for action in actions:
        evaluation_round = services.round_move(
            actor=actor or system_user(), round_id=evaluation_round.pk, action=action, review_note=note
        )
    return evaluation_round


def score(
    evaluation_round: EvaluationRound, organization: Organization, scores: Mapping[str, Any], **votes: int
):
    actor = system_user()
    if votes:
        services.entry_record_votes(
            actor=actor,
            round_id=evaluation_round.pk,
            organization_id=organization.pk,
            votes={f"votes_{name}": n for name, n in votes.items()},
        )
    return services.entry_score(
        actor=actor, round_id=evaluation_round.pk, organization_id=organization.pk, scores=scores
    )


def uniform(value: float) -> dict[str, float]:
    """The same score on every default indicator (the vote indicator too, used without ballots)."""
    return {code: value for code in ("party", "governance", "activities", "results", "satisfaction")}


def graded_round(
    community: Region,
    grades: Mapping[Organization, float],
    *,
    year: int = LAST_YEAR,
    published_at: datetime.datetime | None = None,
    publish: bool = True,
) -> EvaluationRound:
    """A round of the community, every organization in it scored ``grades[org]`` on every indicator
    (others 70), submitted and published (its publication dated ``published_at`` if given)."""
    evaluation_round = move(open_round(community, year), "start_scoring")
    for entry in (
        EvaluationEntry.objects.unrestricted().filter(round=evaluation_round).select_related("organization")
    ):
        score(evaluation_round, entry.organization, uniform(grades.get(entry.organization, 70)))
    evaluation_round = move(evaluation_round, "submit", *(("publish",) if publish else ()))
    if published_at is not None:
        EvaluationRound.objects.unrestricted().filter(pk=evaluation_round.pk).update(
            published_at=published_at
        )
    return EvaluationRound.objects.unrestricted().get(pk=evaluation_round.pk)


def project(organization: Organization, starts_on: datetime.date, ends_on: datetime.date, **extra: Any):
    data = {
        "title": "邻里守望服务项目",
        "starts_on": starts_on,
        "ends_on": ends_on,
        "funding_source": "venture",
        **extra,
    }
    return services.project_record(actor=system_user(), organization_id=organization.pk, data=data)


def training(region: Region, held_on: datetime.date, hours: str = "4") -> Training:
    data = {
        "title": "社区社会组织负责人能力提升培训",
        "organizer": region.name,
        "held_on": held_on,
        "hours": Decimal(hours),
    }
    return services.training_record(actor=system_user(), data=data, region_code=region.code)


def attend(training_: Training, *organizations: Organization) -> int:
    return services.training_add_leaders(
        actor=system_user(), training_id=training_.pk, organization_ids=[o.pk for o in organizations]
    )


@pytest.fixture
def orgs(world) -> dict[str, Organization]:
    return world.orgs
