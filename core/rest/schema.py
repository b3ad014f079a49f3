"""The OpenAPI schema says what the API answers, for every endpoint, without a word in the views.

- Errors: every operation documents the coded error answers the shared plumbing can give it (see
  ``core.rest.errors``): 400 wherever input is read (the body, filters, ``page_size``, a NUL byte in
  any parameter), 401 and 403 wherever an account is needed, 404 on a route with an id, 409 on a
  change (a step from the wrong state), 429 everywhere (throttles). An endpoint's own annotations
  (``error_responses``) still win, with their own descriptions.
- Filters: an empty value is allowed (and ignored) on every filter parameter.
- Read-only fields: DRF drops a model field's ``null`` and ``blank`` from a read-only serializer
  field, so the schema promised a value where the API answers ``null`` or ``""``. They are put back
  from the model field behind the serializer field.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from drf_spectacular.openapi import AutoSchema
from rest_framework import permissions, serializers

from .errors import ERROR_DESCRIPTIONS
from .serializers import CodedErrorSerializer

UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
DESCRIPTIONS = {
    **ERROR_DESCRIPTIONS,
    401: "未登录，或令牌无效、已过期",
    429: "请求过于频繁，请按 Retry-After 稍后重试",
}


def model_field_of(field: serializers.Field) -> models.Field | None:
    """The model field a serializer field reads, following ``source`` across relations."""
    meta = getattr(field.parent, "Meta", None)
    model = getattr(meta, "model", None)
    if model is None or field.source == "*":
        return None
    found = None
    for name in field.source.split("."):
        if model is None:
            return None
        try:
            found = model._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        model = found.related_model if found.is_relation else None
    return found if isinstance(found, models.Field) else None


def _may_be_blank(model_field: models.Field) -> bool:
    return model_field.blank and isinstance(model_field, models.CharField | models.TextField)


class CodedAutoSchema(AutoSchema):
    """The platform's schema generator (``DEFAULT_SCHEMA_CLASS``)."""

    def _error_codes(self) -> list[int]:
        signed_in = any(
            not isinstance(permission, permissions.AllowAny) for permission in self.view.get_permissions()
        )
        codes = [400]
        if signed_in:
            codes += [401, 403]
        if "{" in self.path:
            codes.append(404)
        if self.method in UNSAFE:
            codes.append(409)
        return [*codes, 429]

    def _get_response_bodies(self, direction: str = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        for code in self._error_codes():
            if str(code) not in responses:
                response = self._get_response_for_code(CodedErrorSerializer, str(code), direction=direction)
                response["description"] = DESCRIPTIONS[code]
                responses[str(code)] = response
        return responses

    def _get_filter_parameters(self) -> list[dict[str, Any]]:
        """A filter given an empty value is no filter (django-filter skips it): ``?state=`` is a valid
        request, answered with every row, and the schema says so."""
        parameters = super()._get_filter_parameters()
        for parameter in parameters:
            if parameter.get("in") != "query":
                continue
            parameter["allowEmptyValue"] = True
            schema = parameter.get("schema", {})
            target = schema.get("items", schema) if schema.get("type") == "array" else schema
            if "enum" in target and "" not in target["enum"]:
                target["enum"] = [*target["enum"], ""]
        return parameters

    def _map_serializer_field(self, field: Any, direction: str, bypass_extensions: bool = False) -> Any:
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        model_field = model_field_of(field) if field.read_only else None
        if model_field is None:
            return schema
        if _may_be_blank(model_field) and "enum" in schema and "" not in schema["enum"]:
            schema["enum"] = [*schema["enum"], ""]
        if model_field.null:
            if "enum" in schema and None not in schema["enum"]:
                schema["enum"] = [*schema["enum"], None]
            if "$ref" in schema:
                schema = {"allOf": [{"$ref": schema.pop("$ref")}], **schema}
            schema["nullable"] = True
        return schema

    def _insert_field_validators(self, field: Any, schema: dict[str, Any]) -> None:
        super()._insert_field_validators(field, schema)
        model_field = model_field_of(field) if field.read_only else None
        if model_field is not None and _may_be_blank(model_field):
            if "pattern" in schema:
                schema["pattern"] = f"^$|{schema['pattern']}"
            schema.pop("minLength", None)
