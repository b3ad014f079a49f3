"""Base API classes: the jurisdiction is applied here, once, for every endpoint."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import permissions, serializers, viewsets

from ..scoping import Action

CHANGE_ACTIONS = frozenset({"update", "partial_update", "destroy"})


class CanCreateInScope(permissions.BasePermission):
    """Creating needs a role that manages some tier; where it may place the object the service decides."""

    message = "您的角色不能登记组织"

    def has_permission(self, request: Any, view: Any) -> bool:
        return view.action != "create" or bool(request.user.editable_tiers)


class ScopedViewSetMixin:
    """Rows come from ``model.objects.for_user(user, action)``; outside scope an object is a 404."""

    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()

    def scope_action(self) -> Action:
        return "change" if self.action in CHANGE_ACTIONS else "view"

    def get_queryset(self) -> QuerySet[Any]:
        queryset = self.queryset.model.objects.for_user(self.request.user, self.scope_action())
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        return queryset


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ScopedSlugRelatedField(serializers.SlugRelatedField):
    """Only objects inside the requesting user's jurisdiction can be referenced."""

    def __init__(self, *, scope: Any = None, **kwargs: Any) -> None:
        self.scope = scope
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet[Any]:
        queryset = super().get_queryset()
        return self.scope(queryset, self.context["request"].user) if self.scope else queryset
