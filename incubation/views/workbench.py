"""The incubation workbench (待办), the report over a jurisdiction with its workbook, and the public
list of operating bases."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from core.exports import xlsx_response
from core.permissions import require
from core.workdays import calendar_is_official
from registry.choices import RegionLevel
from registry.divisions import normalize_code
from registry.models import Region

from ..choices import BASE_LEVELS, ServiceType
from ..exports import report_sheets, workbook
from ..models import IncubationBase
from ..reports import incubation_report
from ..selectors import Flag, bases_awaiting_approval, count_deadlines, pending_items

PUBLIC_PAGE_SIZE = 30


@login_required
def workbench(request: HttpRequest) -> HttpResponse:
    """Applications to decide, tenants to move in, terms ending; bases awaiting approval."""
    require(request.user, "incubation.see_tenancies", message="您的角色不使用孵化工作台")
    today = timezone.localdate()
    items = pending_items(request.user, today)
    counts = count_deadlines(items)
    flag = request.GET.get("flag", "")
    shown = [item for item in items if item.flag == flag] if flag in Flag.values else items
    years = {today.year} | {item.due.year for item in items}
    return render(
        request,
        "incubation/workbench.html",
        {
            "items": shown,
            "counts": counts,
            "flag": flag,
            "today": today,
            "unofficial_years": sorted(year for year in years if not calendar_is_official(year)),
            "awaiting": list(bases_awaiting_approval(request.user)),
            "bases": list(
                IncubationBase.objects.for_user(request.user).select_related("region").order_by("name")
            ),
        },
    )


class ReportForm(forms.Form):
    region = forms.CharField(label="区划代码", required=False, max_length=12)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].widget.attrs.update(
            {"class": "form-control form-control-sm", "placeholder": "全部"}
        )
        self.fields["year"].widget.attrs["class"] = "form-control form-control-sm"


def _report_of(request: HttpRequest) -> tuple[ReportForm, Region | None, Any]:
    require(request.user, "incubation.see", message="只有工作人员和孵化基地运营方可以查看孵化统计")
    data = {
        "region": request.GET.get("region", ""),
        "year": request.GET.get("year") or timezone.localdate().year,
    }
    form = ReportForm(data)
    if not form.is_valid():
        return form, None, None
    region = None
    if form.cleaned_data["region"]:
        region = (
            Region.objects.for_user(request.user)
            .filter(pk=normalize_code(form.cleaned_data["region"]))
            .first()
        )
        if region is None:
            raise Http404("未找到该区划")
    report = incubation_report(user=request.user, year=form.cleaned_data["year"], region=region)
    return form, region, report


@login_required
def report_page(request: HttpRequest) -> HttpResponse:
    """The figures of the bases the user sees (or of one region's), for a year, with charts."""
    form, region, report = _report_of(request)
    status = 200 if report is not None else 400
    context = {"form": form, "region": region, "report": report, "chart": report.chart if report else None}
    return render(request, "incubation/report.html", context, status=status)


@login_required
def report_export(request: HttpRequest) -> HttpResponse:
    form, region, report = _report_of(request)
    if report is None:
        return render(request, "incubation/report.html", {"form": form}, status=400)
    name = region.name if region else "全部"
    return xlsx_response(workbook(report_sheets(report)), f"孵化统计-{name}-{report.year}.xlsx")


@never_cache
def public_bases(request: HttpRequest) -> HttpResponse:
    """Bases operating today with their place, contact and services: public information (信息公开)."""
    bases = (
        IncubationBase.objects.open_to_public().select_related("region__parent").order_by("region_id", "name")
    )
    district = request.GET.get("district", "")
    districts = Region.objects.public_tree().filter(level=RegionLevel.DISTRICT).order_by("code")
    if district.isdigit() and len(district) == 12:
        bases = bases.filter(region__code__startswith=district[:6])
    page = Paginator(bases, PUBLIC_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "incubation/public_bases.html",
        {
            "page_obj": page,
            "districts": districts,
            "district": district,
            "levels": BASE_LEVELS,
            "service_labels": dict(ServiceType.choices),
        },
    )
