"""The filing workbench (待办): the user's pending applications with their deadlines."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from core.workdays import calendar_is_official

from ..choices import ApplicationKind
from ..selectors import Awaiting, Flag, count_deadlines, pending_items


class WorkbenchFilterForm(forms.Form):
    flag = forms.ChoiceField(label="期限状态", choices=[("", "全部"), *Flag.choices], required=False)
    kind = forms.ChoiceField(
        label="申请类型", choices=[("", "全部"), *ApplicationKind.choices], required=False
    )
    awaiting = forms.ChoiceField(label="等待事项", choices=[("", "全部"), *Awaiting.choices], required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"


@login_required
def workbench(request: HttpRequest) -> HttpResponse:
    """Pending items most urgent first, narrowed by deadline flag, application kind and awaited step."""
    form = WorkbenchFilterForm(request.GET or None)
    today = timezone.localdate()
    # A bad filter value shows the form's message and an empty list, never a 500.
    valid = form.is_valid() if form.is_bound else True
    filters = form.cleaned_data if form.is_bound and valid else {}
    items = pending_items(request.user, today, kind=filters.get("kind", "")) if valid else []
    counts = count_deadlines(items)
    if filters.get("flag"):
        items = [item for item in items if item.flag == filters["flag"]]
    if filters.get("awaiting"):
        items = [item for item in items if item.awaiting == filters["awaiting"]]
    # A deadline counted into a year whose holidays are not published yet is only an estimate.
    years = {today.year} | {item.due.year for item in items if item.due}
    unofficial_years = sorted(year for year in years if not calendar_is_official(year))
    return render(
        request,
        "filing/workbench.html",
        {
            "form": form,
            "items": items,
            "counts": counts,
            "today": today,
            "unofficial_years": unofficial_years,
        },
    )
