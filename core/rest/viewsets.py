"""Base API classes: the jurisdiction is applied here, once, for every endpoint."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Model, QuerySet
from rest_framework import serializers, viewsets

from ..scoping import Action

CHANGE_ACTIONS = frozenset({"update", "partial_update", "destroy"})


class ScopedViewSetMixin:
    """Rows come from ``model.objects.for_user(user, action)``; outside scope an object is a 404."""

    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()

    def scope_action(self) -> Action:
        return "change" if self.action in CHANGE_ACTIONS else "view"

    def validated(self, serializer_class: type, *, partial: bool = False) -> dict[str, Any]:
        """The request's data shaped by ``serializer_class``. On a detail route the object is looked up
        first: outside the user's scope the answer is a 404, before any complaint about the data."""
        if getattr(self, "detail", False):
            self.get_object()
        serializer = serializer_class(
            data=self.request.data, context=self.get_serializer_context(), partial=partial
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

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
    """References resolve only among the objects ``scope(user)`` gives the requesting user: one outside
    them is answered exactly like one that does not exist, so an id tells an outsider nothing."""

    def __init__(self, *, model: type[Model], scope: Callable[[Any], QuerySet[Any]], **kwargs: Any) -> None:
        self.scope = scope
        super().__init__(queryset=model._default_manager.none(), **kwargs)

    def get_queryset(self) -> QuerySet[Any]:
        return self.scope(self.context["request"].user)


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """The same, referenced by primary key."""

    def __init__(self, *, model: type[Model], scope: Callable[[Any], QuerySet[Any]], **kwargs: Any) -> None:
        self.scope = scope
        super().__init__(queryset=model._default_manager.none(), **kwargs)

    def get_queryset(self) -> QuerySet[Any]:
        return self.scope(self.context["request"].user)
