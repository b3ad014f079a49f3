"""The trail in the admin: read only, and only what the signed-in user may read. API tokens: only those
of the accounts the signed-in user may see."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from rest_framework.authtoken.admin import TokenAdmin
from rest_framework.authtoken.models import TokenProxy

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


admin.site.unregister(TokenProxy)


@admin.register(TokenProxy)
class ScopedTokenAdmin(ScopedAdminMixin, TokenAdmin):
    """Django REST framework's token admin, whose rows and user choices go through the accounts' scope.
    A token is addressed by its user's key. Tokens are issued only by signing in to the API: the
    database keeps a digest, so a token made here could never be shown or used."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        users = get_user_model()._default_manager.get_queryset().for_user(request.user)
        return super().get_queryset(request).filter(user__in=users.values("pk"))

    def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None) -> Any:
        try:
            user_id = get_user_model()._meta.pk.to_python(object_id)
        except ValidationError:
            return None
        return self.get_queryset(request).filter(user_id=user_id).first()
