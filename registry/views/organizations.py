from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import CreateView, UpdateView

from core.http import client_ip
from core.pages import KeysetListView, ScopedDetailView, ScopedMixin, ServiceFormMixin
from core.panels import panels_of
from core.permissions import can

from .. import services
from ..choices import FundingSource
from ..filtersets import OrganizationFilterSet
from ..forms import OrganizationForm
from ..models import Organization
from ..selectors import organization_timeline

LIST_RELATED = ("category", "community__parent")


class OrganizationListView(KeysetListView):
    model = Organization
    filterset_class = OrganizationFilterSet
    select_related = LIST_RELATED
    template_name = "registry/organization_list.html"


class OrganizationDetailView(ScopedDetailView):
    model = Organization
    select_related = LIST_RELATED
    template_name = "registry/organization_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        organization, user = self.object, self.request.user
        context.update(
            personal=kwargs.get("personal")
            or services.organization_personal_data(actor=user, organization=organization),
            revealed="personal" in kwargs,
            timeline=organization_timeline(organization=organization, user=user),
            funding_labels=[
                FundingSource(code).label
                for code in organization.funding_sources
                if code in FundingSource.values
            ],
            domains=list(organization.domains.all()),
            target_groups=list(organization.target_groups.all()),
            # What other apps record of the organization (grades, brands, projects …).
            panels=panels_of("organization", user=user, obj=organization),
        )
        return context


class OrganizationRevealView(OrganizationDetailView):
    """POST only: shows the full ID number and phone once, and records that they were seen."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        personal = services.organization_personal_data(
            actor=request.user, organization=self.object, ip=client_ip(request), reveal=True
        )
        response = self.render_to_response(self.get_context_data(object=self.object, personal=personal))
        response["Cache-Control"] = "no-store"
        return response


# Error reports never carry the leader's ID number or phone.
hide_personal_data = method_decorator(sensitive_post_parameters(*services.PERSONAL_FIELDS), name="dispatch")


@hide_personal_data
class OrganizationCreateView(ServiceFormMixin, ScopedMixin, CreateView):
    model = Organization
    form_class = OrganizationForm
    template_name = "registry/organization_form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not can(request.user, "registry.create_organization"):
            raise PermissionDenied("街道备案的组织须通过备案申请办理；您的角色不能直接登记组织")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form: OrganizationForm) -> Organization:
        return services.organization_create(
            actor=self.request.user, data=form.cleaned_data, ip=client_ip(self.request)
        )

    def get_success_url(self) -> str:
        return reverse("organization-detail", args=[self.object.pk])


@hide_personal_data
class OrganizationUpdateView(ServiceFormMixin, ScopedMixin, UpdateView):
    model = Organization
    scope_action = "change"
    form_class = OrganizationForm
    template_name = "registry/organization_form.html"

    def get_object(self, queryset: Any = None) -> Organization:
        organization = super().get_object(queryset)
        if not can(self.request.user, "registry.change_organization", organization):
            raise PermissionDenied("该组织已不在册，不能修改信息")
        return organization

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form: OrganizationForm) -> Organization:
        return services.organization_update(
            actor=self.request.user,
            organization_id=self.object.pk,
            data=form.cleaned_data,
            ip=client_ip(self.request),
        )

    def get_success_url(self) -> str:
        return reverse("organization-detail", args=[self.object.pk])


class OrganizationCharterView(ScopedMixin, View):
    """The charter file, to users who can see the organization; never a public URL."""

    model = Organization

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        organization = get_object_or_404(self.get_queryset(), pk=pk)
        if not organization.charter:
            raise Http404
        services.record_charter_download(actor=request.user, organization=organization, ip=client_ip(request))
        suffix = organization.charter.name.rsplit(".", 1)[-1]
        return FileResponse(
            organization.charter.open("rb"), as_attachment=True, filename=f"{organization.name}-章程.{suffix}"
        )
