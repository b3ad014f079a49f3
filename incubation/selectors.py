"""Reads of incubation: the workbench (待办) of those who run bases, with deadlines on the official
calendar, flagged like filing's: applications to decide within the rules' working days, admitted
tenants still to move in, and terms coming to an end (graduate or extend)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from core.workdays import ONE_DAY, add_working_days, working_days_between
from registry.choices import Role

from .choices import IN_INCUBATION_STATES, BaseState, TenancyState
from .models import IncubationBase, Tenancy
from .models.scoping import MANAGING_ROLES
from .rules import IncubationRules, current_rules


class Awaiting(models.TextChoices):
    DECISION = "decision", "审核入驻申请"
    MOVE_IN = "move_in", "办理入驻"
    TERM_END = "term_end", "出壳或延期"


class Flag(models.TextChoices):
    OVERDUE = "overdue", "逾期"
    DUE_SOON = "due_soon", "即将到期"
    ON_TIME = "on_time", "正常"


class Part(models.TextChoices):
    ACT = "act", "待我办理"
    FOLLOW_UP = "follow_up", "督办跟进"  # a base of the jurisdiction run by its operator
    INFO = "info", "知悉"  # the applicant's own application, awaiting the base


@dataclass(frozen=True)
class PendingItem:
    tenancy: Tenancy
    awaiting: str
    part: str
    due: datetime.date
    working_days_left: int
    flag: str

    @property
    def awaiting_label(self) -> str:
        return Awaiting(self.awaiting).label

    @property
    def part_label(self) -> str:
        return Part(self.part).label

    @property
    def overdue_days(self) -> int:
        return max(1, -self.working_days_left) if self.flag == Flag.OVERDUE else 0

    @property
    def url(self) -> str:
        return reverse("tenancy-detail", args=[self.tenancy.pk])


@dataclass(frozen=True)
class DeadlineCounts:
    overdue: int
    due_soon: int
    total: int


def deadline_flag(due: datetime.date, today: datetime.date, rules: IncubationRules) -> str:
    if due < today:
        return Flag.OVERDUE
    soon = add_working_days(today, rules.due_soon_working_days + 1) - ONE_DAY
    return Flag.DUE_SOON if due <= soon else Flag.ON_TIME


def _part(user: Any, tenancy: Tenancy) -> str:
    if user.is_superuser or user.role == Role.OPERATOR:
        return Part.ACT
    if user.role in MANAGING_ROLES:
        # The staff managing a base follow its operators up; a base without one is theirs to run.
        return Part.FOLLOW_UP if tenancy.base.operator_count else Part.ACT
    return Part.INFO


def _awaiting(tenancy: Tenancy) -> tuple[str, datetime.date]:
    if tenancy.state == TenancyState.APPLIED:
        return Awaiting.DECISION, tenancy.decision_due
    if tenancy.state == TenancyState.ADMITTED:
        return Awaiting.MOVE_IN, tenancy.planned_start
    return Awaiting.TERM_END, tenancy.planned_end


def _pending(user: Any, today: datetime.date, rules: IncubationRules) -> QuerySet[Tenancy]:
    ending = today + datetime.timedelta(days=rules.term_ending_days)
    wanted = (
        Q(state=TenancyState.APPLIED)
        | Q(state=TenancyState.ADMITTED, planned_start__lte=today)
        | Q(state__in=IN_INCUBATION_STATES, planned_end__lte=ending)
    )
    if not (user.is_superuser or user.role in (*MANAGING_ROLES, Role.OPERATOR)):
        wanted = Q(state=TenancyState.APPLIED)  # an applicant follows its own application
    return (
        Tenancy.objects.for_user(user)
        .filter(wanted)
        .select_related("base", "organization", "community__parent")
        .annotate(operator_count=models.Count("base__operators"))
        .order_by()
    )


def pending_items(user: Any, today: datetime.date | None = None) -> list[PendingItem]:
    """The user's incubation to-do list, most urgent first, in one query."""
    today = today or timezone.localdate()
    rules = current_rules()
    items = []
    for tenancy in _pending(user, today, rules):
        awaiting, due = _awaiting(tenancy)
        tenancy.base.operator_count = tenancy.operator_count
        items.append(
            PendingItem(
                tenancy=tenancy,
                awaiting=awaiting,
                part=_part(user, tenancy),
                due=due,
                working_days_left=working_days_between(today, due),
                flag=deadline_flag(due, today, rules),
            )
        )
    items.sort(key=lambda item: (item.due, item.tenancy.pk))
    return items


def count_deadlines(items: list[PendingItem]) -> DeadlineCounts:
    counted = [item for item in items if item.part != Part.INFO]
    return DeadlineCounts(
        overdue=sum(item.flag == Flag.OVERDUE for item in counted),
        due_soon=sum(item.flag == Flag.DUE_SOON for item in counted),
        total=len(counted),
    )


def bases_awaiting_approval(user: Any) -> QuerySet[IncubationBase]:
    """Bases of the jurisdiction waiting for their approval (the page shows who approves each)."""
    return (
        IncubationBase.objects.for_user(user)
        .filter(state=BaseState.PENDING)
        .select_related("region")
        .order_by("registered_at")
    )
