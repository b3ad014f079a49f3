"""Read-only views of quota policies and snapshots: every change goes through the services
(the policy pages and the API), so the admin only looks."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from core.scoped_admin import ScopedAdminMixin

from .models import QuotaPolicy, QuotaReport, QuotaRule


class ReadOnlyAdminMixin:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class QuotaRuleInline(ReadOnlyAdminMixin, ScopedAdminMixin, admin.TabularInline):
    model = QuotaRule
    fields = ["position", "kind", "params"]
    extra = 0


@admin.register(QuotaPolicy)
class QuotaPolicyAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "jurisdiction", "preset", "is_active", "updated_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "=jurisdiction__code"]
    list_select_related = ["jurisdiction"]
    inlines = [QuotaRuleInline]


@admin.register(QuotaReport)
class QuotaReportAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["policy", "region", "as_of", "status", "progress", "row_count", "finished_at"]
    list_filter = ["status", "as_of", "policy"]
    search_fields = ["policy__name", "=region__code"]
    list_select_related = ["policy", "region"]
    exclude = ["rules", "summary"]
    date_hierarchy = "as_of"
