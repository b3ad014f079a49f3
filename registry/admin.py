"""The registry in the Django admin: the same scoping as every page (``for_user()``) and the same services
for every save, so each change the admin makes is checked and leaves its event in the trail."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, AdminUserCreationForm
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms import BaseForm, ModelForm
from django.http import HttpRequest, HttpResponse
from simple_history.admin import SimpleHistoryAdmin

from core.http import client_ip
from core.permissions import can
from core.scoped_admin import ScopedAdminMixin, ScopedHistoryAdminMixin, ServiceAdminMixin

from . import services
from .choices import RegionLevel
from .models import (
    Category,
    Federation,
    Organization,
    Region,
    ServiceDomain,
    SocialWorker,
    TargetGroup,
    User,
)


def cleaned(form: BaseForm, names: Iterable[str]) -> dict[str, Any]:
    """The form's values of the fields a service takes."""
    return {name: form.cleaned_data[name] for name in names if name in form.cleaned_data}


@admin.register(Region)
class RegionAdmin(ServiceAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "level", "urban_rural", "parent"]
    list_filter = ["level", "urban_rural"]
    search_fields = ["=code", "name"]
    list_select_related = ["parent"]
    # Codes, levels and parents come from the official code list (manage.py load_regions).
    readonly_fields = ["code", "level", "parent"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Region, form: ModelForm, change: bool) -> None:
        services.region_update(
            actor=request.user,
            region_code=obj.pk,
            data=cleaned(form, services.REGION_FIELDS),
            ip=client_ip(request),
        )


class VocabularyAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """The platform-wide lists; a term's code is fixed once it exists."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and can(request.user, "registry.manage_vocabularies")

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        may = super().has_change_permission(request, obj)
        return may and can(request.user, "registry.manage_vocabularies")

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        return [*super().get_readonly_fields(request, obj), *(["code"] if obj is not None else [])]

    def save_model(self, request: HttpRequest, obj: Model, form: ModelForm, change: bool) -> None:
        saved = services.vocabulary_save(
            actor=request.user,
            model=self.model,
            term_id=obj.pk if change else None,
            data=cleaned(form, services.VOCABULARY_FIELDS[self.model]),
            ip=client_ip(request),
        )
        obj.pk = saved.pk


@admin.register(Category)
class CategoryAdmin(VocabularyAdmin):
    list_display = ["name", "code", "group", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]


@admin.register(ServiceDomain, TargetGroup)
class TermAdmin(VocabularyAdmin):
    list_display = ["name", "code", "sort_order"]
    list_editable = ["sort_order"]


@admin.register(Organization)
class OrganizationAdmin(ServiceAdminMixin, ScopedHistoryAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "tier", "category", "community", "status", "is_brand"]
    list_filter = ["tier", "status", "category", "is_brand"]
    search_fields = ["name", "name_pinyin"]
    list_select_related = ["category", "community"]
    raw_id_fields = ["community"]
    exclude = ["funding_sources"]
    # The status moves by revocation or deregistration, on their own pages; nothing is deleted.
    readonly_fields = ["status"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and can(request.user, "registry.create_organization")

    def get_form(
        self, request: HttpRequest, obj: Organization | None = None, **kwargs: Any
    ) -> type[ModelForm]:
        form_class = super().get_form(request, obj, **kwargs)

        class PlacementCheckedForm(form_class):  # type: ignore[misc, valid-type]
            def clean(self) -> dict[str, Any]:
                cleaned = super().clean()
                if cleaned.get("tier") and cleaned.get("community"):
                    try:
                        services.check_placement(
                            actor=request.user, tier=cleaned["tier"], community=cleaned["community"]
                        )
                    except ValidationError as error:
                        self.add_error(None, error)
                return cleaned

        return PlacementCheckedForm

    def save_model(self, request: HttpRequest, obj: Organization, form: ModelForm, change: bool) -> None:
        data = cleaned(form, (*services.EDITABLE_FIELDS, *services.M2M_FIELDS))
        if change:
            saved = services.organization_update(
                actor=request.user, organization_id=obj.pk, data=data, ip=client_ip(request)
            )
        else:
            saved = services.organization_create(actor=request.user, data=data, ip=client_ip(request))
        obj.pk = saved.pk


@admin.register(Federation)
class FederationAdmin(ServiceAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["organization", "street", "founded_on"]
    list_select_related = ["organization", "street"]
    raw_id_fields = ["organization", "street"]
    filter_horizontal = ["members"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and can(request.user, "registry.add_federation")

    def get_exclude(self, request: HttpRequest, obj: Federation | None = None) -> list[str]:
        # A new federation's street is its hub organization's street.
        return [] if obj is not None else ["street"]

    def get_readonly_fields(self, request: HttpRequest, obj: Federation | None = None) -> list[str]:
        return ["organization", "street"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: Federation, form: ModelForm, change: bool) -> None:
        if change:
            saved = services.federation_update(
                actor=request.user,
                federation_id=obj.pk,
                data=cleaned(form, ("founded_on", "members")),
                ip=client_ip(request),
            )
        else:
            saved = services.federation_create(
                actor=request.user,
                organization=form.cleaned_data["organization"],
                founded_on=form.cleaned_data["founded_on"],
                members=list(form.cleaned_data["members"]),
                ip=client_ip(request),
            )
        obj.pk = saved.pk


@admin.register(SocialWorker)
class SocialWorkerAdmin(ServiceAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "qualification", "community", "certificate_number", "is_active"]
    list_filter = ["qualification", "is_active"]
    list_select_related = ["community"]
    search_fields = ["name", "certificate_number"]
    raw_id_fields = ["community"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and can(request.user, "registry.add_social_worker")

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "community":
            formfield.queryset = formfield.queryset.filter(level=RegionLevel.COMMUNITY)
        return formfield

    def save_model(self, request: HttpRequest, obj: SocialWorker, form: ModelForm, change: bool) -> None:
        data = cleaned(form, services.SOCIAL_WORKER_FIELDS)
        if change:
            saved = services.social_worker_update(
                actor=request.user, social_worker_id=obj.pk, data=data, ip=client_ip(request)
            )
        else:
            saved = services.social_worker_create(actor=request.user, data=data, ip=client_ip(request))
        obj.pk = saved.pk


class AccountCreationForm(AdminUserCreationForm):
    def clean_username(self) -> str:
        # Accounts differing only in case are one account; the check looks at every account.
        username = self.cleaned_data.get("username", "")
        if username and User.objects.unrestricted().filter(username__iexact=username).exists():
            raise ValidationError(self.instance.unique_error_message(User, ["username"]))
        return username


class AccountPasswordForm(AdminPasswordChangeForm):
    """Sets the password through the account service, for the actor and address it is given."""

    actor: User
    ip: str | None

    def save(self, commit: bool = True) -> User:
        usable = self.cleaned_data["set_usable_password"]
        saved = services.user_set_password(
            actor=self.actor,
            user_id=self.user.pk,
            password=self.cleaned_data["password1"] if usable else None,
            ip=self.ip,
        )
        self.user.password = saved.password
        return self.user


ACCOUNT_PLACE = ("角色与辖区", {"fields": ("full_name", "mobile", "role", "region", "organization")})


@admin.register(User)
class PlatformUserAdmin(ServiceAdminMixin, ScopedAdminMixin, UserAdmin):
    list_display = ["username", "full_name", "role", "region", "organization", "is_active"]
    list_filter = ["role", "is_active", "is_staff"]
    list_select_related = ["region", "organization"]
    search_fields = ["username", "full_name"]
    raw_id_fields = ["region", "organization"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = (*UserAdmin.fieldsets, ACCOUNT_PLACE)
    add_fieldsets = (*UserAdmin.add_fieldsets, ACCOUNT_PLACE)
    add_form = AccountCreationForm

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and can(request.user, "registry.manage_accounts")

    def save_model(self, request: HttpRequest, obj: User, form: ModelForm, change: bool) -> None:
        data = cleaned(form, (*services.ACCOUNT_FIELDS, *services.ACCOUNT_M2M_FIELDS))
        if change:
            saved = services.user_update(actor=request.user, user_id=obj.pk, data=data, ip=client_ip(request))
        else:
            usable = form.cleaned_data.get("set_usable_password", True)
            saved = services.user_create(
                actor=request.user,
                data=data,
                password=form.cleaned_data.get("password1") if usable else None,
                ip=client_ip(request),
            )
        obj.pk = saved.pk

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        # Django's view builds its form from ``change_password_form``; this request's copy of the admin
        # hands it one that writes as the signed-in user, from this address.
        form_class = type(
            "AccountPasswordForm", (AccountPasswordForm,), {"actor": request.user, "ip": client_ip(request)}
        )
        for_request = copy.copy(self)
        for_request.change_password_form = form_class
        return super(PlatformUserAdmin, for_request).user_change_password(request, id, form_url)
