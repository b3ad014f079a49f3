"""Blank forms (no login): printable pages to fill in by hand, and the roster spreadsheet."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.exports import xlsx_response
from registry.choices import FundingSource, PartyBuilding
from registry.models import Category, ServiceDomain, TargetGroup

from ..blank_forms import BY_SLUG, roster_workbook
from ..services.workflow import COMMITMENT_TEXT


@require_GET
def blank_form(request: HttpRequest, slug: str) -> HttpResponse:
    form = BY_SLUG.get(slug)
    if form is None:
        raise Http404("没有这份表格")
    if not form.template:
        return xlsx_response(roster_workbook(), f"{form.title}.xlsx")
    return render(
        request,
        form.template,
        {
            "form": form,
            # The filing form's tick boxes: the vocabularies as configured today.
            "categories": Category.objects.filter(is_active=True).values_list("name", flat=True),
            "domains": ServiceDomain.objects.values_list("name", flat=True),
            "target_groups": TargetGroup.objects.values_list("name", flat=True),
            "funding_sources": FundingSource.labels,
            "party_building": PartyBuilding.labels,
            "commitment": COMMITMENT_TEXT,
        },
    )
