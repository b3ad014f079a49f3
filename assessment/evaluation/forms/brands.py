"""Forms of brand designations and selections."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from core.bootstrap import BootstrapFormMixin
from registry.models import User

from ...models import ServiceProject
from ..choices import AwardKind
from .fields import active_organizations, date_field, organization_field


class DesignationForm(BootstrapFormMixin, forms.Form):
    organization = organization_field()
    year = forms.IntegerField(label="认定年度", error_messages={"required": "请填写认定年度"})
    designated_on = date_field("认定日期")
    reason = forms.CharField(
        label="认定理由",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="品牌组织一般从年度评议为“优秀”的组织中认定，请写明其服务成效和特色",
        error_messages={"required": "请填写认定理由"},
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["year"].initial, self.fields["designated_on"].initial = today.year, today
        # Only the organizations of the tiers the user's office manages (分类管理).
        self.fields["organization"].queryset = active_organizations(user).filter(
            tier__in=user.editable_tiers, is_brand=False
        )

    def designation_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ("year", "designated_on", "reason")}


class RevokeForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label="撤销理由",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写撤销理由"},
    )


class SelectionForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label="评选名称", max_length=200, error_messages={"required": "请填写评选名称"})
    year = forms.IntegerField(label="年度", error_messages={"required": "请填写年度"})
    held_on = date_field("评选日期")
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["year"].initial = today.year - 1
        self.fields["title"].initial = f"{today.year - 1}年度品牌社区社会组织和优秀典型项目案例评选"


class ProjectChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ServiceProject) -> str:
        return f"{obj.title}（{obj.organization.name}，{obj.year}年）"


class AwardForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label="类别", choices=AwardKind.choices)
    organization = organization_field()
    project = ProjectChoiceField(
        label="服务项目（优秀典型项目案例必选）",
        queryset=ServiceProject.objects.none(),
        required=False,
        error_messages={"invalid_choice": "请选择该组织实施的服务项目"},
    )
    title = forms.CharField(label="奖项名称", max_length=100, required=False, help_text="留空则为类别名称")
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, user: User, selection: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region = selection.region
        self.fields["organization"].queryset = active_organizations(user).within(region)
        self.fields["project"].queryset = (
            ServiceProject.objects.for_user(user)
            .within(region)
            .select_related("organization")
            .order_by("-starts_on")
        )

    def award_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "organization": data["organization"].pk,
            "project": data["project"].pk if data.get("project") else None,
            "title": data.get("title", ""),
            "note": data.get("note", ""),
        }
