"""Pages where the bureau and the street office keep the accounts of their jurisdiction.

A one-time password is shown once, on the page that answers the post that made it, and kept nowhere:
the page is not cached and the password never travels in a URL, a message or the session.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views import View
from django.views.generic import FormView, UpdateView

from core.feedback import attach_errors
from core.http import client_ip
from core.pages import (
    ActionView,
    ScopedDetailView,
    ScopedListView,
    ScopedMixin,
    ServiceFormMixin,
    step_caller,
)
from core.trail import history_of

from .. import services
from ..choices import Role
from ..filtersets import AccountFilterSet
from ..forms import AccountCreateForm, AccountEditForm
from ..models import User

KEEPERS_ONLY = "您的角色不能管理账号"


def _shown_once(request: HttpRequest, account: User, password: str, heading: str) -> HttpResponse:
    response = render(
        request,
        "registry/account_password.html",
        {"account": account, "password": password, "heading": heading},
    )
    response["Cache-Control"] = "no-store"
    return response


class AccountListView(ScopedListView):
    model = User
    permission = "registry.manage_accounts"
    denied_message = KEEPERS_ONLY
    filterset_class = AccountFilterSet
    select_related = ("region", "organization")
    template_name = "registry/account_list.html"

    def get_queryset(self) -> QuerySet[User]:
        return super().get_queryset().order_by("username")


class AccountDetailView(ScopedDetailView):
    """One account of the jurisdiction (anyone's own account too: its page has nothing to change)."""

    model = User
    select_related = ("region", "organization")
    template_name = "registry/account_detail.html"
    context_object_name = "account"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "events": history_of(self.object, user=self.request.user),
        }


class AccountCreateView(ScopedMixin, FormView):
    model = User
    permission = "registry.manage_accounts"
    denied_message = KEEPERS_ONLY
    form_class = AccountCreateForm
    template_name = "registry/simple_form.html"
    extra_context = {
        "title": "开设账号",
        "back": "account-list",
        "intro": "账号开设后显示一次性临时密码，请当面或电话告知本人；本人首次登录须修改密码。",
    }

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self) -> dict[str, Any]:
        # From an organization's page: an account of that organization.
        organization = self.request.GET.get("organization", "")
        return {"role": Role.ORGANIZATION, "organization": organization} if organization.isdigit() else {}

    def form_valid(self, form: AccountCreateForm) -> HttpResponse:
        try:
            account, password = services.account_open(
                actor=self.request.user, data=form.cleaned_data, ip=client_ip(self.request)
            )
        except ValidationError as error:
            attach_errors(form, error)
            return self.form_invalid(form)
        return _shown_once(self.request, account, password, "账号已开设")


class AccountUpdateView(ServiceFormMixin, ScopedMixin, UpdateView):
    model = User
    scope_action = "change"
    form_class = AccountEditForm
    template_name = "registry/simple_form.html"
    extra_context = {"title": "修改账号信息", "back": "account-list"}

    def perform(self, form: AccountEditForm) -> User:
        return services.user_update(
            actor=self.request.user,
            user_id=self.object.pk,
            data=form.cleaned_data,
            ip=client_ip(self.request),
        )

    def get_success_url(self) -> str:
        return reverse("account-detail", args=[self.object.pk])


class AccountResetPasswordView(ScopedMixin, View):
    """Reset an account's password: the new one-time password is the answer to this post."""

    model = User
    scope_action = "change"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        account, password = services.account_reset_password(
            actor=request.user, user_id=pk, ip=client_ip(request)
        )
        return _shown_once(request, account, password, "密码已重置")


class AccountActionView(ActionView):
    model = User
    detail_url = "account-detail"
    actions = {
        "deactivate": step_caller(services.user_deactivate, "user_id", reason="reason"),
        "reactivate": step_caller(services.user_reactivate, "user_id", reason="reason"),
    }
    done = {"deactivate": "账号已停用，该账号的登录和接口令牌随即失效。", "reactivate": "账号已启用。"}
