"""Form fields shared by the evaluation pages."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet

from registry.models import Organization, User

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OrganizationChoiceField(forms.ModelChoiceField):
    """An organization of the user's scope, named with its community."""

    def label_from_instance(self, obj: Organization) -> str:
        return f"{obj.name}（{obj.community.name}）"


def organization_field(label: str = "组织") -> OrganizationChoiceField:
    return OrganizationChoiceField(
        label=label,
        queryset=Organization.objects.none(),
        error_messages={"required": "请选择组织", "invalid_choice": "请选择本辖区内的在册组织"},
    )


def active_organizations(user: User) -> QuerySet[Organization]:
    return Organization.objects.for_user(user).active().select_related("community").order_by("name_pinyin")


def date_field(label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DATE_WIDGET,
        error_messages={"required": f"请填写{label}", "invalid": f"请填写正确的{label}"},
    )
