"""How the cost of working-day arithmetic grows with the span it covers.

For spans from a month to two thousand years it prints the median time of ``working_days_between``
and of ``add_working_days`` (core.workdays), beside a day-by-day count on chinesecalendar's own
``is_workday`` (the way deadlines used to be counted), and each time's ratio to the month's: the
arithmetic stays flat, the walk grows with the days.

    python bench/workdays_span.py   (options: --repeat N; needs no database)
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import chinese_calendar

from core.workdays import add_working_days, working_days_between

END = datetime.date(2026, 11, 27)
SPANS = {"a month": 30, "a year": 365, "a century": 36_524, "two millennia": END.toordinal() - 1}


def walk(start: datetime.date, end: datetime.date) -> int:
    """Day by day; outside the package's years Monday to Friday, as the platform's fallback does."""
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        try:
            count += chinese_calendar.is_workday(day)
        except NotImplementedError:
            count += day.weekday() < 5
    return count


def median_seconds(call: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    print(f"{'span':<14}{'between':>12}{'add':>12}{'walk':>12}{'between×':>10}{'walk×':>10}")
    base: dict[str, float] = {}
    for label, days in SPANS.items():
        start = END - datetime.timedelta(days=days)
        count = working_days_between(start, END)
        if days <= 365:
            assert count == walk(start, END)
        timings = {
            "between": median_seconds(lambda s=start: working_days_between(s, END), repeat * 20),
            "add": median_seconds(lambda s=start, n=count: add_working_days(s, n), repeat * 20),
            "walk": median_seconds(lambda s=start: walk(s, END), max(1, repeat // 2)),
        }
        base = base or timings
        print(
            f"{label:<14}{timings['between'] * 1e6:>10.1f}µs{timings['add'] * 1e6:>10.1f}µs"
            f"{timings['walk'] * 1e3:>10.1f}ms{timings['between'] / base['between']:>10.1f}"
            f"{timings['walk'] / base['walk']:>10.0f}"
        )


if __name__ == "__main__":
    main()
