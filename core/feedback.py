"""What a page tells the user when a step does not go through: a service's errors on the form that
sent the data or as messages on the page the user is sent back to, and the answer to a public page
asked too often."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

LOOKUP_TOO_MANY = "查询过于频繁，请稍后再试"


def attach_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's ValidationError on any form: each field error beside the field when the form has
    it, and at the top of the form when it does not (a service may judge data no field shows)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def say_errors(request: HttpRequest, error: ValidationError) -> None:
    """Each message of a service's ValidationError, shown on the page the user is sent back to."""
    for message in error.messages:
        messages.error(request, message)


def say_form_errors(request: HttpRequest, form: forms.BaseForm) -> None:
    """Each error of an invalid form posted from a page that does not redraw it."""
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)


def too_many_lookups(
    request: HttpRequest, template: str, context: dict[str, Any], period: int
) -> HttpResponse:
    """A public lookup page over its rate limit: the page again with a 429 and when to try again."""
    response = render(request, template, {**context, "error": LOOKUP_TOO_MANY}, status=429)
    response["Retry-After"] = str(period)
    return response
