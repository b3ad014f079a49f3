"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .models import Notification


def notifications(request: HttpRequest) -> dict[str, Any]:
    """``unread_notification_count`` for the navigation badge: one COUNT query, run only when a
    page shows it and only for a signed-in user."""

    def count() -> int:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return 0
        return Notification.objects.for_user(user).unread().count()

    return {"unread_notification_count": SimpleLazyObject(count)}
