"""The filtersets of filing: applications, complaints and event reports, each shared by the pages and
the API. Only whitelisted fields filter or order; personal data (contact, leader, complainant) never does."""

from __future__ import annotations

import datetime
from typing import Any

import django_filters as filters
from django import forms
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Coalesce

from registry.choices import RegionLevel
from registry.filtersets import RegionCodeFilter, StyledFilterSet
from registry.models import Region

from .choices import ApplicationKind, ApplicationState, ComplaintState, EventKind, EventReportState
from .models import Complaint, EventReport, FilingApplication
from .services.complaints import normalize_lookup_code

# Sort keys of nullable columns never hold NULL, so a cursor page can always say where it ended:
# not yet submitted sorts as the oldest, no deadline as the latest.
SORT_KEYS = {
    "submitted_sort": Coalesce("submitted_at", Value(datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC))),
    "opinion_sort": Coalesce("opinion_due", Value(datetime.date(9999, 12, 31))),
    "decision_sort": Coalesce("decision_due", Value(datetime.date(9999, 12, 31))),
}


def _regions_in_scope(request: Any) -> QuerySet[Region]:
    user = getattr(request, "user", None)
    return Region.objects.for_user(user).filter(level__lte=RegionLevel.COMMUNITY)


class ApplicationFilterSet(StyledFilterSet):
    q = filters.CharFilter(label="组织名称", method="filter_q")
    kind = filters.ChoiceFilter(label="申请类型", choices=ApplicationKind.choices)
    state = filters.ChoiceFilter(label="办理状态", choices=ApplicationState.choices)
    region = RegionCodeFilter(
        label="区划",
        queryset=_regions_in_scope,
        to_field_name="code",
        widget=forms.TextInput(attrs={"placeholder": "区划代码"}),
    )
    receipt_number = filters.CharFilter(label="回执号", method="filter_receipt_number")
    ordering = filters.OrderingFilter(
        label="排序",
        fields=(
            ("created_at", "created_at"),
            ("submitted_sort", "submitted_at"),
            ("opinion_sort", "opinion_due"),
            ("decision_sort", "decision_due"),
        ),
        field_labels={
            "created_at": "创建时间",
            "submitted_sort": "提交时间",
            "opinion_sort": "社区初审期限",
            "decision_sort": "街道办结期限",
        },
    )

    class Meta:
        model = FilingApplication
        fields = ["q", "kind", "state", "region", "receipt_number"]

    def filter_queryset(self, queryset: QuerySet[FilingApplication]) -> QuerySet[FilingApplication]:
        return super().filter_queryset(queryset.annotate(**SORT_KEYS))

    def filter_q(
        self, queryset: QuerySet[FilingApplication], name: str, value: str
    ) -> QuerySet[FilingApplication]:
        value = value.strip()
        if not value:
            return queryset
        # A new filing carries its proposed name; a change or deregistration names its organization.
        return queryset.filter(Q(proposal__name__icontains=value) | Q(organization__name__icontains=value))

    def filter_receipt_number(
        self, queryset: QuerySet[FilingApplication], name: str, value: str
    ) -> QuerySet[FilingApplication]:
        value = "".join(value.split()).upper()
        return queryset.filter(receipt_number=value) if value else queryset


class ComplaintFilterSet(StyledFilterSet):
    """Filters of complaints, shared by the pages and the API; the complainant's data never filters."""

    q = filters.CharFilter(label="组织名称", method="filter_q")
    state = filters.ChoiceFilter(label="办理状态", choices=ComplaintState.choices)
    lookup_code = filters.CharFilter(label="查询码", method="filter_lookup_code")

    class Meta:
        model = Complaint
        fields = ["q", "state", "lookup_code"]

    def filter_q(self, queryset: QuerySet[Complaint], name: str, value: str) -> QuerySet[Complaint]:
        value = value.strip()
        return queryset.filter(organization__name__icontains=value) if value else queryset

    def filter_lookup_code(self, queryset: QuerySet[Complaint], name: str, value: str) -> QuerySet[Complaint]:
        value = normalize_lookup_code(value)
        return queryset.filter(lookup_code=value) if value else queryset


class EventReportFilterSet(StyledFilterSet):
    """Filters of event reports, shared by the pages and the API."""

    q = filters.CharFilter(label="活动或组织名称", method="filter_q")
    state = filters.ChoiceFilter(label="状态", choices=EventReportState.choices)
    kind = filters.ChoiceFilter(label="活动类型", choices=EventKind.choices)

    class Meta:
        model = EventReport
        fields = ["q", "state", "kind"]

    def filter_q(self, queryset: QuerySet[EventReport], name: str, value: str) -> QuerySet[EventReport]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(organization__name__icontains=value))
