"""The filtersets of incubation, each shared by the pages and the API. Only whitelisted fields filter
or order; the contact's phone never does."""

from __future__ import annotations

from typing import Any

import django_filters as filters
from django import forms
from django.db.models import Q, QuerySet

from core.filters import IntegerFilter
from registry.choices import RegionLevel
from registry.filtersets import RegionCodeFilter, StyledFilterSet
from registry.models import Category, Region

from .choices import BASE_LEVELS, BaseState, EvaluationGrade, ServiceType, SubsidyKind, TenancyState
from .models import BaseEvaluation, IncubationBase, ServiceRecord, Subsidy, Tenancy


def _regions_in_scope(request: Any) -> QuerySet[Region]:
    return Region.objects.for_user(getattr(request, "user", None)).filter(level__lt=RegionLevel.COMMUNITY)


def _bases_in_scope(request: Any) -> QuerySet[IncubationBase]:
    return IncubationBase.objects.for_user(getattr(request, "user", None))


def _base_filter() -> filters.ModelChoiceFilter:
    return filters.ModelChoiceFilter(label="孵化基地", queryset=_bases_in_scope)


class BaseFilterSet(StyledFilterSet):
    q = filters.CharFilter(label="基地名称", field_name="name", lookup_expr="icontains")
    state = filters.ChoiceFilter(label="状态", choices=BaseState.choices)
    level = filters.ChoiceFilter(label="层级", field_name="region__level", choices=list(BASE_LEVELS.items()))
    region = RegionCodeFilter(
        label="区划",
        queryset=_regions_in_scope,
        to_field_name="code",
        widget=forms.TextInput(attrs={"placeholder": "区划代码"}),
    )

    class Meta:
        model = IncubationBase
        fields = ["q", "state", "level", "region"]


class TenancyFilterSet(StyledFilterSet):
    q = filters.CharFilter(label="组织名称", method="filter_q")
    base = _base_filter()
    state = filters.ChoiceFilter(label="状态", choices=TenancyState.choices)
    category = filters.ModelChoiceFilter(
        label="组织类别", queryset=Category.objects.filter(is_active=True), to_field_name="code"
    )
    virtual = filters.BooleanFilter(label="虚拟孵化", field_name="space", lookup_expr="isnull")
    ordering = filters.OrderingFilter(
        label="排序",
        fields=(("applied_at", "applied_at"), ("decision_due", "decision_due")),
        field_labels={"applied_at": "申请时间", "decision_due": "审核期限"},
    )

    class Meta:
        model = Tenancy
        fields = ["q", "base", "state", "category", "virtual"]

    def filter_q(self, queryset: QuerySet[Tenancy], name: str, value: str) -> QuerySet[Tenancy]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(group_name__icontains=value) | Q(organization__name__icontains=value))


class ServiceRecordFilterSet(StyledFilterSet):
    base = _base_filter()
    kind = filters.ChoiceFilter(label="服务类型", choices=ServiceType.choices)
    given_after = filters.DateFilter(
        label="服务日期起",
        field_name="given_on",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    given_before = filters.DateFilter(
        label="服务日期止",
        field_name="given_on",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    tenancy = IntegerFilter(label="入驻编号", field_name="tenancy_id")

    class Meta:
        model = ServiceRecord
        fields = ["base", "kind", "given_after", "given_before", "tenancy"]


class SubsidyFilterSet(StyledFilterSet):
    base = _base_filter()
    kind = filters.ChoiceFilter(label="补贴类型", choices=SubsidyKind.choices)
    year = IntegerFilter(
        label="审批年度", field_name="approved_on", lookup_expr="year", min_value=1900, max_value=2099
    )
    tenancy = IntegerFilter(label="入驻编号", field_name="tenancy_id")

    class Meta:
        model = Subsidy
        fields = ["base", "kind", "year", "tenancy"]


class EvaluationFilterSet(StyledFilterSet):
    base = _base_filter()
    year = IntegerFilter(label="评估年度", min_value=1900, max_value=2099)
    grade = filters.ChoiceFilter(label="评估结果", choices=EvaluationGrade.choices)

    class Meta:
        model = BaseEvaluation
        fields = ["base", "year", "grade"]
