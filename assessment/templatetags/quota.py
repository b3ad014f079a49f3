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

register = template.Library()
EMPTY = '<span class="text-secondary">—</span>'


@register.simple_tag
def quota_result(result: Mapping[str, Any] | None) -> SafeString:
    if not result:
        return mark_safe(EMPTY)
    outcome = badges.badge("assessment.outcome", result["outcome"]) if result["outcome"] else ""
    return format_html('{} <span class="small">{}</span>', outcome, result["text"])
