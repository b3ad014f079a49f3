"""Reading who was notified, by persona name, in the tests of each app's notices."""

from __future__ import annotations

from registry.models import Notification, User


def inbox(people: dict[str, User]) -> dict[str, list[Notification]]:
    """Who holds which messages, by persona name (only those holding any), oldest first."""
    names = {user.pk: name for name, user in people.items()}
    held: dict[str, list[Notification]] = {}
    for notification in Notification.objects.unrestricted().order_by("id"):
        held.setdefault(names.get(notification.user_id, str(notification.user_id)), []).append(notification)
    return held


def clear() -> None:
    Notification.objects.unrestricted().delete()
