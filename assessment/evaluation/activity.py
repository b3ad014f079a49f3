"""What this package tells the dormancy scan (``core.activity``): an organization that reported its
work, carried out a service project or sent its people to a training in the window is not dormant;
work reports also decide the "no work report for two years" reason."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from core.activity import register_activity

from ..models import ServiceProject, TrainingAttendee, WorkReport


def _day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def work_reports(since: datetime.datetime, until: datetime.datetime) -> QuerySet[Any]:
    """Organizations that submitted a work report in the window (returned ones too: they reported)."""
    reports = WorkReport.objects.unrestricted().filter(submitted_at__gte=since, submitted_at__lt=until)
    return reports.values("organization_id")


def service_projects(since: datetime.datetime, until: datetime.datetime) -> QuerySet[Any]:
    """Organizations with a project running at some time in the window (started before its end,
    ending after its start): a project in progress is activity."""
    projects = ServiceProject.objects.unrestricted().filter(
        starts_on__lt=_day(until), ends_on__gte=_day(since)
    )
    return projects.values("organization_id")


def trainings(since: datetime.datetime, until: datetime.datetime) -> QuerySet[Any]:
    """Organizations whose people attended a training held in the window."""
    attended = TrainingAttendee.objects.unrestricted().filter(
        organization__isnull=False, training__held_on__gte=_day(since), training__held_on__lt=_day(until)
    )
    return attended.values("organization_id")


def register() -> None:
    register_activity("work_reports", "工作报告", work_reports, work_report=True)
    register_activity("service_projects", "服务项目", service_projects)
    register_activity("trainings", "能力培训", trainings)
