"""The bureau's pages for registered organizations: open a case, read it, decide or withdraw it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import FormView

from core.feedback import attach_errors
from core.pages import ActionView, Confirmation, ScopedDetailView, ScopedMixin, step_caller
from core.permissions import can
from core.trail import history_of
from registry.models import Organization

from .. import services
from ..choices import RegistrationCaseKind
from ..forms import RegistrationCaseForm
from ..models import RegistrationCase
from ..services.registration import REGISTRATION_CASE

# What a decision does, said before it is taken.
CONSEQUENCES = {
    RegistrationCaseKind.CHANGE: "组织的登记信息按变更事项更新，原信息保留在变更记录中。",
    RegistrationCaseKind.DEREGISTRATION: "组织注销、移出名录，并以本局名义向社会发布注销登记公告。",
    RegistrationCaseKind.REVOCATION: (
        "组织的登记被撤销、移出名录，并以本局名义向社会发布撤销登记公告（含事由）。"
    ),
}


class RegistrationCaseCreateView(ScopedMixin, FormView):
    """Opened from a registered organization's page, by the bureau over it."""

    model = Organization
    form_class = RegistrationCaseForm
    template_name = "filing/registration_case_form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            self.organization = get_object_or_404(
                self.get_queryset().select_related("community"), pk=kwargs["pk"]
            )
            if not can(request.user, "filing.open_registration_case", self.organization):
                raise PermissionDenied("依法登记的组织由登记管理机关（民政局）办理")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "organization": self.organization}

    def form_valid(self, form: RegistrationCaseForm) -> HttpResponse:
        try:
            case = services.registration_case_open(
                actor=self.request.user,
                organization_id=self.organization.pk,
                kind=form.cleaned_data["kind"],
                grounds=form.cleaned_data["grounds"],
                changes=form.changes(),
            )
        except ValidationError as error:
            attach_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "已立案，核对后作出决定。")
        return HttpResponseRedirect(reverse("registration-case-detail", args=[case.pk]))


class RegistrationCaseDetailView(ScopedDetailView):
    model = RegistrationCase
    select_related = ("organization__community__parent", "announcement")
    template_name = "filing/registration_case_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        case, user = self.object, self.request.user
        labels = {name: str(field.label) for name, field in RegistrationCaseForm.base_fields.items()}
        return {
            **super().get_context_data(**kwargs),
            "actions": {t.action: t for t in REGISTRATION_CASE.allowed(user, case)},
            "changes": [(labels.get(name, name), value) for name, value in case.changes.items()],
            "consequence": CONSEQUENCES[case.kind],
            "events": history_of(case, user=user),
        }


class RegistrationCaseActionView(ActionView):
    model = RegistrationCase
    select_related = ("organization",)
    detail_url = "registration-case-detail"
    workflow = REGISTRATION_CASE
    confirm = frozenset({"decide"})
    actions = {
        "decide": step_caller(services.registration_case_decide, "case_id", note="reason"),
        "withdraw": step_caller(services.registration_case_withdraw, "case_id", reason="reason"),
    }

    def confirmation(self, action: str, obj: RegistrationCase) -> Confirmation:
        return Confirmation(
            label=f"{obj.get_kind_display()}决定",
            subject=obj.organization.name,
            summary=[f"{obj.get_kind_display()}：{obj.organization.name}", CONSEQUENCES[obj.kind]],
        )
