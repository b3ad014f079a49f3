"""Who is asking: the client's address, read correctly behind the deployment's trusted proxies."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The caller's address for the trail and the rate limits.

    Behind ``TRUSTED_PROXY_COUNT`` reverse proxies each one appends the address it received the
    request from to X-Forwarded-For, so the client is that many entries from the right; anything a
    client wrote further left is its own claim and ignored. With no proxy, the socket's address."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    if proxies and forwarded:
        return forwarded[-min(proxies, len(forwarded))] or None
    return request.META.get("REMOTE_ADDR") or None
