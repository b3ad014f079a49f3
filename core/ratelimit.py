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


def count(key: str, period_seconds: int) -> int:
    """Add one to a counter that lives ``period_seconds`` from its first count; its new value."""
    if cache.add(key, 1, timeout=period_seconds):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # the window expired between add() and incr()
        cache.add(key, 1, timeout=period_seconds)
        return 1


def current(key: str) -> int:
    return cache.get(key, 0)


def clear(key: str) -> None:
    cache.delete(key)
