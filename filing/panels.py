"""What filing shows on pages other apps own: the latest announcements on the public portal."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from core.panels import register_panel

from .models import Announcement

LANDING_ANNOUNCEMENTS = 6


def landing_announcements(user: Any, obj: Any) -> dict[str, Any]:
    """The newest announcements of every street; one query, public columns only."""
    announcements = (
        Announcement.objects.public_announcements()
        .filter(published_at__lte=timezone.now())
        .select_related("region")
        .only("pk", "kind", "title", "published_at", "region__name")
        .order_by("-published_at", "-pk")[:LANDING_ANNOUNCEMENTS]
    )
    return {"announcements": list(announcements)}


def register() -> None:
    register_panel("landing", "announcements", "public/panels/announcements.html", landing_announcements)
