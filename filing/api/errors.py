"""How the filing services' errors reach an API client, shared by every filing viewset."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied, ValidationError
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, status

from .serializers import CodedErrorSerializer


class InvalidTransition(exceptions.APIException):
    """The step exists and the user may take it, but not from the current state."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "invalid_transition"
    default_detail = "申请当前状态不能办理该事项"


@contextmanager
def service_errors(*missing: type[Exception]) -> Iterator[None]:
    """Outside scope (any of ``missing``) a 404, a part the user does not play a 403, a step from
    the wrong state a 409; any other ValidationError is bad input for the coded error handler (400)."""
    try:
        yield
    except missing as error:
        raise exceptions.NotFound() from error
    except PermissionDenied as denied:
        raise exceptions.PermissionDenied(str(denied) or None) from denied
    except ValidationError as error:
        if not hasattr(error, "error_dict") and any(e.code == "invalid_transition" for e in error.error_list):
            raise InvalidTransition(error.messages[0]) from error
        raise


def error_responses(*codes: int, not_found: str = "不存在或不在辖区内") -> dict[int, OpenApiResponse]:
    """The documented error responses of an endpoint, by status code."""
    descriptions = {
        400: "输入有误（字段错误码）",
        403: "角色不能办理此事项",
        404: not_found,
        409: "当前状态不能办理此事项（invalid_transition）",
    }
    return {code: OpenApiResponse(CodedErrorSerializer, description=descriptions[code]) for code in codes}
