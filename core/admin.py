"""The trail in the admin: read only, and only what the signed-in user may read."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from .models import Event
from .scoped_admin import ScopedAdminMixin


@admin.register(Event)
class EventAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = [
        "occurred_at",
        "actor_label",
        "action",
        "subject_label",
        "from_state",
        "to_state",
        "ip_address",
    ]
    list_filter = ["action", "subject_type"]
    search_fields = ["actor_label", "subject_label", "=subject_id", "=region_code"]
    date_hierarchy = "occurred_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False
