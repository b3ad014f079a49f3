"""Working days on China's official calendar: public holidays and make-up working days (调休).

The calendar comes from the ``chinesecalendar`` package, which knows each year once the State
Council publishes it. For a year it does not know yet, Monday to Friday count as working days,
and that fallback is logged and shown to users (see ``calendar_is_official``).
"""

from __future__ import annotations

import datetime
import logging

import chinese_calendar

logger = logging.getLogger(__name__)
_warned_years: set[int] = set()


def calendar_is_official(year: int) -> bool:
    """Whether the official holiday calendar of ``year`` is known."""
    try:
        chinese_calendar.is_workday(datetime.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def is_working_day(day: datetime.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        if day.year not in _warned_years:
            _warned_years.add(day.year)
            logger.warning(
                "no official holiday calendar for %s: counting Monday to Friday as working days", day.year
            )
        return day.weekday() < 5


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date ``days`` working days after ``start`` (the start day itself does not count)."""
    day = start
    remaining = days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after ``start`` up to and including ``end``; negative when ``end`` is earlier."""
    if end < start:
        return -working_days_between(end, start)
    return sum(is_working_day(start + datetime.timedelta(days=n)) for n in range(1, (end - start).days + 1))
