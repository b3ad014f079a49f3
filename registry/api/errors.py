"""One error shape for the whole API: a stable code per problem, the Chinese message the UI shows.

{"code": "invalid", "message": "提交的数据有误",
 "errors": [{"field": "leader_id_number", "code": "checksum", "message": "身份证号码校验位不正确"}]}
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler

NON_FIELD = "non_field_errors"


def _flatten(details: Any, field: str = "") -> list[dict[str, str]]:
    if isinstance(details, dict):
        if set(details) == {"message", "code"}:
            return [
                {"field": field or NON_FIELD, "code": details["code"], "message": str(details["message"])}
            ]
        errors: list[dict[str, str]] = []
        for key, value in details.items():
            name = NON_FIELD if key in (NON_FIELD, "__all__") else (f"{field}.{key}" if field else str(key))
            errors.extend(_flatten(value, name))
        return errors
    if isinstance(details, list):
        errors = []
        for index, item in enumerate(details):
            nested = isinstance(item, dict) and set(item) != {"message", "code"}
            errors.extend(_flatten(item, f"{field}.{index}" if nested else field))
        return errors
    return [{"field": field or NON_FIELD, "code": "invalid", "message": str(details)}]


def coded_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        # Services raise Django's ValidationError; the API answers it like any other bad input.
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, Http404):
        # Outside the jurisdiction an object does not exist; the answer names no model.
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    response = exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "code": "invalid",
            "message": "提交的数据有误，请按提示修改",
            "errors": _flatten(exc.get_full_details()),
        }
        response.status_code = status.HTTP_400_BAD_REQUEST
        return response
    details = exc.get_full_details()
    code = details.get("code", exc.default_code) if isinstance(details, dict) else exc.default_code
    response.data = {"code": str(code), "message": str(exc.detail)}
    return response
