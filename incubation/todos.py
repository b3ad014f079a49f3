"""Incubation's lines on the workbench's to-do list (``core.todos``): the tenancies waiting for those
who run a base, grouped by step with the nearest deadline."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.urls import reverse

from core.todos import Todo, register_todos
from registry.choices import Role

from .models.scoping import MANAGING_ROLES
from .selectors import Awaiting, Flag, Part, PendingItem, pending_items

LABELS = {
    Awaiting.DECISION: "入驻申请待审核",
    Awaiting.MOVE_IN: "已准予入驻，待办理入驻",
    Awaiting.TERM_END: "入驻期限将满，待出壳或延期",
}


def incubation_todos(user: Any) -> Iterator[Todo]:
    if not (user.is_superuser or user.role in (*MANAGING_ROLES, Role.OPERATOR)):
        return
    groups: dict[str, list[PendingItem]] = defaultdict(list)
    for item in pending_items(user):
        if item.part == Part.ACT:
            groups[item.awaiting].append(item)
    for awaiting, items in groups.items():
        yield Todo(
            label=LABELS[awaiting],
            count=len(items),
            url=reverse("incubation-workbench"),
            due=min(item.due for item in items),
            overdue=sum(item.flag == Flag.OVERDUE for item in items),
            order=40,
        )


def register() -> None:
    register_todos("incubation", incubation_todos)
