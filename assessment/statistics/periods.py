"""Quarters of the quarterly statistics table: which quarters exist and which one is asked for."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone

from ..errors import AssessmentCode

EARLIEST_YEAR = 2000


# -- the period ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> datetime.date:
        """The quarter's last day."""
        if self.number == 4:
            return datetime.date(self.year, 12, 31)
        return datetime.date(self.year, 3 * self.number + 1, 1) - datetime.timedelta(days=1)

    @property
    def label(self) -> str:
        return f"{self.year}年第{self.number}季度"

    @property
    def code(self) -> str:
        return f"{self.year}Q{self.number}"


def last_completed_quarter(today: datetime.date | None = None) -> Quarter:
    """The quarter before the one ``today`` lies in (the one a street reports on)."""
    today = today or timezone.localdate()
    number = (today.month - 1) // 3 + 1
    return Quarter(today.year - 1, 4) if number == 1 else Quarter(today.year, number - 1)


def quarter_of(*, year: int, quarter: int, today: datetime.date | None = None) -> Quarter:
    """A quarter that has begun, from 2000 on; raises ValidationError keyed ``year`` / ``quarter``."""
    today = today or timezone.localdate()
    errors: dict[str, ValidationError] = {}
    if not EARLIEST_YEAR <= year <= today.year:
        errors["year"] = ValidationError(
            "年度应在%(first)s年至%(last)s年之间",
            code=AssessmentCode.YEAR_OUT_OF_RANGE,
            params={"first": EARLIEST_YEAR, "last": today.year},
        )
    if quarter not in (1, 2, 3, 4):
        errors["quarter"] = ValidationError("季度应为1至4", code=AssessmentCode.INVALID_QUARTER)
    if not errors and Quarter(year, quarter).start > today:
        errors["quarter"] = ValidationError("所选季度尚未开始", code=AssessmentCode.FUTURE_QUARTER)
    if errors:
        raise ValidationError(errors)
    return Quarter(year, quarter)
