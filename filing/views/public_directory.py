"""Public pages (no login): a street's directory (名录) of organizations and the announcements (公告).

There is no user to scope by on these pages, so they read through the models' named public scopes
(``public_register()``, ``public_announcements()``, ``public_tree()``): only what the street publishes
(信息公开) is selected, and only columns without personal data are read.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from core.feedback import too_many_lookups
from core.ratelimit import hit
from registry.choices import RegionLevel, Tier
from registry.filtersets import OrganizationFilterSet
from registry.models import Organization, Region

from ..certificates import issuing_authority
from ..models import Announcement

# The directory is "the live list of filed organizations of the street" (DOMAIN.md §4). Both tiers
# the street office keeps are listed — filed (备案) and community-guided (社区指导); registered ones
# are published by the bureau, and revoked or deregistered ones have left the directory.
DIRECTORY_TIERS = (Tier.FILED, Tier.GUIDED)
# Columns the public may read; the leader's name, ID number and phone are never selected.
DIRECTORY_COLUMNS = (
    "pk",
    "name",
    "tier",
    "founded_on",
    "category__name",
    "community__name",
    "community__parent__name",
    "certificate__filing_number",
)
DIRECTORY_PAGE_SIZE = 50
ANNOUNCEMENTS_PAGE_SIZE = 20
# Searches per client address: (searches, window in seconds).
DIRECTORY_SEARCH_RATE = (60, 600)
STREET_CODE = re.compile(r"\d{12}")


def street_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Every street and township, grouped by district, for the choosers; one query."""
    streets = (
        Region.objects.public_tree()
        .filter(level=RegionLevel.STREET)
        .select_related("parent")
        .order_by("code")
    )
    groups: dict[str, list[tuple[str, str]]] = {}
    for street in streets:
        district = street.parent.name if street.parent_id else ""
        groups.setdefault(district, []).append((street.code, street.name))
    return list(groups.items())


def _street(code: str) -> Region | None:
    """The street a ``?street=`` code names; None when none was given, 404 when it names none."""
    code = code.strip()
    if not code:
        return None
    street = (
        Region.objects.public_tree().filter(pk=code, level=RegionLevel.STREET).first()
        if STREET_CODE.fullmatch(code)
        else None
    )
    if street is None:
        raise Http404("未找到该街道/乡镇")
    return street


def _page_query(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def directory_queryset(street: Region | None, q: str = "") -> Any:
    """The directory of one street, or a search across every street when none is chosen."""
    queryset = Organization.objects.public_register().filter(tier__in=DIRECTORY_TIERS)
    if street is not None:
        queryset = queryset.filter(community__code__startswith=street.prefix)
    if q:
        # The same name / full-pinyin / initials match as the staff list.
        queryset = OrganizationFilterSet(queryset=queryset).filter_q(queryset, "q", q)
    return queryset.order_by("name_pinyin", "pk").values(*DIRECTORY_COLUMNS)


@never_cache
def public_directory(request: HttpRequest) -> HttpResponse:
    """A street's directory, or a name / pinyin search across every street; 50 a page."""
    street = _street(request.GET.get("street", ""))
    q = request.GET.get("q", "").strip()[:50]
    context: dict[str, Any] = {"streets": street_choices(), "street": street, "q": q}
    if street is None and not q:
        return render(request, "public/directory.html", context)
    if street is not None:
        context["authority"] = issuing_authority(street)
    if q:
        limit, period = DIRECTORY_SEARCH_RATE
        if not hit(request, "public-directory", limit, period):
            return too_many_lookups(request, "public/directory.html", context, period)
    page = Paginator(directory_queryset(street, q), DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    tiers = dict(Tier.choices)
    for row in page.object_list:
        row["tier_label"] = tiers[row["tier"]]
    context.update(
        page_obj=page,
        paginator=page.paginator,
        is_paginated=page.has_other_pages(),
        query_without_page=_page_query(request),
    )
    return render(request, "public/directory.html", context)


def published_announcements() -> Any:
    # Every announcement is public by nature; the filter only keeps out any dated in the future.
    return (
        Announcement.objects.public_announcements()
        .filter(published_at__lte=timezone.now())
        .select_related("region")
        .defer("body")
    )


def public_announcements(request: HttpRequest) -> HttpResponse:
    """Announcements of all streets, newest first, optionally of one street."""
    street = _street(request.GET.get("street", ""))
    announcements = published_announcements()
    if street is not None:
        announcements = announcements.filter(region=street)
    page = Paginator(announcements, ANNOUNCEMENTS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "public/announcements.html",
        {
            "streets": street_choices(),
            "street": street,
            "page_obj": page,
            "paginator": page.paginator,
            "is_paginated": page.has_other_pages(),
            "query_without_page": _page_query(request),
        },
    )


def public_announcement(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = get_object_or_404(
        Announcement.objects.public_announcements()
        .filter(published_at__lte=timezone.now())
        .select_related("region__parent"),
        pk=pk,
    )
    return render(
        request,
        "public/announcement.html",
        {"announcement": announcement, "authority": issuing_authority(announcement.region)},
    )


def public_announcement_attachment(request: HttpRequest, pk: int) -> FileResponse:
    """A published announcement's attachment (a policy's supporting document): public like the
    announcement, under the name it was published with."""
    announcement = get_object_or_404(
        Announcement.objects.public_announcements().filter(published_at__lte=timezone.now()), pk=pk
    )
    if not announcement.attachment:
        raise Http404
    return FileResponse(
        announcement.attachment.open("rb"), as_attachment=True, filename=announcement.attachment_name
    )
