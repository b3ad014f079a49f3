"""Filters every app's filtersets share."""

from __future__ import annotations

import django_filters as filters
from django import forms


class IntegerFilter(filters.NumberFilter):
    """A whole number (a year, an id): ``0.5`` is refused as the schema's ``integer`` says, where
    ``NumberFilter`` would take any decimal."""

    field_class = forms.IntegerField
