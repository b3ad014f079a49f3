"""One filterset per model, shared by the pages and the API. Only whitelisted fields filter or
order; personal data never does."""

from __future__ import annotations

from typing import Any

import django_filters as filters
from django import forms
from django.db.models import Q, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .choices import OrganizationStatus, QualificationLevel, RegionLevel, Role, Tier, UrbanRural
from .models import Category, Federation, Organization, Region, SocialWorker, User


def _regions_in_scope(request: Any) -> QuerySet[Region]:
    user = getattr(request, "user", None)
    return Region.objects.for_user(user).filter(level__lte=RegionLevel.COMMUNITY)


@extend_schema_field(OpenApiTypes.STR)
class RegionCodeFilter(filters.ModelChoiceFilter):
    """A region chosen by code (within the user's scope), narrowing to its subtree."""

    def filter(self, qs: Any, value: Region | None) -> Any:
        return qs.within(value) if value else qs


class StyledFilterSet(filters.FilterSet):
    """Filter forms drawn with Bootstrap's small controls."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            css = (
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm"
            )
            field.widget.attrs.setdefault("class", css)


class OrganizationFilterSet(StyledFilterSet):
    q = filters.CharFilter(label="名称或拼音", method="filter_q")
    region = RegionCodeFilter(
        label="区划",
        queryset=_regions_in_scope,
        to_field_name="code",
        widget=forms.TextInput(attrs={"placeholder": "区划代码"}),
    )
    tier = filters.ChoiceFilter(label="管理方式", choices=Tier.choices)
    category = filters.ModelChoiceFilter(
        label="组织类别", queryset=Category.objects.filter(is_active=True), to_field_name="code"
    )
    status = filters.ChoiceFilter(label="状态", choices=OrganizationStatus.choices)
    urban_rural = filters.ChoiceFilter(
        label="城乡", field_name="community__urban_rural", choices=UrbanRural.choices
    )
    is_brand = filters.BooleanFilter(label="品牌组织")
    ordering = filters.OrderingFilter(
        label="排序",
        fields=(
            ("name_pinyin", "name"),
            ("founded_on", "founded_on"),
            ("member_count", "member_count"),
            ("created_at", "created_at"),
        ),
        field_labels={
            "name_pinyin": "名称",
            "founded_on": "成立日期",
            "member_count": "成员人数",
            "created_at": "创建时间",
        },
    )

    class Meta:
        model = Organization
        fields = ["q", "region", "tier", "category", "status", "urban_rural", "is_brand"]

    def filter_q(self, queryset: QuerySet[Organization], name: str, value: str) -> QuerySet[Organization]:
        value = value.strip()
        if not value:
            return queryset
        lowered = value.lower().replace(" ", "")
        # Initials match from any character on, so "xyh" finds 幸福里社区夕阳红舞蹈队 (names begin with
        # their community's); a single letter matches only at the start, or it would match nearly all.
        initials = Q(name_initials__startswith=lowered)
        if len(lowered) > 1:
            initials = Q(name_initials__contains=lowered)
        return queryset.filter(Q(name__icontains=value) | Q(name_pinyin__contains=lowered) | initials)


class RegionFilterSet(StyledFilterSet):
    level = filters.ChoiceFilter(choices=RegionLevel.choices)
    parent = filters.CharFilter(field_name="parent_id")
    within = filters.CharFilter(label="区划代码前缀", method="filter_within")
    urban_rural = filters.ChoiceFilter(choices=UrbanRural.choices)
    q = filters.CharFilter(field_name="name", lookup_expr="icontains", label="名称")

    class Meta:
        model = Region
        fields = ["level", "parent", "within", "urban_rural", "q"]

    def filter_within(self, queryset: QuerySet[Region], name: str, value: str) -> QuerySet[Region]:
        region = Region.objects.public_tree().filter(pk=value.strip()).first()
        return queryset.within(region) if region else queryset.none()


class SocialWorkerFilterSet(StyledFilterSet):
    region = RegionCodeFilter(
        label="区划",
        queryset=_regions_in_scope,
        to_field_name="code",
        widget=forms.TextInput(attrs={"placeholder": "区划代码"}),
    )
    qualification = filters.ChoiceFilter(label="职业资格", choices=QualificationLevel.choices)
    is_active = filters.BooleanFilter(label="在岗")
    q = filters.CharFilter(field_name="name", lookup_expr="icontains", label="姓名")

    class Meta:
        model = SocialWorker
        fields = ["region", "qualification", "is_active", "q"]


class FederationFilterSet(StyledFilterSet):
    region = RegionCodeFilter(
        label="区划",
        queryset=_regions_in_scope,
        to_field_name="code",
        widget=forms.TextInput(attrs={"placeholder": "区划代码"}),
    )

    class Meta:
        model = Federation
        fields = ["region"]


class AccountFilterSet(StyledFilterSet):
    """Accounts of the jurisdiction, by name, role, place and state; never by password or email."""

    q = filters.CharFilter(label="用户名或姓名", method="filter_q")
    # Named "kind" so no page spells out a user's role (templates ask the permission table).
    kind = filters.ChoiceFilter(label="角色", field_name="role", choices=Role.choices)
    region = RegionCodeFilter(
        label="区划",
        queryset=_regions_in_scope,
        to_field_name="code",
        widget=forms.TextInput(attrs={"placeholder": "区划代码"}),
    )
    is_active = filters.BooleanFilter(label="启用")

    class Meta:
        model = User
        fields = ["q", "kind", "region", "is_active"]

    def filter_q(self, queryset: QuerySet[User], name: str, value: str) -> QuerySet[User]:
        value = value.strip()
        return (
            queryset.filter(Q(username__icontains=value) | Q(full_name__icontains=value))
            if value
            else queryset
        )
