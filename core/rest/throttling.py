"""API rate limits: per client address for anonymous callers, per account for signed-in ones. The
address is read behind the trusted proxies (``core.http.client_ip``), never from a header the client
could write itself, and counted in the shared cache (Redis in production)."""

from __future__ import annotations

from typing import Any

from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from ..http import client_ip


class _ByClientAddress:
    def get_ident(self, request: Any) -> str:
        return client_ip(request) or "unknown"


class AnonymousThrottle(_ByClientAddress, AnonRateThrottle):
    scope = "anon"


class AccountThrottle(_ByClientAddress, UserRateThrottle):
    scope = "user"
