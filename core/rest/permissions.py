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
    """A permission class that asks ``rule`` for the viewset's ``actions`` and lets every other action
    through (those are scoped, or ask their own rule of their object). On a detail route the rule is
    asked of the object once it has been found in the user's scope: outside it, a 404 comes first."""
    guarded = frozenset(actions)

    class Allowed(permissions.BasePermission):
        def has_permission(self, request: Any, view: Any) -> bool:
            if view.action not in guarded or getattr(view, "detail", False):
                return True
            return can(request.user, rule)

        def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
            return view.action not in guarded or can(request.user, rule, obj)

    Allowed.message, Allowed.code = message, code
    Allowed.__name__ = Allowed.__qualname__ = f"Allowed[{rule}]"
    return Allowed


class StaffOnly(permissions.BasePermission):
    """Signed-in staff of a jurisdiction (or a superuser): the API's schema and its documentation
    describe every endpoint and field, which is nobody else's business."""

    message = "仅限工作人员登录后查看"

    def has_permission(self, request: Any, view: Any) -> bool:
        user = request.user
        return bool(
            user and user.is_authenticated and (user.is_superuser or getattr(user, "is_staff_role", False))
        )
