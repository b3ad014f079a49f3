"""Evaluation's lines on the workbench's to-do list (``core.todos``): work reports for the community
committee to read, returned ones for the organization to correct, and annual evaluations waiting for
the community (to score) or the street (to review)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse

from core.todos import Todo, register_todos
from registry.choices import Role

from ..models import EvaluationRound, WorkReport
from .choices import WorkReportState
from .panels import WAITING


def _listed(name: str, state: str = "") -> str:
    return f"{reverse(name)}?state={state}" if state else reverse(name)


def evaluation_todos(user: Any) -> Iterator[Todo]:
    if user.role == Role.COMMUNITY:
        unread = WorkReport.objects.for_user(user).filter(state=WorkReportState.SUBMITTED).count()
        yield Todo("工作报告待阅知", unread, _listed("work-report-list", WorkReportState.SUBMITTED), order=60)
    elif user.role == Role.ORGANIZATION and user.organization_id:
        returned = WorkReport.objects.for_user(user).filter(state=WorkReportState.RETURNED).count()
        yield Todo(
            "工作报告被退回，待修改后重新报送",
            returned,
            _listed("work-report-list", WorkReportState.RETURNED),
            order=10,
        )
    waiting = WAITING.get(user.role)
    if waiting:
        rounds = EvaluationRound.objects.for_user(user).filter(state__in=waiting).count()
        yield Todo("年度评议待办理", rounds, _listed("evaluation-round-list"), order=70)


def register() -> None:
    register_todos("evaluation", evaluation_todos)
