"""The scope sweep's builders of work reports, rounds and their lines, schemes, brands, selections,
projects and trainings: one object of each in a given community (see tests/sweep.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db import models
from django.utils import timezone

from assessment import services as assessment
from assessment.evaluation.periods import last_ended
from assessment.evaluation.rubric import DEFAULT_INDICATORS, DEFAULT_THRESHOLDS, DEFAULT_VOTE_VALUES
from assessment.models import (
    BrandDesignation,
    EvaluationEntry,
    EvaluationRound,
    EvaluationScheme,
    Selection,
    ServiceProject,
    Training,
    TrainingAttendee,
    WorkReport,
    WorkReportAttachment,
)
from registry.models import Organization

if TYPE_CHECKING:
    from tests.sweep import Place


def _work_report(place: Place) -> WorkReport:
    period = last_ended("half", timezone.localdate())
    data = {
        "period_kind": period.kind,
        "year": period.year,
        "period_index": period.index,
        "narrative": "开展邻里互助活动四次。",
        "activities": [{"title": "邻里茶话会", "held_on": period.start, "participants": 30}],
    }
    return assessment.work_report_submit(
        actor=place.admin, organization_id=place.get(Organization).pk, data=data
    )


def _work_report_attachment(place: Place) -> WorkReportAttachment:
    from tests.filing.conftest import pdf

    return assessment.work_report_attach(
        actor=place.admin, report_id=place.get(WorkReport).pk, attachment=pdf()
    )


def _round(place: Place) -> EvaluationRound:
    place.get(Organization)
    year = timezone.localdate().year - 1
    return assessment.round_open(actor=place.admin, community_code=place.community.code, year=year)


def _entry(place: Place) -> EvaluationEntry:
    evaluation_round = place.get(EvaluationRound)
    if evaluation_round.state == "open":
        assessment.round_move(actor=place.admin, round_id=evaluation_round.pk, action="start_scoring")
    return EvaluationEntry.objects.unrestricted().filter(round=evaluation_round).first()


def _scheme(place: Place) -> EvaluationScheme:
    data = {
        "name": f"{place.street.name}评议方案",
        "indicators": [dict(item) for item in DEFAULT_INDICATORS],
        "thresholds": dict(DEFAULT_THRESHOLDS),
        "vote_values": dict(DEFAULT_VOTE_VALUES),
    }
    return assessment.scheme_create(actor=place.admin, jurisdiction_code=place.street.code, data=data)


def _brand(place: Place) -> BrandDesignation:
    data = {"year": timezone.localdate().year, "reason": "服务成效突出"}
    return assessment.brand_designate(
        actor=place.admin, organization_id=place.get(Organization).pk, data=data
    )


def _selection(place: Place) -> Selection:
    data = {"title": "扫描评选", "year": timezone.localdate().year - 1, "held_on": timezone.localdate()}
    return assessment.selection_record(actor=place.admin, data=data, region_code=place.street.code)


def _project(place: Place) -> ServiceProject:
    today = timezone.localdate()
    data = {"title": "扫描服务项目", "starts_on": today, "ends_on": today, "funding_source": "own"}
    return assessment.project_record(actor=place.admin, organization_id=place.get(Organization).pk, data=data)


def _training(place: Place) -> Training:
    data = {"title": "扫描培训", "organizer": place.street.name, "held_on": timezone.localdate(), "hours": 4}
    return assessment.training_record(actor=place.admin, data=data, region_code=place.street.code)


def _attendee(place: Place) -> TrainingAttendee:
    data = {"audience": "civil_affairs", "name": "扫描助理", "region": place.street.code}
    return assessment.training_add_attendee(actor=place.admin, training_id=place.get(Training).pk, data=data)


EVALUATION_BUILDERS: dict[type[models.Model], Callable[[Place], models.Model]] = {
    WorkReport: _work_report,
    WorkReportAttachment: _work_report_attachment,
    EvaluationRound: _round,
    EvaluationEntry: _entry,
    EvaluationScheme: _scheme,
    BrandDesignation: _brand,
    Selection: _selection,
    ServiceProject: _project,
    Training: _training,
    TrainingAttendee: _attendee,
}
