"""Base API classes: the jurisdiction is applied here, once, for every endpoint."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers, viewsets

from ..scoping import Action

CHANGE_ACTIONS = frozenset({"update", "partial_update", "destroy"})


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
