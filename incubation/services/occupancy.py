"""A space's capacity over time: how many tenancies hold it at once, and the check an admission or an
extension must pass."""

from __future__ import annotations

import datetime
from collections import Counter

from ..errors import IncubationCode
from ..models import Space, Tenancy
from .checks import Errors

ONE_DAY = datetime.timedelta(days=1)


def peak(intervals: list[tuple[datetime.date, datetime.date]]) -> int:
    """The most intervals (first and last day included) that cover one same day."""
    steps: Counter[datetime.date] = Counter()
    for start, end in intervals:
        steps[start] += 1
        steps[end + ONE_DAY] -= 1
    running = highest = 0
    for day in sorted(steps):
        running += steps[day]
        highest = max(highest, running)
    return highest


def check_space(
    errors: Errors,
    tenancy: Tenancy,
    space_id: int | None,
    start: datetime.date,
    end: datetime.date,
    field: str = "space",
) -> Space | None:
    """The base's own space for tenants with room for one more from ``start`` to ``end``, locked so
    that two admissions to its last place cannot both pass; errors on ``field`` otherwise."""
    space = (
        Space.objects.unrestricted().select_for_update().filter(pk=space_id, base_id=tenancy.base_id).first()
        if space_id
        else None
    )
    if space is None:
        errors.add(field, "所选空间不属于本基地", IncubationCode.SPACE_OF_OTHER_BASE)
        return None
    if not (space.is_active and space.for_tenants):
        errors.add(
            field,
            "“%(space)s”为公共功能区或已停用，不能分配给入驻组织",
            IncubationCode.SPACE_NOT_FOR_TENANTS,
            space=space.name,
        )
        return space
    others = (
        Tenancy.objects.unrestricted()
        .filter(space=space)
        .exclude(pk=tenancy.pk)
        .occupying(start, end)
        .values_list("planned_start", "planned_end")
    )
    clipped = [(max(s, start), min(e, end)) for s, e in others]
    if peak(clipped) >= space.capacity:
        errors.add(
            field,
            "“%(space)s”可容纳%(capacity)d个组织，%(start)s至%(end)s期间已满，请另选空间或调整期限",
            IncubationCode.SPACE_FULL,
            space=space.name,
            capacity=space.capacity,
            start=f"{start:%Y-%m-%d}",
            end=f"{end:%Y-%m-%d}",
        )
    return space
