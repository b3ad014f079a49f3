"""The Django admin applies the same jurisdiction as every page: a scoped model's rows, and the
choices offered for its relations, come from for_user()."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from core.http import client_ip
from core.scoped_admin import ScopedAdminMixin

from . import services
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


@admin.register(Region)
class RegionAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "level", "urban_rural", "parent"]
    list_filter = ["level", "urban_rural"]
    search_fields = ["=code", "name"]
    raw_id_fields = ["parent"]
    list_select_related = ["parent"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "group", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]


@admin.register(ServiceDomain, TargetGroup)
class VocabularyAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "sort_order"]
    list_editable = ["sort_order"]


@admin.register(Organization)
class OrganizationAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "tier", "category", "community", "status", "is_brand"]
    list_filter = ["tier", "status", "category", "is_brand"]
    search_fields = ["name", "name_pinyin"]
    list_select_related = ["category", "community"]
    raw_id_fields = ["community"]
    exclude = ["funding_sources"]
    readonly_fields = ["status"]

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False  # organizations end by revocation or deregistration, never by deletion

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
        # The admin writes through the same service as every page, so the audit trail is whole.
        fields = (*services.EDITABLE_FIELDS, *services.M2M_FIELDS)
        data = {name: form.cleaned_data[name] for name in fields if name in form.cleaned_data}
        if change:
            saved = services.organization_update(
                actor=request.user, organization_id=obj.pk, data=data, ip=client_ip(request)
            )
        else:
            saved = services.organization_create(actor=request.user, data=data, ip=client_ip(request))
        obj.pk = saved.pk

    def save_related(self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool) -> None:
        for formset in formsets:  # relations were saved by the service in save_model
            self.save_formset(request, form, formset, change=change)


@admin.register(Federation)
class FederationAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["organization", "street", "founded_on"]
    raw_id_fields = ["organization", "street"]
    filter_horizontal = ["members"]


@admin.register(SocialWorker)
class SocialWorkerAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "qualification", "community", "certificate_number", "is_active"]
    list_filter = ["qualification", "is_active"]
    search_fields = ["name", "certificate_number"]
    raw_id_fields = ["community"]


@admin.register(User)
class PlatformUserAdmin(UserAdmin):
    list_display = ["username", "full_name", "role", "region", "organization", "is_active"]
    list_filter = ["role", "is_active", "is_staff"]
    search_fields = ["username", "full_name"]
    raw_id_fields = ["region", "organization"]
    fieldsets = (
        *UserAdmin.fieldsets,
        ("角色与辖区", {"fields": ("full_name", "role", "region", "organization")}),
    )
