"""What the incubation pages share: a form about one object of the user's scope, and the generic
form template's context."""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.views.generic import FormView

from core.pages import ScopedMixin, ServiceFormMixin
from core.permissions import require

FORM_TEMPLATE = "incubation/form.html"


class FormPage(ServiceFormMixin, ScopedMixin, FormView):
    """A form page whose data one service call writes; ``title``, ``intro`` and ``crumbs`` (pairs of
    URL and label) fill the generic template."""

    template_name = FORM_TEMPLATE
    title: ClassVar[str] = ""
    intro: ClassVar[str] = ""
    submit_label: ClassVar[str] = "保存"

    def crumbs(self) -> list[tuple[str, str]]:
        return []

    def cancel_url(self) -> str:
        crumbs = self.crumbs()
        return crumbs[-1][0] if crumbs else "/"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "title": self.get_title(),
            "intro": self.intro,
            "crumbs": self.crumbs(),
            "submit_label": self.submit_label,
            "cancel_url": self.cancel_url(),
        }

    def get_title(self) -> str:
        return self.title

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), **self.form_arguments()}

    def form_arguments(self) -> dict[str, Any]:
        return {}


class ObjectFormPage(FormPage):
    """A form about one object: outside the user's scope it does not exist (404, before anything else
    is asked), then ``rule`` is asked of it (403)."""

    rule: ClassVar[str] = ""
    denied_message = "您无权办理此事项"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            try:
                self.subject = self.get_queryset().get(pk=kwargs["pk"])
            except ObjectDoesNotExist as missing:
                raise Http404 from missing
            self.check(request)
        return super().dispatch(request, *args, **kwargs)

    def check(self, request: HttpRequest) -> None:
        if self.rule:
            require(request.user, self.rule, self.subject, message=self.denied_message)
