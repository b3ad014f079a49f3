"""The filterset of filing applications, shared by the pages and the API. Only whitelisted fields
filter or order; personal data (contact, leader) never does."""

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

from .choices import ApplicationKind, ApplicationState
from .models import FilingApplication

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
