"""Pages of the social-work talent register and the street federations."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.generic import CreateView, FormView, UpdateView

from core.http import client_ip
from core.pages import ScopedDetailView, ScopedListView, ScopedMixin, ServiceFormMixin

from .. import services
from ..filtersets import FederationFilterSet, SocialWorkerFilterSet
from ..forms import FederationCreateForm, FederationMembersForm, SocialWorkerForm
from ..models import Federation, SocialWorker


class UserFormKwargsMixin:
    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}


class SocialWorkerListView(ScopedListView):
    model = SocialWorker
    filterset_class = SocialWorkerFilterSet
    select_related = ("community__parent",)
    template_name = "registry/social_worker_list.html"


class SocialWorkerCreateView(UserFormKwargsMixin, ServiceFormMixin, ScopedMixin, CreateView):
    model = SocialWorker
    form_class = SocialWorkerForm
    permission = "registry.add_social_worker"
    denied_message = "您的角色不能登记社会工作人才"
    template_name = "registry/simple_form.html"
    extra_context = {"title": "登记社会工作人才", "back": "social-worker-list"}

    def perform(self, form: SocialWorkerForm) -> SocialWorker:
        return services.social_worker_create(
            actor=self.request.user, data=form.cleaned_data, ip=client_ip(self.request)
        )

    def get_success_url(self) -> str:
        return reverse("social-worker-list")


class SocialWorkerUpdateView(UserFormKwargsMixin, ServiceFormMixin, ScopedMixin, UpdateView):
    model = SocialWorker
    scope_action = "change"
    form_class = SocialWorkerForm
    template_name = "registry/simple_form.html"
    extra_context = {"title": "修改社会工作人才", "back": "social-worker-list"}

    def perform(self, form: SocialWorkerForm) -> SocialWorker:
        return services.social_worker_update(
            actor=self.request.user,
            social_worker_id=self.object.pk,
            data=form.cleaned_data,
            ip=client_ip(self.request),
        )

    def get_success_url(self) -> str:
        return reverse("social-worker-list")


class FederationListView(ScopedListView):
    model = Federation
    filterset_class = FederationFilterSet
    select_related = ("organization", "street__parent")
    template_name = "registry/federation_list.html"

    def get_queryset(self) -> QuerySet[Federation]:
        return super().get_queryset().annotate(member_count=Count("members"))


class FederationDetailView(ScopedDetailView):
    model = Federation
    select_related = ("organization", "street__parent")
    template_name = "registry/federation_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        federation = self.object
        return {
            **super().get_context_data(**kwargs),
            "members": federation.members.select_related("category", "community").order_by("name_pinyin"),
        }


class FederationCreateView(UserFormKwargsMixin, ServiceFormMixin, ScopedMixin, FormView):
    model = Federation
    form_class = FederationCreateForm
    permission = "registry.add_federation"
    denied_message = "您的角色不能设立联合会"
    template_name = "registry/simple_form.html"
    extra_context = {
        "title": "设立联合会",
        "back": "federation-list",
        "intro": "选择本街道（乡镇）作为枢纽的社区社会组织联合会；成立后再勾选会员组织。",
    }

    def perform(self, form: FederationCreateForm) -> Federation:
        return services.federation_create(
            actor=self.request.user,
            organization=form.cleaned_data["organization"],
            founded_on=form.cleaned_data["founded_on"],
            members=[],
            ip=client_ip(self.request),
        )

    def get_success_url(self) -> str:
        return reverse("federation-update", args=[self.object.pk])


class FederationUpdateView(ServiceFormMixin, ScopedMixin, FormView):
    model = Federation
    scope_action = "change"
    form_class = FederationMembersForm
    template_name = "registry/simple_form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            self.federation = (
                self.get_queryset().select_related("organization", "street").filter(pk=kwargs["pk"]).first()
            )
            if self.federation is None:
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(federation=self.federation, user=self.request.user)
        kwargs.setdefault("initial", {}).update(
            founded_on=self.federation.founded_on, members=list(self.federation.members.all())
        )
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "title": f"调整 {self.federation.organization.name}",
            "back": "federation-list",
        }

    def perform(self, form: FederationMembersForm) -> Federation:
        return services.federation_update(
            actor=self.request.user,
            federation_id=self.federation.pk,
            data=form.cleaned_data,
            ip=client_ip(self.request),
        )

    def get_success_url(self) -> str:
        return reverse("federation-detail", args=[self.federation.pk])
