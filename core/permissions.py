"""The platform's one permission table: named rules ``<app>.<verb>`` → ``(user, obj) -> bool``.

Each app states who may do what in its own ``permissions`` module and registers the rules there; the
workflows register one rule per transition (``filing.approve`` …). Services, page dispatch, the API's
permission classes and templates (``{% can "filing.approve" application as may_approve %}``) all ask
the same rule, so no template compares a role or a state.

A rule answers for an object already inside the user's jurisdiction (outside it, the object does not
exist); rules that take no object (``filing.apply``) are asked with ``obj=None``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .errors import Code, Denied

Rule = Callable[[Any, Any], bool]
_rules: dict[str, Rule] = {}


def register(name: str, rule: Rule) -> None:
    _rules[name] = rule


def rule(name: str) -> Callable[[Rule], Rule]:
    """Decorator: register a function as the rule ``name``."""

    def decorate(function: Rule) -> Rule:
        register(name, function)
        return function

    return decorate


def can(user: Any, name: str, obj: Any = None) -> bool:
    """Whether the user may; an unknown rule is a programming error, not a refusal."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return bool(_rules[name](user, obj))


def require(user: Any, name: str, obj: Any = None, *, message: str = "您无权办理此事项") -> None:
    """Raise ``Denied`` (403) unless the user may."""
    if not can(user, name, obj):
        raise Denied(message, code=Code.ROLE_NOT_ALLOWED)


def known() -> frozenset[str]:
    return frozenset(_rules)
