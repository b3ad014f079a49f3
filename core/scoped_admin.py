"""The Django admin applies the same jurisdiction as every page: a scoped model's rows, and the
choices offered for its relations, come from for_user()."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

from .scoping import is_scoped_model


class ScopedAdminMixin:
    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = self.model._default_manager.get_queryset()
        if is_scoped_model(self.model):
            queryset = queryset.for_user(request.user)
        ordering = self.get_ordering(request)
        return queryset.order_by(*ordering) if ordering else queryset

    def _scope_formfield(self, formfield: Any, request: HttpRequest) -> Any:
        if formfield is not None and is_scoped_model(formfield.queryset.model):
            formfield.queryset = formfield.queryset.for_user(request.user)
        return formfield

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        return self._scope_formfield(super().formfield_for_foreignkey(db_field, request, **kwargs), request)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        return self._scope_formfield(super().formfield_for_manytomany(db_field, request, **kwargs), request)
