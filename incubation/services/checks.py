"""Checks the incubation services share: each adds coded, field-specific errors to an ``Errors`` and
all of a form's problems are reported at once."""

from __future__ import annotations

import calendar
import contextlib
import datetime
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from core import dates
from core.errors import Code

from ..errors import IncubationCode

PHONE = re.compile(r"^(?:0\d{2,3}-?\d{7,8}(?:-\d{1,6})?|1[3-9]\d{9}|400-?\d{3}-?\d{4})$")


class Errors(dict[str, list[ValidationError]]):
    """Field name → its errors; ``raise_if_any`` raises them as one ValidationError."""

    def add(self, field: str, message: str, code: str, **params: Any) -> None:
        self.setdefault(field, []).append(ValidationError(message, code=code, params=params or None))

    def raise_if_any(self) -> None:
        if self:
            raise ValidationError(dict(self))


def text(
    errors: Errors, data: Mapping[str, Any], name: str, label: str, limit: int, *, required: bool = True
) -> str:
    value = str(data.get(name) or "").strip()
    if required and not value:
        errors.add(name, f"请填写{label}", Code.REQUIRED)
    elif len(value) > limit:
        errors.add(name, f"{label}不能超过%(max)d个字", Code.TOO_LONG, max=limit)
    return value


def phone(errors: Errors, data: Mapping[str, Any], name: str, label: str) -> str:
    value = "".join(str(data.get(name) or "").split())
    if not value:
        errors.add(name, f"请填写{label}", Code.REQUIRED)
    elif not PHONE.match(value):
        errors.add(name, f"{label}应为手机号码或带区号的固定电话", Code.INVALID)
    return value


def date(errors: Errors, data: Mapping[str, Any], name: str, label: str, *, required: bool = True) -> Any:
    value = data.get(name)
    if value in (None, ""):
        if required:
            errors.add(name, f"请填写{label}", Code.REQUIRED)
        return None
    if isinstance(value, str):  # a date posted from a page's button form, as YYYY-MM-DD
        with contextlib.suppress(ValueError):
            value = datetime.date.fromisoformat(value.strip())
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        errors.add(name, f"{label}应为日期，如2025-06-30", Code.INVALID)
        return None
    if not dates.is_sane(value):
        errors.add(name, f"{label}：{dates.MESSAGE}", Code.DATE_OUT_OF_RANGE)
        return None
    return value


def not_in_future(errors: Errors, name: str, label: str, value: datetime.date | None) -> None:
    if value is not None and value > timezone.localdate():
        errors.add(name, f"{label}不能晚于今天", IncubationCode.FUTURE_DATE)


def ordered(errors: Errors, name: str, start: Any, end: Any, message: str = "结束日期应晚于开始日期") -> None:
    if start is not None and end is not None and end <= start:
        errors.add(name, message, IncubationCode.ENDS_BEFORE_START)


def integer(
    errors: Errors,
    data: Mapping[str, Any],
    name: str,
    label: str,
    *,
    minimum: int,
    maximum: int,
    codes: tuple[str, str],
    required: bool = True,
) -> int | None:
    """An integer between ``minimum`` and ``maximum``; ``codes`` are those of too small and too large."""
    value = data.get(name)
    if value in (None, ""):
        if required:
            errors.add(name, f"请填写{label}", Code.REQUIRED)
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(str(value))
        except ValueError:
            errors.add(name, f"{label}应为整数", Code.INVALID)
            return None
    if value < minimum:
        errors.add(name, f"{label}至少为%(min)d", codes[0], min=minimum)
    elif value > maximum:
        errors.add(name, f"{label}不能超过%(max)d", codes[1], max=maximum)
    return value


def decimal(
    errors: Errors,
    data: Mapping[str, Any],
    name: str,
    label: str,
    *,
    maximum: Decimal,
    codes: tuple[str, str],
    places: int,
) -> Decimal | None:
    """A positive amount with at most ``places`` decimals, up to ``maximum``."""
    value = data.get(name)
    if value in (None, ""):
        errors.add(name, f"请填写{label}", Code.REQUIRED)
        return None
    try:
        value = Decimal(str(value))
    except InvalidOperation:
        errors.add(name, f"{label}应为数字", Code.INVALID)
        return None
    if not value.is_finite():
        errors.add(name, f"{label}应为数字", Code.INVALID)
        return None
    if value <= 0:
        errors.add(name, f"{label}应大于0", codes[0])
    elif value > maximum:
        errors.add(name, f"{label}不能超过%(max)s", codes[1], max=f"{maximum:,}")
    elif value != value.quantize(Decimal(1).scaleb(-places)):
        errors.add(name, f"{label}最多保留%(places)d位小数", Code.INVALID, places=places)
    return value


def choice(errors: Errors, data: Mapping[str, Any], name: str, label: str, choices: Any) -> str:
    value = str(data.get(name) or "")
    if not value:
        errors.add(name, f"请选择{label}", Code.REQUIRED)
    elif value not in choices.values:
        errors.add(name, f"请选择有效的{label}", Code.INVALID_CHOICE)
    return value


def choices(errors: Errors, data: Mapping[str, Any], name: str, label: str, options: Any) -> list[str]:
    values = data.get(name) or []
    if isinstance(values, str) or not isinstance(values, list | tuple):
        errors.add(name, f"请选择有效的{label}", Code.INVALID_CHOICE)
        return []
    unknown = [str(value) for value in values if value not in options.values]
    if unknown:
        errors.add(name, f"未知的{label}：%(unknown)s", Code.INVALID_CHOICE, unknown="、".join(unknown))
    return [value for value in options.values if value in values]


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (the month's last day when it has no such day)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
