"""Input no page or endpoint can use, refused before any view sees it."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

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
