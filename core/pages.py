"""Base classes for pages: the user's jurisdiction and the platform's refusals, applied once.

Every page that shows or changes a scoped object derives from ``ScopedMixin``: its rows come from
``model.objects.for_user(user, scope_action)``, and a service's refusal becomes the same answer on
every page — outside the jurisdiction (any ``DoesNotExist``) the platform's 404, a step the user may
not take a 403, a step from the wrong state or bad data a message beside the form or on the page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Model, QuerySet
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views import View
from django.views.generic import DetailView, ListView

from . import permissions
from .feedback import attach_errors, say_errors
from .http import client_ip
from .keyset import keyset_page
from .scoping import Action
from .workflow import Workflow


class ScopedMixin(LoginRequiredMixin):
    """Rows come from ``model.objects.for_user(user, scope_action)``: outside scope they do not exist.

    ``permission`` names a rule of the permission table the user must pass to use the page at all
    (403 otherwise); rules about one object are asked where the object is known.
    """

    model: ClassVar[type[Model]]
    scope_action: ClassVar[Action] = "view"
    select_related: ClassVar[tuple[str, ...]] = ()
    permission: ClassVar[str] = ""
    denied_message: ClassVar[str] = "您的角色不能办理此事项"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and self.permission:
            permissions.require(request.user, self.permission, message=self.denied_message)
        try:
            return super().dispatch(request, *args, **kwargs)
        except ObjectDoesNotExist as missing:
            raise Http404 from missing

    def get_queryset(self) -> QuerySet[Any]:
        queryset = self.model._default_manager.get_queryset().for_user(self.request.user, self.scope_action)
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


class KeysetListView(ScopedListView):
    """A scoped list paged by keyset (``core.keyset``): every page, the last included, costs what the
    first does. The template shows ``includes/keyset_pagination.html``."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        page = keyset_page(self.object_list, self.request.GET, self.paginate_by)
        self.paginate_by = None  # the page is cut already: no OFFSET paginator on top
        context = super().get_context_data(object_list=page.object_list, **kwargs)
        query = self.request.GET.copy()
        for key in ("page", "after", "before"):
            query.pop(key, None)
        context.update(keyset=page, query_without_page=query.urlencode())
        return context


class ScopedDetailView(ScopedMixin, DetailView):
    pass


class ServiceFormMixin:
    """form_valid hands the cleaned data to a service; its ValidationError lands on the form."""

    def form_valid(self, form: BaseForm) -> HttpResponse:
        try:
            self.object = self.perform(form)
        except ValidationError as error:
            attach_errors(form, error)
            return self.form_invalid(form)
        return HttpResponseRedirect(self.get_success_url())

    def perform(self, form: BaseForm) -> Any:
        raise NotImplementedError


Perform = Callable[[HttpRequest, Any], Any]


@dataclass
class Confirmation:
    """An irreversible step, asked before it is taken: its name, its subject, what will happen."""

    label: str
    subject: str
    summary: list[str]


def confirmation(request: HttpRequest, confirm: Confirmation, *, back_url: str) -> HttpResponse:
    """The confirmation page: the summary, and the same post again (its fields as hidden inputs)."""
    fields = [(name, value) for name, value in request.POST.items() if name != "csrfmiddlewaretoken"]
    context = {
        "confirm": {
            **confirm.__dict__,
            "fields": fields,
            "reason": request.POST.get("reason", "").strip(),
            "action_url": request.path,
            "back_url": back_url,
        }
    }
    return render(request, "layouts/confirm.html", context)


class ActionView(ScopedMixin, View):
    """One button of a detail page, posted: one service call (usually one workflow step).

    ``actions`` maps the action named in the URL to a call ``(request, pk) -> object``; ``done`` to
    what the page says when it went through. A refusal for bad data or the wrong state is said on
    the detail page the user is sent back to.
    """

    http_method_names = ["post"]
    actions: ClassVar[dict[str, Perform]] = {}
    done: ClassVar[dict[str, str]] = {}
    workflow: ClassVar[Workflow | None] = None  # its transitions say what was done, unless ``done`` does
    detail_url: ClassVar[str]
    # Irreversible steps: the first post answers with what will happen, the confirmed one acts.
    confirm: ClassVar[frozenset[str]] = frozenset()

    def post(self, request: HttpRequest, pk: Any, action: str) -> HttpResponse:
        if action not in self.actions:
            raise Http404
        if action in self.confirm and request.POST.get("confirmed") != "yes":
            obj = self.get_queryset().get(pk=pk)
            if self.workflow is None or self.workflow.may(request.user, obj, action):
                back = reverse(self.detail_url, args=[pk])
                return confirmation(request, self.confirmation(action, obj), back_url=back)
        try:
            obj = self.actions[action](request, pk)
        except ValidationError as error:
            say_errors(request, error)
        else:
            messages.success(request, (self.done_message(action, obj) or "已办理。").format(obj=obj))
        return HttpResponseRedirect(reverse(self.detail_url, args=[pk]))

    def confirmation(self, action: str, obj: Any) -> Confirmation:
        """What the confirmation page says of the step: override per page."""
        label = self.workflow.wording(obj, action).label if self.workflow else action
        return Confirmation(label=label, subject=str(obj), summary=[])

    def done_message(self, action: str, obj: Any) -> str:
        """What the page says once the step went through: ``done``, else the workflow's words for
        the row (its variant's, where the transition has them)."""
        if self.done.get(action):
            return self.done[action]
        return self.workflow.wording(obj, action).done if self.workflow else ""


def step_caller(service: Callable[..., Any], id_name: str, **fields: str) -> Perform:
    """An ``ActionView`` action: call ``service`` for the object ``pk`` with the posted ``fields``
    (service keyword → form field name), the acting user and the client's address."""

    def call(request: HttpRequest, pk: Any) -> Any:
        posted = {keyword: request.POST.get(name, "") for keyword, name in fields.items()}
        return service(actor=request.user, ip=client_ip(request), **{id_name: pk}, **posted)

    return call


def object_view(model: type[Model]) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Names the model whose key a function view's URL carries, as ``model`` does on a class view, so
    that the scope sweep (tests/test_scope_sweep.py) knows which object to ask for."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        view.model = model  # type: ignore[attr-defined]
        return view

    return decorate
