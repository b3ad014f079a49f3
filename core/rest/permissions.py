"""The permission table, asked by the API: a DRF permission class per rule."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rest_framework import permissions

from ..errors import Code
from ..permissions import can


def allowed(
    rule: str, *, actions: Iterable[str], message: str, code: str = Code.ROLE_NOT_ALLOWED
) -> type[permissions.BasePermission]:
    """A permission class that asks ``rule`` (with no object) for the viewset's ``actions`` and lets
    every other action through (those are scoped, or ask their own rule of their object)."""
    guarded = frozenset(actions)

    class Allowed(permissions.BasePermission):
        def has_permission(self, request: Any, view: Any) -> bool:
            return view.action not in guarded or can(request.user, rule)

    Allowed.message, Allowed.code = message, code
    Allowed.__name__ = Allowed.__qualname__ = f"Allowed[{rule}]"
    return Allowed
