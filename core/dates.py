"""The dates the platform accepts from anyone: every date typed into a form, sent to the API or read
from an imported sheet lies between ``EARLIEST`` and ``LATEST``.

Nothing the platform records happened before 1900 or is planned past 2099; a date outside is a
typing slip (9999-12-31, 0001-01-01) that would otherwise reach deadline arithmetic and charts.
The bound is installed on Django's and DRF's ``DateField`` and ``DateTimeField`` (and so on every
model form, serializer and date filter) when the core app starts: an endpoint added later inherits it
without asking.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from rest_framework import serializers

from .errors import Code

EARLIEST = datetime.date(1900, 1, 1)
LATEST = datetime.date(2099, 12, 31)
MESSAGE = "日期应在1900年1月1日至2099年12月31日之间"


def sane_date(value: datetime.date | None) -> None:
    """Refuse a date outside ``EARLIEST`` … ``LATEST`` with a coded field error."""
    if value is None:
        return
    if not is_sane(value.date() if isinstance(value, datetime.datetime) else value):
        raise ValidationError(MESSAGE, code=Code.DATE_OUT_OF_RANGE)


def is_sane(day: datetime.date) -> bool:
    """Whether ``day`` lies in the range (for dates parsed by hand, outside a form or serializer)."""
    return EARLIEST <= day <= LATEST


class SaneDateField(serializers.DateField):
    """A serializer's date generated from a model field: the model's own validators replace DRF's
    defaults, so the range is added to them."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if sane_date not in self.validators:
            self.validators = [*self.validators, sane_date]


def install() -> None:
    """Every date and date-time field of a form or a serializer checks the range (module docstring)."""
    for field_class in (
        forms.DateField,
        forms.DateTimeField,
        serializers.DateField,
        serializers.DateTimeField,
    ):
        if sane_date not in field_class.default_validators:
            field_class.default_validators = [*field_class.default_validators, sane_date]
    serializers.ModelSerializer.serializer_field_mapping[models.DateField] = SaneDateField
