"""How a state shows: one badge per value, registered by the app that owns the states.

Templates write ``{% state_badge application %}`` (or ``{% badge "assessment.outcome" value %}`` for a
value that is not a model field) and never compare state strings themselves.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models
from django.utils.html import format_html
from django.utils.safestring import SafeString

_badges: dict[str, dict[str, tuple[str, str]]] = {}


def register_badges(
    key: str, choices: Iterable[tuple[str, str]], colours: Mapping[str, str], default: str = "primary"
) -> None:
    """``key`` is ``app_label.model.field`` for a model field, or any name for plain values."""
    _badges[key] = {str(value): (label, colours.get(value, default)) for value, label in choices}


def badge_key(model: type[models.Model] | models.Model, field: str = "state") -> str:
    return f"{model._meta.label_lower}.{field}"


def colour(key: str, value: Any) -> str:
    return _badges[key].get(str(value), ("", "secondary"))[1]


def badge(key: str, value: Any, label: str | None = None) -> SafeString:
    known, colour = _badges[key].get(str(value), (str(value), "secondary"))
    label = label or known
    classes = f"text-bg-{colour}" + (" border" if colour == "light" else "")
    return format_html('<span class="badge {}" data-state="{}">{}</span>', classes, value, label)
