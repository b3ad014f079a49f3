"""What the platform answers when no view does: under /api/ always JSON in the API's error shape,
elsewhere the platform's own Chinese pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from .errors import Code

ANSWERS = {
    400: (Code.INVALID, "请求有误", "400.html"),
    403: (Code.PERMISSION_DENIED, "您无权访问该页面", "403.html"),
    404: (Code.NOT_FOUND, "不存在或不在辖区内", "404.html"),
    500: ("server_error", "服务器内部错误，请稍后重试", "500.html"),
}


def _answer(request: HttpRequest, status: int, exception: Any = None) -> HttpResponse:
    code, message, template = ANSWERS[status]
    said = str(exception) if status == 403 and exception is not None and str(exception) else ""
    if request.path.startswith("/api/"):
        return JsonResponse({"code": code, "message": said or message}, status=status)
    return render(request, template, {"message": said}, status=status)


def bad_request(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _answer(request, 400)


def permission_denied(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _answer(request, 403, exception)


def page_not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _answer(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return _answer(request, 500)
