"""How a refusal is said, once for the whole platform.

Outside the user's jurisdiction an object does not exist (``DoesNotExist`` → 404); inside it but not
the user's to do (``PermissionDenied`` → 403); a step from the wrong state (``InvalidTransition`` →
409); bad data (``ValidationError`` with field errors and a stable code → 400). Services raise these;
the API's exception handler and the pages' view mixin turn them into answers.

Error codes are enums: the codes shared by every app are here, each app adds its own in its
``errors`` module. A code is part of the API's contract; its Chinese message may change.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError


class Code(StrEnum):
    """Error codes of the platform core, used by every app."""

    REQUIRED = "required"
    INVALID = "invalid"
    INVALID_CHOICE = "invalid_choice"
    TOO_LONG = "too_long"
    NOT_FOUND = "not_found"
    PERMISSION_DENIED = "permission_denied"
    ROLE_NOT_ALLOWED = "role_not_allowed"
    OUTSIDE_JURISDICTION = "outside_jurisdiction"
    INVALID_TRANSITION = "invalid_transition"
    REASON_REQUIRED = "reason_required"
    CONFIRMATION_REQUIRED = "confirmation_required"
    FILE_TOO_LARGE = "file_too_large"
    FILE_TYPE = "file_type"
    FILE_EXTENSION = "file_extension"
    SERVICE_UNAVAILABLE = "service_unavailable"
    PASSWORD_CHANGE_REQUIRED = "password_change_required"
    DATE_OUT_OF_RANGE = "date_out_of_range"


class InvalidTransition(ValidationError):
    """The step exists and the user may take it, but not from the object's current state."""

    def __init__(self, message: str, params: dict[str, Any] | None = None) -> None:
        super().__init__(message, code=Code.INVALID_TRANSITION, params=params)


class Denied(PermissionDenied):
    """Inside the user's jurisdiction, but not the user's to do; carries a stable code."""

    def __init__(self, message: str, code: str = Code.PERMISSION_DENIED) -> None:
        super().__init__(message)
        self.code = code


class Unavailable(Exception):
    """A service the platform relies on (the task queue, …) cannot be reached right now; nothing was
    left half-done, and the same request may succeed later (503)."""

    code = Code.SERVICE_UNAVAILABLE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def field_error(field: str, message: str, code: str, **params: Any) -> ValidationError:
    """One coded error on one field, the shape every service raises."""
    return ValidationError({field: ValidationError(message, code=code, params=params or None)})
