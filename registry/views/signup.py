"""Self-service sign-up for people who want to file a new community organization."""

from __future__ import annotations

from django import forms
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.debug import sensitive_post_parameters

from core.bootstrap import BootstrapFormMixin
from core.feedback import attach_errors
from core.ratelimit import hit

from ..errors import RegistryCode
from ..identifiers import validate_mobile
from ..services import applicant_register


class SignupForm(BootstrapFormMixin, forms.Form):
    username = forms.CharField(label="用户名", max_length=150, help_text="字母、数字或 @/./+/-/_")
    full_name = forms.CharField(label="姓名", max_length=50)
    phone = forms.CharField(label="手机号", max_length=11, validators=[validate_mobile])
    password1 = forms.CharField(label="密码", widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label="确认密码", widget=forms.PasswordInput, strip=False)

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password1") != cleaned.get("password2"):
            self.add_error(
                "password2", ValidationError("两次输入的密码不一致", code=RegistryCode.PASSWORD_MISMATCH)
            )
        return cleaned


@sensitive_post_parameters("password1", "password2", "phone")
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return HttpResponseRedirect(reverse("home"))
    form = SignupForm(request.POST or None)
    if request.method == "POST":
        if not hit(request, "signup", 10, 3600):
            return render(request, "registration/signup.html", {"form": form, "too_many": True}, status=429)
        if form.is_valid():
            data = form.cleaned_data
            try:
                user = applicant_register(
                    username=data["username"],
                    full_name=data["full_name"],
                    phone=data["phone"],
                    password=data["password1"],
                )
            except ValidationError as error:
                attach_errors(form, error)
            else:
                login(request, user, backend="core.auth.ScopedModelBackend")
                return HttpResponseRedirect(reverse("application-create") + "?kind=new")
    return render(request, "registration/signup.html", {"form": form})
