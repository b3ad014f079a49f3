"""A fixed-window counter per client address, kept in Django's cache, for pages open to the public."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest

from .http import client_ip


def hit(request: HttpRequest, scope: str, limit: int, period_seconds: int) -> bool:
    """Count one request of ``scope`` from the caller's address; False once it is over ``limit``
    within the window that its first request opened (``period_seconds`` long)."""
    key = f"ratelimit:{scope}:{client_ip(request) or 'unknown'}"
    # add() only succeeds for the first request of a window, and it sets the window's expiry.
    if cache.add(key, 1, timeout=period_seconds):
        return limit >= 1
    try:
        count = cache.incr(key)
    except ValueError:  # the window expired between add() and incr()
        cache.add(key, 1, timeout=period_seconds)
        count = 1
    return count <= limit
