"""Working days on the official calendar: holidays are skipped, make-up working days (调休) count.

The dates are the State Council's 2025 arrangement as shipped in chinesecalendar: National Day
and Mid-autumn 2025-10-01 … 10-08 off; Sunday 2025-09-28 and Saturday 2025-10-11 worked instead.
"""

import datetime
import logging
import random
import time

import chinese_calendar
import pytest

from core import workdays
from core.workdays import add_working_days, calendar_is_official, is_working_day, working_days_between

D = datetime.date
NATIONAL_DAY_2025 = [D(2025, 10, day) for day in range(1, 9)]
MAKE_UP_SUNDAY = D(2025, 9, 28)
MAKE_UP_SATURDAY = D(2025, 10, 11)


def test_it_knows_the_national_day_holiday_and_its_make_up_days():
    assert not any(is_working_day(day) for day in NATIONAL_DAY_2025)
    assert MAKE_UP_SUNDAY.weekday() == 6 and is_working_day(MAKE_UP_SUNDAY)
    assert MAKE_UP_SATURDAY.weekday() == 5 and is_working_day(MAKE_UP_SATURDAY)
    assert not is_working_day(D(2025, 10, 12))  # the Sunday after stays a rest day
    assert is_working_day(D(2025, 9, 30))


def test_it_adds_working_days_across_the_holiday():
    assert add_working_days(D(2025, 9, 30), 1) == D(2025, 10, 9)


def test_it_counts_the_make_up_sunday_and_saturday():
    assert add_working_days(D(2025, 9, 26), 1) == MAKE_UP_SUNDAY
    assert add_working_days(D(2025, 10, 9), 2) == MAKE_UP_SATURDAY


def test_it_finds_the_opinion_deadline_of_a_submission_before_the_holiday():
    # 5 working days from Friday 9-26: Sun 9-28, Mon 9-29, Tue 9-30, Thu 10-9, Fri 10-10.
    assert add_working_days(D(2025, 9, 26), 5) == D(2025, 10, 10)
    # 10 working days from Tue 9-30: 10-9, 10-10, Sat 10-11, 10-13 … 10-17, 10-20, 10-21.
    assert add_working_days(D(2025, 9, 30), 10) == D(2025, 10, 21)


def test_it_counts_working_days_between_dates():
    assert working_days_between(D(2025, 9, 30), D(2025, 10, 12)) == 3  # 10-9, 10-10, Sat 10-11
    assert working_days_between(D(2025, 10, 12), D(2025, 9, 30)) == -3
    assert working_days_between(D(2025, 10, 1), D(2025, 10, 8)) == 0
    assert working_days_between(D(2025, 9, 30), D(2025, 9, 30)) == 0
    assert working_days_between(D(2025, 9, 26), D(2025, 9, 29)) == 2  # Sun 9-28 and Mon 9-29


def test_it_counts_backwards_as_the_inverse_of_counting_forwards():
    assert add_working_days(D(2025, 10, 9), -1) == D(2025, 10, 8)
    assert add_working_days(D(2025, 10, 9), -2) == D(2025, 9, 29)
    start = D(2025, 9, 20)
    for offset in range(40):
        day = start + datetime.timedelta(days=offset)
        for days in range(8):
            after, before = add_working_days(day, days), add_working_days(day, -days)
            assert working_days_between(day, after) == days
            assert working_days_between(before, day) == days
            if days:  # the nearest such dates: one day closer falls short
                assert working_days_between(day, after - datetime.timedelta(days=1)) == days - 1
                assert working_days_between(before + datetime.timedelta(days=1), day) == days - 1


@pytest.fixture
def fresh_fallback_warnings(monkeypatch):
    monkeypatch.setattr(workdays, "_warned_years", set())


def test_it_knows_which_years_are_official():
    assert calendar_is_official(2025)
    assert not calendar_is_official(2099)


def test_it_falls_back_to_monday_to_friday_for_an_unknown_year(fresh_fallback_warnings, caplog):
    friday = D(2099, 1, 2)
    assert friday.weekday() == 4
    with caplog.at_level(logging.WARNING, logger="core.workdays"):
        assert add_working_days(friday, 1) == D(2099, 1, 5)  # the Monday
        assert working_days_between(friday, D(2099, 1, 9)) == 5
        assert not is_working_day(D(2099, 1, 3))
        # New Year's Day is a holiday in every official year; unknown, it is just a Thursday.
        assert is_working_day(D(2099, 1, 1))
    warnings = [record for record in caplog.records if "2099" in record.getMessage()]
    assert len(warnings) == 1
    assert warnings[0].levelno == logging.WARNING


def test_it_warns_once_per_unknown_year(fresh_fallback_warnings, caplog):
    with caplog.at_level(logging.WARNING, logger="core.workdays"):
        add_working_days(D(2098, 12, 20), 30)  # runs into 2099
    years = sorted(record.args[0] for record in caplog.records if record.name == "core.workdays")
    assert years == [2098, 2099]


def walk(start: datetime.date, end: datetime.date) -> int:
    """The count the slow way, day by day on the package's own calendar (official years only)."""
    step = 1 if end >= start else -1
    first, last = (start, end) if step == 1 else (end, start)
    days = ((first + datetime.timedelta(days=n)) for n in range(1, (last - first).days + 1))
    return step * sum(chinese_calendar.is_workday(day) for day in days)


def test_it_agrees_with_a_day_by_day_count_across_every_official_year():
    pick = random.Random(14)
    official = (D(2004, 1, 1).toordinal(), D(2026, 12, 31).toordinal() - 80)
    for _ in range(300):
        start = D.fromordinal(pick.randint(*official))
        end = start + datetime.timedelta(days=pick.randint(-60, 60))
        if end.year < 2004:
            continue
        assert working_days_between(start, end) == walk(start, end), (start, end)
        days = pick.randint(-25, 25)
        result = add_working_days(start, days)
        if result.year >= 2004:
            assert working_days_between(start, result) == days, (start, days)
    first, last = D(2004, 1, 1), D(2026, 12, 31)
    every_day = (first + datetime.timedelta(days=n) for n in range((last - first).days + 1))
    assert all(is_working_day(day) == chinese_calendar.is_workday(day) for day in every_day)


def test_it_stops_at_the_ends_of_the_calendar_instead_of_overflowing():
    assert add_working_days(D.max, 5) == D.max
    assert add_working_days(D(9999, 12, 20), 30) == D.max
    assert add_working_days(D.min, -5) == D.min
    assert add_working_days(D(1, 1, 10), -30) == D.min
    assert add_working_days(D(9999, 12, 24), 2) == D(9999, 12, 28)  # a Friday, then Monday and Tuesday
    assert working_days_between(D.min, D.max) == -working_days_between(D.max, D.min) > 2_600_000


def test_it_counts_across_centuries_without_walking_them():
    today = D(2026, 11, 27)
    started = time.perf_counter()
    for days in range(200):
        assert working_days_between(D.min, today) > 0
        assert add_working_days(D.min, 5 + days) < D(1, 12, 31)
        assert add_working_days(D(1, 1, 1), 700_000 + days).year > 2600
        assert working_days_between(today, D.max) > 0
    # A walk over two thousand years took seconds per call; arithmetic takes microseconds.
    assert time.perf_counter() - started < 1.0
