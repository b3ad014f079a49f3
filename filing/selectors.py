"""Reads of the filing workflow: the to-do list (待办) of a user and its deadlines.

Deadlines are counted in working days (``workdays``): the community's opinion is due
``opinion_due``, the street's decision ``decision_due``; an application returned for correction
is expected back within ``CORRECTION_WORKING_DAYS``; a change or deregistration still in draft
is due by the rule counted from the date of the fact (DOMAIN.md §4).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core.workdays import ONE_DAY, add_days, add_working_days, working_days_between
from registry.choices import Role

from .choices import ApplicationKind
from .choices import ApplicationState as S
from .models import FilingApplication
from .rules import FilingRules, current_rules

# An application returned for correction (退回补正) is expected back within this many working
# days; after that the workbench flags it and the applicant is reminded.
CORRECTION_WORKING_DAYS = 5


class Awaiting(models.TextChoices):
    """The step an application is waiting for."""

    OPINION = "opinion", "社区初审意见"
    DECISION = "decision", "街道办结"
    CORRECTION = "correction", "申请人补正"
    SUBMISSION = "submission", "申请人提交"


class Flag(models.TextChoices):
    OVERDUE = "overdue", "逾期"
    DUE_SOON = "due_soon", "即将到期"
    ON_TIME = "on_time", "正常"


class Part(models.TextChoices):
    """What the user has to do with a pending item."""

    ACT = "act", "待我办理"
    FOLLOW_UP = "follow_up", "督办跟进"  # another party's deadline this user oversees
    INFO = "info", "知悉"  # shown for information; not counted on badges


@dataclass(frozen=True)
class PendingItem:
    application: FilingApplication
    awaiting: str
    part: str
    due: datetime.date | None
    working_days_left: int | None  # negative when overdue
    flag: str

    @property
    def awaiting_label(self) -> str:
        return Awaiting(self.awaiting).label

    @property
    def part_label(self) -> str:
        return Part(self.part).label

    @property
    def flag_label(self) -> str:
        return Flag(self.flag).label

    @property
    def overdue_days(self) -> int:
        """Working days past the due date; at least 1 once the due date has passed."""
        if self.flag != Flag.OVERDUE or self.working_days_left is None:
            return 0
        return max(1, -self.working_days_left)

    @property
    def url(self) -> str:
        return application_url(self.application.pk)


@dataclass(frozen=True)
class DeadlineCounts:
    overdue: int
    due_soon: int
    total: int


def application_url(pk: int) -> str:
    return reverse("application-detail", args=[pk])


def due_soon_limit(today: datetime.date, rules: FilingRules | None = None) -> datetime.date:
    """The last date that still has at most ``due_soon_working_days`` working days after ``today``."""
    rules = rules or current_rules()
    return add_working_days(today, rules.due_soon_working_days + 1) - ONE_DAY


def deadline_flag(due: datetime.date | None, today: datetime.date, soon_limit: datetime.date) -> str:
    if due is None:
        return Flag.ON_TIME
    if due < today:
        return Flag.OVERDUE
    return Flag.DUE_SOON if due <= soon_limit else Flag.ON_TIME


def _own(user: Any) -> Q:
    own = Q(applicant_id=user.pk)
    if user.organization_id:
        own |= Q(organization_id=user.organization_id)
    return own


def _role_filter(user: Any) -> Q:
    own = _own(user)
    if user.is_superuser or user.role == Role.STREET:
        return Q(state__in=[S.SUBMITTED, S.OPINION_GIVEN, S.RETURNED]) | (own & Q(state=S.DRAFT))
    if user.role == Role.COMMUNITY:
        return Q(state=S.SUBMITTED) | (own & Q(state__in=[S.DRAFT, S.RETURNED]))
    return own & Q(state__in=[S.DRAFT, S.RETURNED])


def _is_own(user: Any, application: FilingApplication) -> bool:
    return application.applicant_id == user.pk or bool(
        user.organization_id and user.organization_id == application.organization_id
    )


def draft_due(application: FilingApplication, rules: FilingRules) -> datetime.date | None:
    """A change must be filed within working days of the fact, a deregistration within calendar days."""
    if application.fact_date is None:
        return None
    if application.kind == ApplicationKind.CHANGE:
        return add_working_days(application.fact_date, rules.change_working_days)
    if application.kind == ApplicationKind.DEREGISTRATION:
        return add_days(application.fact_date, rules.deregistration_days)
    return None


def _awaiting(user: Any, application: Any, rules: FilingRules) -> tuple[str, str, datetime.date | None]:
    """(awaiting, part, due) of one application as this user sees it."""
    state = application.state
    if state == S.SUBMITTED:
        part = Part.ACT if user.is_superuser or user.role == Role.COMMUNITY else Part.FOLLOW_UP
        return Awaiting.OPINION, part, application.opinion_due
    if state == S.OPINION_GIVEN:
        return Awaiting.DECISION, Part.ACT, application.decision_due
    if state == S.RETURNED:
        returned_on = timezone.localdate(application.returned_at or application.updated_at)
        part = Part.ACT if _is_own(user, application) else Part.INFO
        return Awaiting.CORRECTION, part, add_working_days(returned_on, CORRECTION_WORKING_DAYS)
    return Awaiting.SUBMISSION, Part.ACT, draft_due(application, rules)


def pending_items(user: Any, today: datetime.date | None = None, *, kind: str = "") -> list[PendingItem]:
    """The user's to-do list (待办), most urgent first, in one query.

    Community staff: applications awaiting their opinion. Street staff: those awaiting their
    decision, those awaiting the community (to follow up) and those returned (for information).
    Organization and applicant accounts: their own drafts and returned applications. Staff also
    see drafts they started themselves. ``kind`` narrows to one application kind.
    """
    today = today or timezone.localdate()
    rules = current_rules()
    soon_limit = due_soon_limit(today, rules)
    queryset = FilingApplication.objects.for_user(user).filter(_role_filter(user))
    if kind:
        queryset = queryset.filter(kind=kind)
    queryset = queryset.select_related("community__parent", "organization")
    items = []
    for application in queryset:
        awaiting, part, due = _awaiting(user, application, rules)
        items.append(
            PendingItem(
                application=application,
                awaiting=awaiting,
                part=part,
                due=due,
                working_days_left=None if due is None else working_days_between(today, due),
                flag=deadline_flag(due, today, soon_limit),
            )
        )
    items.sort(key=lambda item: (item.due is None, item.due or today, item.application.pk))
    return items


def count_deadlines(items: list[PendingItem]) -> DeadlineCounts:
    counted = [item for item in items if item.part != Part.INFO]
    return DeadlineCounts(
        overdue=sum(item.flag == Flag.OVERDUE for item in counted),
        due_soon=sum(item.flag == Flag.DUE_SOON for item in counted),
        total=len(counted),
    )


def deadline_counts(user: Any, today: datetime.date | None = None) -> DeadlineCounts:
    """How many of the user's pending items are overdue and due soon, for badges (one query)."""
    return count_deadlines(pending_items(user, today))
