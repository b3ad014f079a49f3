"""Working days on China's official calendar: public holidays and make-up working days (调休).

Every deadline of the platform counts them: a filing's opinion and decision, a tenancy application's
review at an incubation base.

The calendar comes from the ``chinesecalendar`` package, which knows each year once the State
Council publishes it. For a year it does not know yet, Monday to Friday count as working days,
and that fallback is logged (once per year and process) and shown to users (see
``calendar_is_official``).

The arithmetic never walks day by day: Monday-to-Friday days are counted by whole weeks, and the
official calendar's exceptions (weekday holidays, weekend make-up days) are counted by bisecting two
sorted lists. A count over centuries costs what a count over a week does, and a deadline that would
fall beyond the last representable date is that date, never an ``OverflowError``.
"""

from __future__ import annotations

import bisect
import datetime
import logging

from chinese_calendar import constants

logger = logging.getLogger(__name__)
_warned_years: set[int] = set()
ONE_DAY = datetime.timedelta(days=1)

_OFFICIAL_YEARS = range(min(constants.holidays).year, max(constants.holidays).year + 1)
# Weekdays that are holidays, and weekend days that are worked instead (调休), in date order.
_HOLIDAYS_ON_WEEKDAYS = sorted(
    day.toordinal() for day in constants.holidays if day.weekday() < 5 and day not in constants.workdays
)
_WORKED_WEEKENDS = sorted(day.toordinal() for day in constants.workdays if day.weekday() >= 5)
_HOLIDAY_SET, _WORKED_SET = frozenset(_HOLIDAYS_ON_WEEKDAYS), frozenset(_WORKED_WEEKENDS)


def calendar_is_official(year: int) -> bool:
    """Whether the official holiday calendar of ``year`` is known."""
    return year in _OFFICIAL_YEARS


def _note_fallback(*days: datetime.date) -> None:
    for day in days:
        if day.year not in _OFFICIAL_YEARS and day.year not in _warned_years:
            _warned_years.add(day.year)
            logger.warning(
                "no official holiday calendar for %s: counting Monday to Friday as working days", day.year
            )


def is_working_day(day: datetime.date) -> bool:
    """Whether ``day`` is a working day: holidays are off, make-up Saturdays and Sundays are on."""
    _note_fallback(day)
    ordinal = day.toordinal()
    if day.weekday() < 5:
        return ordinal not in _HOLIDAY_SET
    return ordinal in _WORKED_SET


def _weekdays_through(ordinal: int) -> int:
    """Monday-to-Friday days among ordinals 1 … ``ordinal`` (ordinal 1, 0001-01-01, is a Monday)."""
    weeks, rest = divmod(ordinal, 7)
    return weeks * 5 + min(rest, 5)


def _between(first: int, last: int, ordinals: list[int]) -> int:
    """How many of the sorted ``ordinals`` lie in (first, last]."""
    return bisect.bisect_right(ordinals, last) - bisect.bisect_right(ordinals, first)


def _count(start: int, end: int) -> int:
    """Working days in the ordinals (start, end], for start <= end."""
    return (
        _weekdays_through(end)
        - _weekdays_through(start)
        - _between(start, end, _HOLIDAYS_ON_WEEKDAYS)
        + _between(start, end, _WORKED_WEEKENDS)
    )


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after ``start`` up to and including ``end``; negative when ``end`` is earlier."""
    _note_fallback(start, end)
    if end < start:
        return -_count(end.toordinal(), start.toordinal())
    return _count(start.toordinal(), end.toordinal())


def add_days(start: datetime.date, days: int) -> datetime.date:
    """``start`` plus ``days`` calendar days, stopping at the calendar's first or last date."""
    ordinal = start.toordinal() + days
    return datetime.date.fromordinal(
        min(max(ordinal, datetime.date.min.toordinal()), datetime.date.max.toordinal())
    )


# Never more than this many calendar days per working day, plus the longest run of holidays: the
# bracket the search below looks in.
_SPAN_PER_DAY, _SPAN_SLACK = 2, 30


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date ``days`` working days after ``start`` (the start day itself does not count).

    With a negative ``days``, the latest date that has ``-days`` working days after it up to and
    including ``start``: the inverse, so that ``working_days_between(result, start) == -days``.
    A result beyond the calendar's first or last date is that date.
    """
    origin = start.toordinal()
    lowest, highest = datetime.date.min.toordinal(), datetime.date.max.toordinal()
    reach = abs(days) * _SPAN_PER_DAY + _SPAN_SLACK
    if days >= 0:
        # The first day whose count from the start reaches ``days``.
        low, high = origin, min(origin + reach, highest)
        if _count(origin, high) < days:
            result = highest
        else:
            while low < high:
                middle = (low + high) // 2
                low, high = (middle + 1, high) if _count(origin, middle) < days else (low, middle)
            result = low
    else:
        # The last day from which the count up to the start still reaches ``-days``.
        low, high = max(origin - reach, lowest), origin
        if _count(low, origin) < -days:
            result = lowest
        else:
            while low < high:
                middle = (low + high + 1) // 2
                low, high = (middle, high) if _count(middle, origin) >= -days else (low, middle - 1)
            result = low
    day = datetime.date.fromordinal(result)
    _note_fallback(start, day)
    return day
