"""Staff pages of the street office's duties: revocation (取消备案), announcements (公告) and the
review of dormant organizations (僵尸型). Each write is one service call."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views import View
from django.views.generic import FormView

from core.feedback import attach_errors, say_errors, say_form_errors
from core.http import client_ip
from core.pages import ScopedListView, ScopedMixin
from core.permissions import can
from registry.models import Organization

from .. import services
from ..certificates import issuing_authority
from ..choices import AnnouncementKind, DormancyReason, DormancyState, RevocationGround
from ..forms import (
    AnnouncementForm,
    RevocationForm,
    UnreachableForm,
    revocable_organizations,
)
from ..models import Announcement, DormancyFlag

# -- revocation -------------------------------------------------------------------------------------


class OrganizationRevokeView(ScopedMixin, FormView):
    """The street's revocation decision; other users, and organizations it may not revoke, are 404."""

    model = Organization
    form_class = RevocationForm
    template_name = "filing/revoke_form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            self.organization = get_object_or_404(
                revocable_organizations(request.user).select_related("community__parent", "category"),
                pk=kwargs["pk"],
            )
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        ground = self.request.GET.get("ground", "")
        return {"ground": ground} if ground in RevocationGround.values else {}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "organization": self.organization}

    def form_valid(self, form: RevocationForm) -> HttpResponse:
        try:
            services.organization_revoke(
                actor=self.request.user,
                organization_id=self.organization.pk,
                ground=form.cleaned_data["ground"],
                investigation=form.cleaned_data["investigation"],
                reason=form.cleaned_data["reason"],
                evidence=form.cleaned_data.get("evidence"),
                confirmed=form.cleaned_data.get("confirmed", False),
                ip=client_ip(self.request),
            )
        except ValidationError as error:
            attach_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"已取消“{self.organization.name}”的备案，并发布公告。")
        return HttpResponseRedirect(reverse("organization-detail", args=[self.organization.pk]))


# -- announcements ----------------------------------------------------------------------------------


class AnnouncementListView(ScopedListView):
    model = Announcement
    select_related = ("region", "organization")
    template_name = "filing/announcement_list.html"


class AnnouncementCreateView(ScopedMixin, FormView):
    """A notice or a policy document in the name of the user's own street office or bureau."""

    model = Announcement
    form_class = AnnouncementForm
    template_name = "filing/announcement_form.html"
    permission = "filing.publish_announcement"
    denied_message = "只有街道办事处（乡镇人民政府）和民政局可以发布公告"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        authority = issuing_authority(self.request.user.region)
        return {**super().get_context_data(**kwargs), "authority": authority}

    def form_valid(self, form: AnnouncementForm) -> HttpResponse:
        try:
            services.announcement_publish(
                actor=self.request.user,
                region=self.request.user.region,
                kind=form.cleaned_data["kind"] or AnnouncementKind.NOTICE,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                attachment=form.cleaned_data.get("attachment"),
                ip=client_ip(self.request),
            )
        except ValidationError as error:
            attach_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "公告已发布。")
        return HttpResponseRedirect(reverse("announcement-list"))


# -- dormant organizations --------------------------------------------------------------------------


class DormancyListView(ScopedListView):
    """Open flags of the jurisdiction, oldest concern first, with the street's two answers."""

    model = DormancyFlag
    select_related = ("organization__community", "organization__category", "street")
    template_name = "filing/dormancy_list.html"

    def get_queryset(self) -> QuerySet[DormancyFlag]:
        return super().get_queryset().filter(state=DormancyState.OPEN).order_by("flagged_at", "id")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        labels = dict(DormancyReason.choices)
        for flag in context["object_list"]:
            flag.reason_labels = [labels.get(code, code) for code in flag.reasons]
        user = self.request.user
        context.update(
            unreachable_form=UnreachableForm(user=user) if can(user, "filing.own_street") else None,
            dormant_ground=RevocationGround.DORMANT.value,
        )
        return context


class DormancyDismissView(ScopedMixin, View):
    """复核正常: the street found the organization working; a note is required."""

    model = DormancyFlag
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            flag = services.dormancy_dismiss(
                actor=request.user, flag_id=pk, note=request.POST.get("note", ""), ip=client_ip(request)
            )
        except ValidationError as error:
            say_errors(request, error)
        else:
            messages.success(request, f"已将“{flag.organization.name}”复核为正常。")
        return HttpResponseRedirect(reverse("dormancy-list"))


class DormancyFlagView(ScopedMixin, View):
    """Mark an organization the street cannot reach (无法取得联系)."""

    model = DormancyFlag
    http_method_names = ["post"]
    permission = "filing.own_street"
    denied_message = "只有街道办事处（乡镇人民政府）可以标记"

    def post(self, request: HttpRequest) -> HttpResponse:
        form = UnreachableForm(request.POST, user=request.user)
        if not form.is_valid():
            say_form_errors(request, form)
            return HttpResponseRedirect(reverse("dormancy-list"))
        organization = form.cleaned_data["organization"]
        try:
            services.dormancy_flag_unreachable(
                actor=request.user,
                organization_id=organization.pk,
                note=form.cleaned_data["note"],
                ip=client_ip(request),
            )
        except ValidationError as error:
            say_errors(request, error)
        else:
            messages.success(request, f"已将“{organization.name}”标记为无法取得联系，待复核。")
        return HttpResponseRedirect(reverse("dormancy-list"))
