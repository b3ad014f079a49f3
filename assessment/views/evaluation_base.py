"""What the evaluation pages share: a form page that hands its data to one service, optionally for one
object of the user's scope, and puts the service's refusals beside the fields."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.generic import FormView

from core.feedback import attach_errors
from core.http import client_ip
from core.pages import ScopedMixin
from core.permissions import require

FORM_TEMPLATE = "assessment/evaluation/form.html"


class EvaluationFormView(ScopedMixin, FormView):
    """A form page calling one service. With ``object_rule`` the page belongs to one object (its key in
    the URL): loaded in the user's scope (404 outside) and checked against that rule (403)."""

    template_name = FORM_TEMPLATE
    title: ClassVar[str] = ""
    intro: ClassVar[str] = ""
    submit_label: ClassVar[str] = "提交"
    done: ClassVar[str] = "已保存。"
    multipart: ClassVar[bool] = False
    object_rule: ClassVar[str] = ""
    object_denied: ClassVar[str] = "您无权办理此事项"
    back: ClassVar[str] = "home"  # the URL name of the page the form returns to
    object: Model | None = None

    def setup_object(self) -> None:
        if "pk" in self.kwargs and self.object is None:
            self.object = self.get_queryset().get(pk=self.kwargs["pk"])
            if self.object_rule:
                require(self.request.user, self.object_rule, self.object, message=self.object_denied)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_object()
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_object()
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "object": self.object,
            "title": self.title,
            "intro": self.intro,
            "submit_label": self.submit_label,
            "multipart": self.multipart,
            "back_url": self.back_url(),
        }

    def back_url(self) -> str:
        return reverse(self.back, args=[self.object.pk]) if self.object is not None else reverse(self.back)

    @property
    def ip(self) -> str | None:
        return client_ip(self.request)

    def form_valid(self, form: BaseForm) -> HttpResponse:
        try:
            result = self.perform(form)
        except ValidationError as error:
            attach_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.done)
        return HttpResponseRedirect(self.success_url_for(result))

    def perform(self, form: BaseForm) -> Any:
        raise NotImplementedError

    def success_url_for(self, result: Any) -> str:
        raise NotImplementedError
