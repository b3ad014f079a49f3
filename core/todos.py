"""The to-do list (待办) on the workbench: what waits for this user to act, from every app.

Each app registers a provider from its ``AppConfig.ready()``; the workbench asks every provider for
the viewing user's items. A provider answers only for the roles that act in its cases (nothing, and no
query, for the others) and reads scoped data in a constant number of queries, so the workbench's
query count depends on the role and never on how many cases there are.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Todo:
    """One line of the list: what to do, how many cases, the nearest deadline, where to do it."""

    label: str
    count: int
    url: str
    due: datetime.date | None = None
    overdue: int = 0  # how many of the cases are past their deadline
    order: int = 100  # lines sort by it, then by deadline

    @property
    def is_overdue(self) -> bool:
        return self.overdue > 0


Provider = Callable[[Any], Iterable[Todo]]

_providers: dict[str, Provider] = {}


def register_todos(name: str, provider: Provider) -> None:
    _providers[name] = provider


def todos_of(user: Any) -> list[Todo]:
    """The user's to-do lines from every app, those with something to do only, most pressing first."""
    found = [todo for provider in _providers.values() for todo in provider(user) if todo.count]
    far = datetime.date.max
    return sorted(found, key=lambda todo: (todo.overdue == 0, todo.order, todo.due or far, todo.label))
