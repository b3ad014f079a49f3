"""The channels a notification goes out by, besides the in-app message list (站内消息).

The in-app message is always written: it is the record, and every other channel only repeats it.
Which other channels run is a setting (``NOTIFICATION_CHANNELS``, empty by default):

- ``email``: Django's mail backend (``EMAIL_BACKEND``, ``EMAIL_HOST`` …) to the account's e-mail
  address, from ``NOTIFICATION_EMAIL_FROM``;
- ``sms``: a text to the account's mobile number through the gateway named by
  ``NOTIFICATION_SMS_BACKEND``; the platform ships an HTTP gateway (``HttpSmsGateway``: a JSON POST
  to ``NOTIFICATION_SMS_URL`` with ``NOTIFICATION_SMS_TOKEN`` as bearer token) and an in-memory one
  for tests (``LocmemSmsGateway``).

A channel delivers one saved notification to its recipient; it reads the address from the account
when it sends, so no address travels in a task's arguments, and it never writes one to a log.
"""

from __future__ import annotations

import json
import urllib.request
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import send_mail
from django.utils.module_loading import import_string

from .models import Notification, User


class Undeliverable(Exception):
    """The channel could not deliver; the message says why, without the address."""


class Channel(Protocol):
    name: str

    def deliver(self, user: User, notification: Notification) -> bool:
        """Send; False when the account has no address for this channel."""
        ...


def absolute_url(path: str) -> str:
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}{path}" if path else ""


class EmailChannel:
    name = "email"

    def deliver(self, user: User, notification: Notification) -> bool:
        if not user.email:
            return False
        lines = [notification.body, absolute_url(notification.url)]
        send_mail(
            subject=notification.title,
            message="\n\n".join(line for line in lines if line),
            from_email=settings.NOTIFICATION_EMAIL_FROM,
            recipient_list=[user.email],
        )
        return True


@dataclass(frozen=True)
class TextMessage:
    phone: str
    text: str


class SmsGateway(Protocol):
    def send(self, message: TextMessage) -> None: ...


class HttpSmsGateway:
    """Posts ``{"phone", "text", "sign"}`` as JSON to the gateway; any answer but 2xx is a failure."""

    def send(self, message: TextMessage) -> None:
        url = settings.NOTIFICATION_SMS_URL
        if not url:
            raise Undeliverable("NOTIFICATION_SMS_URL is not set")
        payload = {"phone": message.phone, "text": message.text, "sign": settings.NOTIFICATION_SMS_SIGN}
        request = urllib.request.Request(
            url,
            data=json.dumps(payload, ensure_ascii=False).encode(),
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Authorization": f"Bearer {settings.NOTIFICATION_SMS_TOKEN}",
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=settings.NOTIFICATION_SMS_TIMEOUT) as response:
                status = response.status
        except OSError as error:  # URLError, HTTPError, timeouts
            raise Undeliverable(f"SMS gateway refused or unreachable: {type(error).__name__}") from None
        if not 200 <= status < 300:
            raise Undeliverable(f"SMS gateway answered {status}")


class LocmemSmsGateway:
    """Keeps the texts in ``outbox`` instead of sending them (tests, demos)."""

    outbox: list[TextMessage] = []

    def send(self, message: TextMessage) -> None:
        LocmemSmsGateway.outbox.append(message)


class SmsChannel:
    name = "sms"

    def deliver(self, user: User, notification: Notification) -> bool:
        if not user.mobile:
            return False
        # A text is short and read on a lock screen: the title and where to read the rest.
        text = f"{notification.title}。详情请登录平台“消息”查看。"
        gateway: SmsGateway = import_string(settings.NOTIFICATION_SMS_BACKEND)()
        gateway.send(TextMessage(phone=user.mobile, text=text))
        return True


CHANNELS: dict[str, Any] = {channel.name: channel for channel in (EmailChannel, SmsChannel)}


def enabled_channels() -> list[str]:
    """The channels besides in-app that settings switch on, in the order given."""
    unknown = [name for name in settings.NOTIFICATION_CHANNELS if name not in CHANNELS]
    if unknown:
        raise ImproperlyConfigured(
            f"NOTIFICATION_CHANNELS: unknown channel(s) {unknown}; known: {list(CHANNELS)}"
        )
    return list(settings.NOTIFICATION_CHANNELS)


def channel(name: str) -> Channel:
    return CHANNELS[name]()
