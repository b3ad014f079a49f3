"""The filtersets of assessment: quota policies, their snapshots and a snapshot's rows, each shared by
the pages and the API. Only whitelisted fields filter; a region named in a filter must lie inside
the user's jurisdiction (a code outside it is refused, not silently widened)."""

from __future__ import annotations

from typing import Any

import django_filters as filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db.models import QuerySet

from core.filters import IntegerFilter
from registry.choices import RegionLevel
from registry.filtersets import RegionCodeFilter, StyledFilterSet
from registry.models import Region

from .choices import Outcome, ReportStatus
from .errors import AssessmentCode
from .models import QuotaPolicy, QuotaReport, QuotaReportRow

# A row's level may be asked for by number or by name: ?level=4 and ?level=street are the same.
LEVEL_NAMES = {
    "district": RegionLevel.DISTRICT,
    "street": RegionLevel.STREET,
    "community": RegionLevel.COMMUNITY,
}
ROW_LEVELS = (RegionLevel.CITY, RegionLevel.DISTRICT, RegionLevel.STREET, RegionLevel.COMMUNITY)
LEVEL_CHOICES = [(str(int(level)), level.label) for level in ROW_LEVELS] + [
    (name, level.label) for name, level in LEVEL_NAMES.items()
]


def _regions_in_scope(request: Any) -> QuerySet[Region]:
    user = getattr(request, "user", None)
    return Region.objects.for_user(user).filter(level__lte=RegionLevel.COMMUNITY)


class PolicyFilterSet(StyledFilterSet):
    jurisdiction = filters.CharFilter(label="适用辖区代码", field_name="jurisdiction_id")
    preset = filters.BooleanFilter(label="预设方案", field_name="jurisdiction", lookup_expr="isnull")
    is_active = filters.BooleanFilter(label="启用")

    class Meta:
        model = QuotaPolicy
        fields = ["jurisdiction", "preset", "is_active"]


class ReportFilterSet(StyledFilterSet):
    policy = IntegerFilter(label="指标方案", field_name="policy_id")
    region = filters.CharFilter(label="评估辖区代码", field_name="region_id")
    as_of = filters.DateFilter(label="统计日期")
    as_of_after = filters.DateFilter(label="统计日期起", field_name="as_of", lookup_expr="gte")
    as_of_before = filters.DateFilter(label="统计日期止", field_name="as_of", lookup_expr="lte")
    status = filters.ChoiceFilter(label="状态", choices=ReportStatus.choices)

    class Meta:
        model = QuotaReport
        fields = ["policy", "region", "as_of", "as_of_after", "as_of_before", "status"]


class RowFilterForm(forms.Form):
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("outcome") and not cleaned.get("rule"):
            self.add_error(
                "outcome",
                ValidationError("按结果筛选时请同时指定指标（rule）", code=AssessmentCode.RULE_REQUIRED),
            )
        return cleaned


class RowFilterSet(StyledFilterSet):
    level = filters.ChoiceFilter(label="层级", choices=LEVEL_CHOICES, method="filter_level")
    parent = filters.CharFilter(label="上级区划代码", field_name="parent_code")
    region = RegionCodeFilter(
        label="区划",
        queryset=_regions_in_scope,
        to_field_name="code",
        widget=forms.TextInput(attrs={"placeholder": "区划代码"}),
    )
    rule = filters.CharFilter(
        label="指标编号",
        method="filter_rule",
        validators=[
            RegexValidator(r"^r\d{1,3}$", "指标编号应为 r1、r2 这样的格式", code=AssessmentCode.INVALID_RULE)
        ],
    )
    outcome = filters.ChoiceFilter(label="指标结果", choices=Outcome.choices, method="filter_outcome")

    class Meta:
        model = QuotaReportRow
        form = RowFilterForm
        fields = ["level", "parent", "region", "rule", "outcome"]

    def filter_level(
        self, queryset: QuerySet[QuotaReportRow], name: str, value: str
    ) -> QuerySet[QuotaReportRow]:
        level = LEVEL_NAMES[value] if value in LEVEL_NAMES else int(value)
        return queryset.filter(level=level)

    def filter_rule(
        self, queryset: QuerySet[QuotaReportRow], name: str, value: str
    ) -> QuerySet[QuotaReportRow]:
        # Levels below a rule's anchor carry no result for it.
        return queryset.filter(results__has_key=value)

    def filter_outcome(
        self, queryset: QuerySet[QuotaReportRow], name: str, value: str
    ) -> QuerySet[QuotaReportRow]:
        rule = self.form.cleaned_data["rule"]
        return queryset.filter(**{f"results__{rule}__outcome": value})
