"""Input no page or endpoint can use, refused before any view sees it."""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from .errors import Code

NUL = "\x00"
MESSAGE = "请求中含有无效字符"


class InputGuardMiddleware:
    """A NUL character in a query parameter or a posted field is nothing a person types and nothing the
    database can store: the request is answered 400 here (JSON under /api/, the error page elsewhere)
    instead of failing deep inside a query."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            if request.path.startswith("/api/"):
                return JsonResponse({"code": Code.INVALID, "message": MESSAGE}, status=400)
            return render(request, "400.html", {"message": MESSAGE}, status=400)
        return self.get_response(request)


class WrongMethodMiddleware:
    """An address that only takes a form's POST (退出, an application's actions) opened by typing it or
    from history: the platform's Chinese page instead of Django's empty 405. The API keeps its own
    JSON answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405 or response.content or request.path.startswith("/api/"):
            return response
        page = render(request, "405.html", status=405)
        page.headers["Allow"] = response.headers.get("Allow", "")
        return page


def _has_nul(request: HttpRequest) -> bool:
    if any(NUL in key or any(NUL in value for value in values) for key, values in request.GET.lists()):
        return True
    content_type = request.META.get("CONTENT_TYPE", "")
    if request.method == "POST" and content_type.startswith(
        ("application/x-www-form-urlencoded", "multipart/")
    ):
        return any(
            NUL in key or any(NUL in value for value in values) for key, values in request.POST.lists()
        )
    return False


def json_has_nul(data: object) -> bool:
    """Whether parsed JSON holds a NUL in any string, key or value."""
    if isinstance(data, str):
        return NUL in data
    if isinstance(data, dict):
        return any(json_has_nul(key) or json_has_nul(value) for key, value in data.items())
    if isinstance(data, list):
        return any(json_has_nul(item) for item in data)
    return False


class IdleSessionMiddleware:
    """Signs a user out after ``SESSION_IDLE_SECONDS`` without a request. The time of the last request
    is written to the session at most once every few minutes, so most requests write nothing."""

    SEEN = "_seen"
    REFRESH = 5 * 60

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            seen = request.session.get(self.SEEN)
            if seen is not None and now - seen > settings.SESSION_IDLE_SECONDS:
                logout(request)
            elif seen is None or now - seen > self.REFRESH:
                request.session[self.SEEN] = now
        return self.get_response(request)


TEMPORARY_PASSWORD = "您正在使用临时密码，请先修改密码"


class PasswordChangeRequiredMiddleware:
    """A user signed in with a one-time password (``must_change_password``) reaches only the page that
    sets a new one (``PASSWORD_CHANGE_URL``) and signing out: every other page leads there, and the
    API answers 403 with a stable code until the password is changed."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not getattr(user, "must_change_password", False):
            return self.get_response(request)
        change = reverse(settings.PASSWORD_CHANGE_URL)
        if request.path in (change, reverse("logout")):
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"code": Code.PASSWORD_CHANGE_REQUIRED, "message": TEMPORARY_PASSWORD}, status=403
            )
        return HttpResponseRedirect(change)


def mark_seen(sender: object, request: HttpRequest, user: object, **kwargs: object) -> None:
    """Signing in counts as activity: the first requests after it write nothing to the session."""
    if request is not None and hasattr(request, "session"):
        request.session[IdleSessionMiddleware.SEEN] = int(time.time())


# Scripts come only from the platform's own static files: no inline script, no handler attribute,
# no eval. Inline style attributes stay allowed (they cannot run code).
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
# Nothing on the platform needs a device or a payment API; no embedded page may ask for one either.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response the platform sends."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


request_log = logging.getLogger("core.requests")
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


class RequestLogMiddleware:
    """One JSON line per request: its id, method, path (never the query string, which may carry
    search terms), the user's id, status and duration. The id comes from the proxy's ``X-Request-ID``
    when it sends a sane one, and is handed back in the response so a report can be traced."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        offered = request.headers.get("X-Request-ID", "")
        request_id = offered if _REQUEST_ID.fullmatch(offered) else uuid.uuid4().hex
        request.request_id = request_id
        started = time.perf_counter()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        request_log.info(
            json.dumps(
                {
                    "request_id": request_id,
                    "method": request.method,
                    "path": request.path,
                    "user": user.pk if user is not None and user.is_authenticated else None,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
                ensure_ascii=False,
            )
        )
        response.headers["X-Request-ID"] = request_id
        return response
