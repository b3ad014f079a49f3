from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.vary import vary_on_cookie

from core.panels import panels_of
from core.todos import todos_of

from ..choices import Role
from ..models import Organization
from ..selectors import category_counts, child_region_counts, organization_counts


@vary_on_cookie
def home(request: HttpRequest) -> HttpResponse:
    """The front door: visitors get the public portal, signed-in users their workbench."""
    if not request.user.is_authenticated:
        return landing(request)
    return workbench(request)


def landing(request: HttpRequest) -> HttpResponse:
    """The public portal (门户): what a resident can look up without an account, and the staff sign-in."""
    # What other apps publish on the portal (announcements, incubation bases …).
    return render(request, "public/landing.html", {"panels": panels_of("landing", user=request.user)})


def workbench(request: HttpRequest) -> HttpResponse:
    """The workbench: first what waits for the user to act (every app's to-do lines), then an
    organization account's own record, or staff's figures of their jurisdiction (an applicant, who has
    no jurisdiction, has no figures to see)."""
    user = request.user
    context: dict[str, Any] = {"todos": todos_of(user)}
    if user.role == Role.ORGANIZATION:
        context["own_organization"] = (
            Organization.objects.for_user(user).select_related("category", "community__parent").first()
        )
    elif user.is_superuser or user.jurisdiction_prefix is not None:
        context["counts"] = organization_counts(user=user)
        context["categories"] = category_counts(user=user)
        context["children"] = child_region_counts(user=user)
    # What other apps show on the workbench (work reports due, rounds waiting …).
    context["panels"] = panels_of("home", user=user)
    return render(request, "home.html", context)
