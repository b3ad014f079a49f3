"""Running the demo builders: one transaction, then the summary and the table of logins.

A builder (see ``demo.builders``) seeds one part of the demo and hands back a ``Part``: the demo
logins it created and how to summarize what it holds. ``seed()`` runs the builders in their order
inside one transaction, so that a failure anywhere leaves nothing half-seeded, and asks each part
for its summary only once every builder has run: a later builder may change what an earlier one
counts (filing approvals add organizations to the city, a deregistration ends one).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db import transaction

# Every demo account has this password; the login table prints it once for all of them.
PASSWORD = "demo12345"
SITE_URL = "http://127.0.0.1:8000/"


class DemoSeedError(Exception):
    """The demo cannot be applied to this database (missing vocabularies, invalid data …)."""


@dataclass(frozen=True)
class LoginRow:
    username: str
    role: str
    jurisdiction: str


@dataclass(frozen=True)
class Part:
    """What one builder seeded: its logins, and its summary lines (asked for after every builder)."""

    summary: Callable[[], Sequence[str]]
    logins: Sequence[LoginRow] = ()


Builder = Callable[[], Part]


@dataclass
class Seeded:
    summary: list[str] = field(default_factory=list)
    logins: list[LoginRow] = field(default_factory=list)


def seed(builders: Sequence[Builder]) -> Seeded:
    """Run ``builders`` in order in one transaction; their summaries, then their logins, in that order."""
    with transaction.atomic():
        parts = [builder() for builder in builders]
        return Seeded(
            summary=[line for part in parts for line in part.summary()],
            logins=[login for part in parts for login in part.logins],
        )


# -- printing ----------------------------------------------------------------------------------


def display_width(text: str) -> int:
    """Terminal columns: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def pad(text: str, width: int) -> str:
    return text + " " * max(width - display_width(text), 0)


def login_lines(logins: Sequence[LoginRow]) -> list[str]:
    header = ("用户名", "角色", "辖区", "密码")
    rows = [(row.username, row.role, row.jurisdiction, PASSWORD) for row in logins]
    widths = [max(display_width(line[i]) for line in (header, *rows)) + 2 for i in range(3)]
    lines = [f"演示账号（密码均为 {PASSWORD}）："]
    for line in (header, *rows):
        lines.append(
            "  " + "".join(pad(cell, width) for cell, width in zip(line[:3], widths, strict=True)) + line[3]
        )
    lines.append(f"访问地址：{SITE_URL}")
    return lines
