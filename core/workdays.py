"""Working days on China's official calendar: public holidays and make-up working days (调休).

Every deadline of the platform counts them: a filing's opinion and decision, a tenancy application's
review at an incubation base.

The calendar comes from the ``chinesecalendar`` package, which knows each year once the State
Council publishes it. For a year it does not know yet, Monday to Friday count as working days,
and that fallback is logged (once per year and process) and shown to users (see
``calendar_is_official``).
"""

from __future__ import annotations

import datetime
import functools
import logging

import chinese_calendar

logger = logging.getLogger(__name__)
_warned_years: set[int] = set()
ONE_DAY = datetime.timedelta(days=1)


@functools.cache
def calendar_is_official(year: int) -> bool:
    """Whether the official holiday calendar of ``year`` is known."""
    try:
        chinese_calendar.is_workday(datetime.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


# Deadlines of a whole workbench are counted day by day; the calendar never changes while the
# process runs, so each date is looked up once.
@functools.lru_cache(maxsize=8192)
def is_working_day(day: datetime.date) -> bool:
    """Whether ``day`` is a working day: holidays are off, make-up Saturdays and Sundays are on."""
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
    """The date ``days`` working days after ``start`` (the start day itself does not count).

    With a negative ``days``, the latest date that has ``-days`` working days after it up to and
    including ``start``: the inverse, so that ``working_days_between(result, start) == -days``.
    """
    day = start
    remaining = days
    while remaining > 0:
        day += ONE_DAY
        if is_working_day(day):
            remaining -= 1
    while remaining < 0:
        if is_working_day(day):
            remaining += 1
        day -= ONE_DAY
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after ``start`` up to and including ``end``; negative when ``end`` is earlier."""
    if end < start:
        return -working_days_between(end, start)
    return sum(is_working_day(start + datetime.timedelta(days=n)) for n in range(1, (end - start).days + 1))
