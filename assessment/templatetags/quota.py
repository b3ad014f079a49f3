"""``{% quota_result result %}``: one rule's outcome badge and text in a snapshot table.

A tag rather than an ``{% include %}``: a street's page shows one per community and rule, hundreds
of cells, and an include costs a template render each."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from core import badges

from ..quota.rules import percent

register = template.Library()
EMPTY = '<span class="text-secondary">—</span>'


@register.simple_tag
def quota_result(result: Mapping[str, Any] | None) -> SafeString:
    if not result:
        return mark_safe(EMPTY)
    outcome = badges.badge("assessment.outcome", result["outcome"]) if result["outcome"] else ""
    return format_html('{} <span class="small">{}</span>', outcome, result["text"])


@register.filter
def percent_of(part: float | None, whole: float | None) -> int:
    """``{{ met|percent_of:total }}``: the share in whole percent, by the platform's one rounding rule."""
    return percent(part or 0, whole or 0)


@register.filter
def as_percent(fraction: float | None) -> int:
    """``{{ shortfall|as_percent }}``: a fraction (0.245) in whole percent (25)."""
    return percent(fraction or 0, 1)
