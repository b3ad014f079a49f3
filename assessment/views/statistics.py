"""The quarterly statistics table (季度统计表): the page and its Excel download.

Any staff user draws the table for any region of their jurisdiction (their own by default) and
any quarter that has begun (the last completed one by default); a region outside it is a 404.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.http import urlencode

from core.exports import xlsx_response
from core.permissions import can
from registry.divisions import ancestor_codes, normalize_code
from registry.models import Region, User

from ..statistics import (
    DEFINITIONS,
    EARLIEST_YEAR,
    NO_DATA,
    QuarterlyStatistics,
    last_completed_quarter,
    quarter_of,
    quarterly_statistics,
    quarterly_statistics_workbook,
    workbook_filename,
)

TEMPLATE = "assessment/statistics_quarterly.html"
QUARTERS = [(1, "第一季度"), (2, "第二季度"), (3, "第三季度"), (4, "第四季度")]


class QuarterlyStatisticsForm(forms.Form):
    region = forms.CharField(widget=forms.HiddenInput, required=False)
    year = forms.IntegerField(
        label="年度",
        error_messages={"required": "请填写年度", "invalid": "年度应为四位数字"},
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm", "min": EARLIEST_YEAR}),
    )
    quarter = forms.TypedChoiceField(
        label="季度",
        choices=QUARTERS,
        coerce=int,
        error_messages={"required": "请选择季度", "invalid_choice": "季度应为1至4"},
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if "year" in cleaned and "quarter" in cleaned:
            try:
                quarter_of(year=cleaned["year"], quarter=cleaned["quarter"])
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


def _staff_only(user: User) -> None:
    if not can(user, "assessment.view"):
        raise PermissionDenied("只有工作人员可以查看季度统计表")


def _default_region(user: User) -> str:
    if user.region_id:
        return user.region_id
    top = Region.objects.for_user(user).order_by("level", "code").values_list("code", flat=True).first()
    if top is None:
        raise Http404("尚未导入行政区划")
    return top


def _region(user: User, raw: str) -> Region:
    """The requested region, if the user's jurisdiction holds it; otherwise it does not exist."""
    region = Region.objects.for_user(user).filter(pk=normalize_code(raw)).first()
    if region is None:
        raise Http404("未找到该区划")
    return region


def _bound_form(request: HttpRequest) -> QuarterlyStatisticsForm:
    """The request's choices, the user's jurisdiction and the last completed quarter filling gaps."""
    default = last_completed_quarter()
    data = QueryDict(mutable=True)
    data.update(
        {
            "region": request.GET.get("region") or _default_region(request.user),
            "year": request.GET.get("year") or str(default.year),
            "quarter": request.GET.get("quarter") or str(default.number),
        }
    )
    return QuarterlyStatisticsForm(data)


def _prepare(request: HttpRequest) -> tuple[QuarterlyStatisticsForm, Region, QuarterlyStatistics | None]:
    _staff_only(request.user)
    form = _bound_form(request)
    region = _region(request.user, form.data["region"])
    if not form.is_valid():
        return form, region, None
    return (
        form,
        region,
        quarterly_statistics(
            region=region, year=form.cleaned_data["year"], quarter=form.cleaned_data["quarter"]
        ),
    )


def _trail(user: User, region: Region) -> list[Region]:
    """The region's ancestors inside the user's jurisdiction, highest first, for drilling back up."""
    ancestors = Region.objects.for_user(user).filter(pk__in=ancestor_codes(region.code)).order_by("level")
    return list(ancestors)


@login_required
def quarterly_statistics_page(request: HttpRequest) -> HttpResponse:
    form, region, statistics = _prepare(request)
    query = {"region": region.code, "year": form.data["year"], "quarter": form.data["quarter"]}
    return render(
        request,
        TEMPLATE,
        {
            "form": form,
            "region": region,
            "statistics": statistics,
            "trail": _trail(request.user, region),
            "query": urlencode(query),
            "definitions": statistics.definitions if statistics else DEFINITIONS,
            "no_data": NO_DATA,
            "drillable": not region.is_community,
        },
    )


@login_required
def quarterly_statistics_export(request: HttpRequest) -> HttpResponse:
    form, region, statistics = _prepare(request)
    if statistics is None:
        context = {
            "form": form,
            "region": region,
            "statistics": None,
            "trail": [],
            "definitions": DEFINITIONS,
        }
        return render(request, TEMPLATE, context, status=400)
    return xlsx_response(quarterly_statistics_workbook(statistics), workbook_filename(statistics))
