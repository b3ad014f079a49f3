"""Base classes for pages: the user's jurisdiction is applied here, once, for every view."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import BaseForm
from django.http import HttpResponse, HttpResponseRedirect
from django.views.generic import DetailView, ListView

from ..scoping import Action


class ScopedMixin(LoginRequiredMixin):
    """Rows come from ``model.objects.for_user(user, scope_action)``: outside scope they do not exist."""

    scope_action: ClassVar[Action] = "view"
    select_related: ClassVar[tuple[str, ...]] = ()

    def get_queryset(self) -> QuerySet[Any]:
        queryset = self.model.objects.for_user(self.request.user, self.scope_action)
        return queryset.select_related(*self.select_related) if self.select_related else queryset


class ScopedListView(ScopedMixin, ListView):
    """A list narrowed by the model's one filterset, shared with the API."""

    filterset_class: ClassVar[type | None] = None
    paginate_by = 50

    def get_queryset(self) -> QuerySet[Any]:
        queryset = super().get_queryset()
        self.filterset = None
        if self.filterset_class is not None:
            self.filterset = self.filterset_class(self.request.GET or None, queryset, request=self.request)
            # An invalid filter value shows the form's message and an empty list, never a 500.
            queryset = (
                self.filterset.qs
                if self.filterset.is_bound and self.filterset.is_valid()
                else (queryset if not self.filterset.is_bound else queryset.none())
            )
        return queryset

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["filterset"] = self.filterset
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_without_page"] = query.urlencode()
        return context


class ScopedDetailView(ScopedMixin, DetailView):
    pass


class ServiceFormMixin:
    """form_valid hands the cleaned data to a service; its ValidationError lands on the form."""

    def form_valid(self, form: BaseForm) -> HttpResponse:
        try:
            self.object = self.perform(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        return HttpResponseRedirect(self.get_success_url())

    def perform(self, form: BaseForm) -> Any:
        raise NotImplementedError
