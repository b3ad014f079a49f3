"""The periods organizations report for (工作报告): quarters, half-years and years."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from .choices import PeriodKind
from .errors import EvaluationCode

PER_YEAR = {PeriodKind.QUARTER: 4, PeriodKind.HALF: 2, PeriodKind.YEAR: 1}
EARLIEST_YEAR = 2000


@dataclass(frozen=True)
class ReportPeriod:
    kind: str
    year: int
    index: int

    @property
    def months(self) -> int:
        return 12 // PER_YEAR[PeriodKind(self.kind)]

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, (self.index - 1) * self.months + 1, 1)

    @property
    def end(self) -> datetime.date:
        month = self.index * self.months
        following = datetime.date(self.year + month // 12, month % 12 + 1, 1)
        return following - datetime.timedelta(days=1)

    @property
    def key(self) -> str:
        """How a page's period chooser names it, e.g. ``half-2026-1``."""
        return f"{self.kind}-{self.year}-{self.index}"

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.QUARTER:
            return f"{self.year}年第{self.index}季度"
        if self.kind == PeriodKind.HALF:
            return f"{self.year}年{'上' if self.index == 1 else '下'}半年"
        return f"{self.year}年度"

    def previous(self) -> ReportPeriod:
        if self.index > 1:
            return ReportPeriod(self.kind, self.year, self.index - 1)
        return ReportPeriod(self.kind, self.year - 1, PER_YEAR[PeriodKind(self.kind)])


def period_of(kind: str, year: int, index: int) -> ReportPeriod:
    """A period checked for shape; raises ValidationError on ``period``."""
    if kind not in PER_YEAR or not isinstance(year, int) or not isinstance(index, int):
        raise ValidationError(
            {"period": ValidationError("请选择报告期间", code=EvaluationCode.INVALID_PERIOD)}
        )
    if not EARLIEST_YEAR <= year <= 9999 or not 1 <= index <= PER_YEAR[PeriodKind(kind)]:
        raise ValidationError({"period": ValidationError("报告期间无效", code=EvaluationCode.INVALID_PERIOD)})
    return ReportPeriod(kind, year, index)


def parse_period_key(key: str) -> ReportPeriod:
    kind, _, rest = (key or "").partition("-")
    year, _, index = rest.partition("-")
    if not (year.isdigit() and index.isdigit()):
        raise ValidationError(
            {"period": ValidationError("请选择报告期间", code=EvaluationCode.INVALID_PERIOD)}
        )
    return period_of(kind, int(year), int(index))


def period_containing(kind: str, day: datetime.date) -> ReportPeriod:
    per_year = PER_YEAR[PeriodKind(kind)]
    return ReportPeriod(kind, day.year, (day.month - 1) // (12 // per_year) + 1)


def last_ended(kind: str, today: datetime.date) -> ReportPeriod:
    """The latest period that has ended before today: the one a report is now expected for."""
    return period_containing(kind, today).previous()


def recent_periods(kind: str, today: datetime.date, count: int = 6) -> list[ReportPeriod]:
    """The current period and the ones before it, newest first: what a page offers to report for."""
    periods = [period_containing(kind, today)]
    while len(periods) < count:
        periods.append(periods[-1].previous())
    return periods
