"""Filing's lines on the workbench's to-do list (``core.todos``): the applications waiting for this
user's step, grouped by step with the nearest deadline; for the street office also the complaints to
take up, the major-event reports to answer and the dormancy flags to review; for an organization
the event reports the street asked it to complete."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.urls import reverse

from core.todos import Todo, register_todos
from registry.choices import Role

from .choices import ComplaintState, DormancyState, EventReportState
from .models import Complaint, DormancyFlag, EventReport
from .selectors import Awaiting, Flag, Part, PendingItem, pending_items

LABELS = {
    Awaiting.OPINION: "备案申请待出具社区初审意见",
    Awaiting.DECISION: "备案申请待街道审核办结",
    Awaiting.CORRECTION: "备案申请被退回，待补正后重新提交",
    Awaiting.SUBMISSION: "备案申请草稿待提交",
}
ORDER = {Awaiting.CORRECTION: 10, Awaiting.OPINION: 20, Awaiting.DECISION: 20, Awaiting.SUBMISSION: 90}
FILING_ROLES = frozenset({Role.STREET, Role.COMMUNITY, Role.ORGANIZATION, Role.APPLICANT})


def _applications(user: Any) -> Iterator[Todo]:
    groups: dict[str, list[PendingItem]] = defaultdict(list)
    for item in pending_items(user):
        if item.part == Part.ACT:
            groups[item.awaiting].append(item)
    for awaiting, items in groups.items():
        dues = [item.due for item in items if item.due is not None]
        yield Todo(
            label=LABELS[awaiting],
            count=len(items),
            url=items[0].url if len(items) == 1 else reverse("filing-workbench"),
            due=min(dues) if dues else None,
            overdue=sum(item.flag == Flag.OVERDUE for item in items),
            order=ORDER[awaiting],
        )


def _listed(name: str, state: str) -> str:
    return f"{reverse(name)}?state={state}"


def _street_duties(user: Any) -> Iterator[Todo]:
    received = Complaint.objects.for_user(user).filter(state=ComplaintState.RECEIVED).count()
    yield Todo("投诉举报待受理", received, _listed("complaint-list", ComplaintState.RECEIVED), order=30)
    reports = EventReport.objects.for_user(user).filter(state=EventReportState.SUBMITTED).count()
    yield Todo(
        "重大活动报告待回复", reports, _listed("event-report-list", EventReportState.SUBMITTED), order=30
    )
    flags = DormancyFlag.objects.for_user(user).filter(state=DormancyState.OPEN).count()
    yield Todo("僵尸型组织标记待复核", flags, reverse("dormancy-list"), order=50)


def filing_todos(user: Any) -> Iterator[Todo]:
    if not (user.is_superuser or user.role in FILING_ROLES):
        return
    yield from _applications(user)
    if user.is_superuser or user.role == Role.STREET:
        yield from _street_duties(user)
    elif user.role == Role.ORGANIZATION:
        asked = EventReport.objects.for_user(user).filter(state=EventReportState.MORE_INFO).count()
        url = _listed("event-report-list", EventReportState.MORE_INFO)
        yield Todo("重大活动报告待补充说明", asked, url, order=10)


def register() -> None:
    register_todos("filing", filing_todos)
