"""Every user's own password: changing it, and asking for a forgotten one without learning whether a
username exists (the answer reads the same whatever was typed)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from core.feedback import attach_errors, too_many_lookups
from core.http import client_ip
from core.ratelimit import hit

from .. import services
from ..forms import PasswordChangeForm, PasswordResetConfirmForm, PasswordResetRequestForm

RESET_ANSWER = (
    "申请已收到。如该账号存在且可以找回，我们已通过账号登记的电子邮箱发送重置链接，"
    "或已通知管理该账号的工作人员与您联系核实身份后重置密码。"
)
RESET_REQUESTS_PER_HOUR = 5  # from one address


@never_cache
@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account = services.password_change(user=request.user, ip=client_ip(request), **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            update_session_auth_hash(request, account)  # this page's session stays signed in
            messages.success(request, "密码已修改。使用接口的程序须重新获取令牌。")
            return HttpResponseRedirect(reverse("home"))
    return render(request, "registration/password_change.html", {"form": form})


@never_cache
def password_reset(request: HttpRequest) -> HttpResponse:
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST":
        if not hit(request, "password-reset", RESET_REQUESTS_PER_HOUR, 3600):
            return too_many_lookups(request, "registration/password_reset.html", {"form": form}, 3600)
        if form.is_valid():
            services.password_reset_request(username=form.cleaned_data["username"], ip=client_ip(request))
            return render(request, "registration/password_reset.html", {"answer": RESET_ANSWER})
    return render(request, "registration/password_reset.html", {"form": form})


@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
def password_reset_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    form = PasswordResetConfirmForm(request.POST or None)
    try:
        user_id = force_str(urlsafe_base64_decode(uidb64))
    except (TypeError, ValueError):
        user_id = ""
    if request.method != "POST" and services.reset_link_account(user_id=user_id, token=token) is None:
        # Said before anyone types a new password twice into a link that cannot work.
        context = {"form": None, "link_invalid": services.RESET_LINK_INVALID}
        return render(request, "registration/password_reset_confirm.html", context)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_reset_confirm(
                user_id=user_id, token=token, ip=client_ip(request), **form.cleaned_data
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, "新密码已设置，请登录。")
            return HttpResponseRedirect(reverse("login"))
    return render(request, "registration/password_reset_confirm.html", {"form": form})
