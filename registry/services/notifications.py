"""Writes of in-app notifications (站内消息): sending them, and their recipient reading them."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.models import Event
from core.notices import Notice

from ..channels import enabled_channels
from ..models import Notification, User

logger = logging.getLogger(__name__)

BATCH_SIZE = 500


@dataclass(frozen=True)
class NotificationDraft:
    """One message to be sent by ``notifications_send_many``."""

    user_id: int
    title: str
    body: str = ""
    url: str = ""
    dedupe_key: str = ""


def notification_send(
    *, user: User, title: str, body: str, url: str = "", dedupe_key: str = ""
) -> Notification | None:
    """Send one message; with a ``dedupe_key`` already sent to this user, send nothing and return None."""
    notifications = Notification.objects.for_user(user)
    if dedupe_key and notifications.filter(dedupe_key=dedupe_key).exists():
        return None
    try:
        # A concurrent run may have sent the same key since the check: the constraint decides.
        with transaction.atomic():
            return Notification.objects.create(
                user=user, title=title, body=body, url=url, dedupe_key=dedupe_key
            )
    except IntegrityError:
        if dedupe_key:
            return None
        raise


def notifications_send_many(*, drafts: Iterable[NotificationDraft]) -> int:
    """Send many messages set-based, skipping every (user, dedupe_key) already sent; returns how many
    were sent. Drafts repeating a user and key within the batch are sent once."""
    unique: dict[tuple[int, str], NotificationDraft] = {}
    plain: list[NotificationDraft] = []
    for draft in drafts:
        if draft.dedupe_key:
            unique.setdefault((draft.user_id, draft.dedupe_key), draft)
        else:
            plain.append(draft)
    pending = [*unique.values(), *plain]
    now = timezone.now()
    sent = 0
    for start in range(0, len(pending), BATCH_SIZE):
        batch = pending[start : start + BATCH_SIZE]
        keys = {draft.dedupe_key for draft in batch if draft.dedupe_key}
        existing = (
            set(
                Notification.objects.unrestricted()
                .filter(user_id__in={draft.user_id for draft in batch}, dedupe_key__in=keys)
                .values_list("user_id", "dedupe_key")
            )
            if keys
            else set()
        )
        fresh = [draft for draft in batch if (draft.user_id, draft.dedupe_key) not in existing]
        Notification.objects.bulk_create(
            [
                Notification(
                    user_id=draft.user_id,
                    title=draft.title,
                    body=draft.body,
                    url=draft.url,
                    dedupe_key=draft.dedupe_key,
                    created_at=now,
                )
                for draft in fresh
            ],
            ignore_conflicts=True,
        )
        sent += len(fresh)
    return sent


def notices_send(event: Event, notices: list[Notice]) -> int:
    """The platform's sender of the notices apps declare (``core.notices``): each recipient gets one
    in-app message per event, then every channel settings switch on repeats it, in a task that
    receives only the channel's name and the event's message key. Returns how many were sent."""
    key = f"event:{event.pk}"
    sent = notifications_send_many(
        drafts=[
            NotificationDraft(
                user_id=user_id, title=notice.title, body=notice.body, url=notice.url, dedupe_key=key
            )
            for notice in notices
            for user_id in sorted(notice.recipients)
        ]
    )
    if sent:
        from ..tasks import deliver_notifications

        for name in enabled_channels():
            try:
                deliver_notifications.delay(name, key)
            except Exception:  # a broker down delays nothing but this channel
                logger.exception("notifications %s not queued for channel %s", key, name)
    return sent


def notifications_deliver(*, channel_name: str, dedupe_key: str) -> int:
    """Repeat the in-app messages of one key by one channel; a recipient the channel fails for is
    logged by message id and the others still get theirs. Returns how many were delivered."""
    from ..channels import channel

    sender = channel(channel_name)
    delivered = 0
    messages = Notification.objects.unrestricted().filter(dedupe_key=dedupe_key, user__is_active=True)
    for notification in messages.select_related("user"):
        try:
            delivered += bool(sender.deliver(notification.user, notification))
        except Exception:
            logger.exception("notification %s not delivered by %s", notification.pk, channel_name)
    return delivered


def notification_mark_read(*, user: User, notification_id: int) -> Notification:
    """Mark one of the user's own messages read; another user's raises Notification.DoesNotExist."""
    notification = Notification.objects.for_user(user).get(pk=notification_id)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    """Mark all of the user's unread messages read; returns how many were unread."""
    return Notification.objects.for_user(user).unread().update(read_at=timezone.now())
