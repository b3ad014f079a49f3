from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from core.bootstrap import BootstrapFormMixin

from .choices import FundingSource, Role
from .formfields import CommunityChoiceField
from .models import Category, Federation, Organization, Region, ServiceDomain, SocialWorker, TargetGroup, User
from .permissions import grantable_roles
from .services import PERSONAL_FIELDS, editable_tier_choices, signin


class OrganizationForm(BootstrapFormMixin, forms.ModelForm):
    """Collects and shapes the input; organization_create/update decide and write."""

    community = CommunityChoiceField(label="所属社区/村", queryset=Region.objects.none())
    category = forms.ModelChoiceField(label="组织类别", queryset=Category.objects.filter(is_active=True))
    domains = forms.ModelMultipleChoiceField(
        label="服务领域",
        queryset=ServiceDomain.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    target_groups = forms.ModelMultipleChoiceField(
        label="服务对象",
        queryset=TargetGroup.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    funding_sources = forms.MultipleChoiceField(
        label="经费来源", choices=FundingSource.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Organization
        fields = [
            "name",
            "tier",
            "category",
            "community",
            "founded_on",
            "member_count",
            "venue",
            "leader_name",
            "leader_id_number",
            "leader_phone",
            "credit_code",
            "party_building",
            "leader_party_member",
            "funding_sources",
            "domains",
            "target_groups",
            "charter",
        ]
        widgets = {
            "founded_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            # Uploads have no public URL (they are served by a scoped view), so the widget must not
            # ask the stored file for one; the page links the stored charter itself.
            "charter": forms.FileInput(attrs={"accept": ".pdf,.docx,.jpg,.jpeg,.png"}),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        creating = self.instance.pk is None
        self.fields["tier"].choices = [("", "---------"), *editable_tier_choices(user, creating=creating)]
        self.fields["community"].queryset = (
            Region.objects.for_user(user).communities().select_related("parent").order_by("code")
        )
        # Personal data is never pre-filled into a page; left blank, the stored value stays.
        self._stored_personal = {}
        if self.instance.pk:
            for name in PERSONAL_FIELDS:
                self._stored_personal[name] = getattr(self.instance, name)
                self.fields[name].required = False
                self.fields[name].widget.attrs["placeholder"] = "已保存，不修改请留空"
                self.initial[name] = ""
            if self.instance.charter:
                self.fields["charter"].help_text = "已上传章程；不更换请留空，上传新文件将替换原文件"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for name, stored in self._stored_personal.items():
            if not cleaned.get(name):
                cleaned[name] = stored
        return cleaned


class SocialWorkerForm(BootstrapFormMixin, forms.ModelForm):
    community = CommunityChoiceField(label="所在社区/村", queryset=Region.objects.none())

    class Meta:
        model = SocialWorker
        fields = ["name", "community", "qualification", "certificate_number", "certified_on", "is_active"]
        widgets = {"certified_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = (
            Region.objects.for_user(user).communities().select_related("parent").order_by("code")
        )


class FederationCreateForm(BootstrapFormMixin, forms.Form):
    organization = forms.ModelChoiceField(label="联合会组织", queryset=Organization.objects.none())
    founded_on = forms.DateField(label="成立日期", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = (
            Organization.objects.for_user(user)
            .active()
            .filter(federation__isnull=True)
            .order_by("name_pinyin")
        )


class FederationMembersForm(BootstrapFormMixin, forms.Form):
    founded_on = forms.DateField(label="成立日期", widget=forms.DateInput(attrs={"type": "date"}))
    members = forms.ModelMultipleChoiceField(
        label="会员组织",
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, federation: Federation, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = (
            Organization.objects.for_user(user)
            .active()
            .within(federation.street)
            .exclude(pk=federation.organization_id)
            .order_by("name_pinyin")
        )


class GuardedAuthenticationForm(AuthenticationForm):
    """The login form, refusing while an account or an address is locked after repeated failures."""

    def clean(self) -> dict[str, Any]:
        username = self.data.get("username", "")
        signin.signin_check(self.request, username)
        try:
            cleaned = super().clean()
        except ValidationError:
            signin.signin_failed(self.request, username)
            raise
        signin.signin_succeeded(self.request, username)
        return cleaned


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Region) -> str:
        return f"{obj.code} {obj.name}"


class AccountCreateForm(BootstrapFormMixin, forms.Form):
    """Collects a new account; account_open decides whether the actor may open it."""

    username = forms.CharField(label="用户名", max_length=150, help_text="字母、数字或 @/./+/-/_")
    full_name = forms.CharField(label="姓名", max_length=50)
    email = forms.EmailField(label="电子邮箱", required=False, help_text="选填；用于找回密码")
    role = forms.ChoiceField(label="角色")
    region = RegionChoiceField(
        label="辖区",
        queryset=Region.objects.none(),
        to_field_name="code",
        required=False,
        help_text="工作人员须选择唯一的辖区（民政局为市、区县，街道为街道/乡镇，“两委”为社区/村）",
    )
    organization = forms.ModelChoiceField(
        label="所属组织",
        queryset=Organization.objects.none(),
        required=False,
        help_text="组织账号须选择所属组织（负责人、联系人可各开一个账号）",
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        grantable = grantable_roles(user)
        self.fields["role"].choices = [
            ("", "---------"),
            *((value, label) for value, label in Role.choices if value in grantable),
        ]
        self.fields["region"].queryset = Region.objects.for_user(user).order_by("code")
        self.fields["organization"].queryset = (
            Organization.objects.for_user(user, "change").active().order_by("name_pinyin")
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        # The role decides which of the two places counts; the other is left out, not refused.
        if cleaned.get("role") == Role.ORGANIZATION:
            cleaned["region"] = None
        else:
            cleaned["organization"] = None
        return cleaned


class AccountEditForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "email"]


class PasswordChangeForm(BootstrapFormMixin, forms.Form):
    old_password = forms.CharField(label="当前密码", widget=forms.PasswordInput, strip=False)
    new_password1 = forms.CharField(
        label="新密码",
        widget=forms.PasswordInput,
        strip=False,
        help_text="至少8位，不能全是数字，不能与用户名相近或过于常见",
    )
    new_password2 = forms.CharField(label="确认新密码", widget=forms.PasswordInput, strip=False)


class PasswordResetRequestForm(BootstrapFormMixin, forms.Form):
    username = forms.CharField(label="用户名", max_length=150)


class PasswordResetConfirmForm(BootstrapFormMixin, forms.Form):
    new_password1 = PasswordChangeForm.base_fields["new_password1"]
    new_password2 = PasswordChangeForm.base_fields["new_password2"]
