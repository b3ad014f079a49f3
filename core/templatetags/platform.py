"""Template tags of the platform core: permissions and the trail."""

from __future__ import annotations

from typing import Any

from django import template

from .. import badges, exports, permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context: dict[str, Any], name: str, obj: Any = None) -> bool:
    """``{% can "filing.approve" application as may_approve %}``: the permission table's answer."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return permissions.can(user, name, obj)


@register.simple_tag
def state_badge(obj: Any, field: str = "state") -> str:
    """``{% state_badge application %}``, ``{% state_badge organization "status" %}``."""
    # A model may name a value its own way (a deregistration approved is 已注销, not 已备案).
    display = getattr(obj, f"get_{field}_display", None)
    return badges.badge(
        badges.badge_key(obj, field), getattr(obj, field), label=display() if display else None
    )


@register.simple_tag
def badge(key: str, value: Any) -> str:
    """``{% badge "assessment.outcome" result.outcome %}`` for values that are not a model's field."""
    return "" if value in (None, "") else badges.badge(key, value)


@register.inclusion_tag("includes/export_button.html", takes_context=True)
def export_button(context: dict[str, Any], name: str, label: str = "导出 Excel") -> dict[str, Any]:
    """``{% export_button "registry.organizations" %}``: exports the list on screen, with its filters.
    The choice of personal data in full is offered only to those the list's rule allows."""
    request = context.get("request")
    user = getattr(request, "user", None)
    spec = exports.spec_named(name)
    query = request.GET.copy() if request is not None else {}
    if query:
        query.pop("page", None)
    return {
        "name": name,
        "label": label,
        "query": query.urlencode() if query else "",
        "next": request.get_full_path() if request is not None else "",
        "may_reveal": spec.reveal is not None and permissions.can(user, spec.reveal.rule),
        "csrf_token": context.get("csrf_token"),
    }
