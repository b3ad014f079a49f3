"""The filtersets of work reports, rounds, entries, brands, selections, projects and trainings, each
shared by the pages and the API. Only whitelisted fields filter; a region named in a filter must lie
inside the user's jurisdiction."""

from __future__ import annotations

from typing import Any

import django_filters as filters
from django import forms
from django.db.models import Q, QuerySet

from core.filters import IntegerFilter
from registry.choices import RegionLevel
from registry.filtersets import RegionCodeFilter, StyledFilterSet
from registry.models import Region

from ..models import (
    BrandDesignation,
    EvaluationEntry,
    EvaluationRound,
    Selection,
    ServiceProject,
    Training,
    WorkReport,
)
from .choices import Audience, BrandState, Grade, PeriodKind, ProjectFunding, RoundState, WorkReportState


def _regions_in_scope(request: Any) -> QuerySet[Region]:
    user = getattr(request, "user", None)
    return Region.objects.for_user(user).filter(level__lte=RegionLevel.COMMUNITY)


def region_filter() -> RegionCodeFilter:
    return RegionCodeFilter(
        label="区划",
        queryset=_regions_in_scope,
        to_field_name="code",
        widget=forms.TextInput(attrs={"placeholder": "区划代码"}),
    )


def organization_name(queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
    value = value.strip()
    return queryset.filter(organization__name__icontains=value) if value else queryset


class WorkReportFilterSet(StyledFilterSet):
    q = filters.CharFilter(label="组织名称", method=organization_name)
    region = region_filter()
    organization = IntegerFilter(label="组织", field_name="organization_id")
    year = IntegerFilter(label="年度")
    period_kind = filters.ChoiceFilter(label="报告周期", choices=PeriodKind.choices)
    state = filters.ChoiceFilter(label="状态", choices=WorkReportState.choices)

    class Meta:
        model = WorkReport
        fields = ["q", "region", "organization", "year", "period_kind", "state"]


class RoundFilterSet(StyledFilterSet):
    region = region_filter()
    year = IntegerFilter(label="年度")
    state = filters.ChoiceFilter(label="状态", choices=RoundState.choices)

    class Meta:
        model = EvaluationRound
        fields = ["region", "year", "state"]


class EntryFilterSet(StyledFilterSet):
    q = filters.CharFilter(label="组织名称", method=organization_name)
    region = region_filter()
    round = IntegerFilter(label="年度评议", field_name="round_id")
    organization = IntegerFilter(label="组织", field_name="organization_id")
    year = IntegerFilter(label="年度", field_name="round__year")
    grade = filters.ChoiceFilter(label="等级", choices=Grade.choices)
    published = filters.BooleanFilter(label="已公布", method="filter_published")

    class Meta:
        model = EvaluationEntry
        fields = ["q", "region", "round", "organization", "year", "grade", "published"]

    def filter_published(self, queryset: QuerySet[Any], name: str, value: bool | None) -> QuerySet[Any]:
        if value is None:
            return queryset
        published = Q(round__state=RoundState.PUBLISHED)
        return queryset.filter(published if value else ~published)


class BrandFilterSet(StyledFilterSet):
    q = filters.CharFilter(label="组织名称", method=organization_name)
    region = region_filter()
    year = IntegerFilter(label="认定年度")
    state = filters.ChoiceFilter(label="状态", choices=BrandState.choices)

    class Meta:
        model = BrandDesignation
        fields = ["q", "region", "year", "state"]


class SelectionFilterSet(StyledFilterSet):
    year = IntegerFilter(label="年度")

    class Meta:
        model = Selection
        fields = ["year"]


class ProjectFilterSet(StyledFilterSet):
    q = filters.CharFilter(label="项目或组织名称", method="filter_q")
    region = region_filter()
    organization = IntegerFilter(label="组织", field_name="organization_id")
    year = IntegerFilter(label="项目年度")
    funding_source = filters.ChoiceFilter(label="资金来源", choices=ProjectFunding.choices)

    class Meta:
        model = ServiceProject
        fields = ["q", "region", "organization", "year", "funding_source"]

    def filter_q(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(organization__name__icontains=value))


class TrainingFilterSet(StyledFilterSet):
    q = filters.CharFilter(label="培训名称", field_name="title", lookup_expr="icontains")
    held_after = filters.DateFilter(label="培训日期起", field_name="held_on", lookup_expr="gte")
    held_before = filters.DateFilter(label="培训日期止", field_name="held_on", lookup_expr="lte")
    audience = filters.ChoiceFilter(
        label="含参训人员类别", choices=Audience.choices, method="filter_audience"
    )

    class Meta:
        model = Training
        fields = ["q", "held_after", "held_before", "audience"]

    def filter_audience(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(attendees__audience=value).distinct() if value else queryset
