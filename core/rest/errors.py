"""One error shape for the whole API, and one place that maps the platform's refusals to answers.

{"code": "invalid", "message": "提交的数据有误",
 "errors": [{"field": "leader_id_number", "code": "checksum", "message": "身份证号码校验位不正确"}]}

Services raise Django's exceptions (see core.errors); views call them without wrapping: outside the
jurisdiction (any ``DoesNotExist``) is a 404, a step the user may not take a 403, a step from the
wrong state a 409, bad data a 400 with a stable code per field.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler

from ..errors import Code, InvalidTransition, Unavailable
from .serializers import CodedErrorSerializer

NON_FIELD = "non_field_errors"


class ServiceUnavailable(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = Code.SERVICE_UNAVAILABLE
    default_detail = "服务暂不可用，请稍后重试"


class Conflict(exceptions.APIException):
    """The step exists and the user may take it, but not from the current state."""

    status_code = status.HTTP_409_CONFLICT
    default_code = Code.INVALID_TRANSITION
    default_detail = "当前状态不能办理该事项"


def _flatten(details: Any, field: str = "") -> list[dict[str, str]]:
    if isinstance(details, dict):
        if set(details) == {"message", "code"}:
            return [
                {
                    "field": field or NON_FIELD,
                    "code": str(details["code"]),
                    "message": str(details["message"]),
                }
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
    return [{"field": field or NON_FIELD, "code": Code.INVALID, "message": str(details)}]


def as_api_exception(exc: Exception) -> Exception:
    """The DRF exception a service's refusal stands for; anything else unchanged."""
    if isinstance(exc, InvalidTransition):
        return Conflict(exc.messages[0])
    if isinstance(exc, Unavailable):
        return ServiceUnavailable(exc.message)
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(as_serializer_error(exc))
    if isinstance(exc, Http404 | ObjectDoesNotExist):
        # Outside the jurisdiction an object does not exist; the answer names no model.
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(
            str(exc) or None, code=getattr(exc, "code", None) or Code.PERMISSION_DENIED
        )
    return exc


def coded_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    exc = as_api_exception(exc)
    response = exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "code": Code.INVALID,
            "message": "提交的数据有误，请按提示修改",
            "errors": _flatten(exc.get_full_details()),
        }
        response.status_code = status.HTTP_400_BAD_REQUEST
        return response
    details = exc.get_full_details()
    code = details.get("code", exc.default_code) if isinstance(details, dict) else exc.default_code
    response.data = {"code": str(code), "message": str(exc.detail)}
    return response


ERROR_DESCRIPTIONS = {
    400: "输入有误（字段错误码）",
    403: "角色不能办理此事项",
    404: "不存在或不在辖区内",
    409: "当前状态不能办理此事项（invalid_transition）",
}


def error_responses(*codes: int, not_found: str = ERROR_DESCRIPTIONS[404]) -> dict[int, OpenApiResponse]:
    """The documented error responses of an endpoint, by status code."""
    descriptions = {**ERROR_DESCRIPTIONS, 404: not_found}
    return {code: OpenApiResponse(CodedErrorSerializer, description=descriptions[code]) for code in codes}
