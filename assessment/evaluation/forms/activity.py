"""Forms of service projects and trainings."""

from __future__ import annotations

from typing import Any

from django import forms

from core.bootstrap import BootstrapFormMixin
from registry.choices import RegionLevel
from registry.formfields import CommunityChoiceField
from registry.models import Organization, Region, ServiceDomain, TargetGroup, User

from ..choices import ORGANIZATION_AUDIENCES, Audience, ProjectFunding, TrainingMode, TrainingTopic
from .fields import active_organizations, date_field, organization_field

PROJECT_FIELDS = (
    "title",
    "domain",
    "target_groups",
    "starts_on",
    "ends_on",
    "beneficiaries",
    "volunteer_hours",
    "funding_source",
    "amount",
    "description",
)


class ProjectForm(BootstrapFormMixin, forms.Form):
    organization = organization_field("实施组织")
    title = forms.CharField(label="项目名称", max_length=200, error_messages={"required": "请填写项目名称"})
    domain = forms.ModelChoiceField(label="服务领域", queryset=ServiceDomain.objects.all(), required=False)
    target_groups = forms.ModelMultipleChoiceField(
        label="服务对象",
        queryset=TargetGroup.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    starts_on = date_field("开始日期")
    ends_on = date_field("结束日期")
    beneficiaries = forms.IntegerField(label="受益人次", min_value=0, initial=0)
    volunteer_hours = forms.DecimalField(
        label="志愿服务时长（小时）", min_value=0, decimal_places=1, initial=0
    )
    funding_source = forms.ChoiceField(label="资金来源", choices=ProjectFunding.choices)
    amount = forms.DecimalField(label="项目金额（元）", min_value=0, decimal_places=2, initial=0)
    description = forms.CharField(label="项目内容", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, user: User, choose_organization: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if choose_organization:
            self.fields["organization"].queryset = active_organizations(user)
        else:
            del self.fields["organization"]

    def project_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in PROJECT_FIELDS if name in self.cleaned_data}


class TrainingForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label="培训名称", max_length=200, error_messages={"required": "请填写培训名称"})
    organizer = forms.CharField(
        label="举办单位", max_length=100, error_messages={"required": "请填写举办单位"}
    )
    held_on = date_field("培训日期")
    hours = forms.DecimalField(
        label="学时", min_value=0, decimal_places=1, help_text="北京：区级专题培训不少于 8 学时"
    )
    mode = forms.ChoiceField(label="培训方式", choices=TrainingMode.choices)
    topics = forms.MultipleChoiceField(
        label="培训内容", choices=TrainingTopic.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if user.region_id and not self.is_bound and "organizer" not in self.initial:
            self.fields["organizer"].initial = user.region.name

    def training_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class LeadersForm(BootstrapFormMixin, forms.Form):
    organizations = forms.ModelMultipleChoiceField(
        label="参训组织（登记其负责人）",
        queryset=Organization.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请至少选择一个组织", "invalid_choice": "请选择本次培训范围内的在册组织"},
    )

    def __init__(self, *args: Any, user: User, training: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organizations"].queryset = active_organizations(user).within(training.region)
        self.fields["organizations"].label_from_instance = lambda org: (
            f"{org.name}（负责人 {org.leader_name}）"
        )


class AttendeeForm(BootstrapFormMixin, forms.Form):
    audience = forms.ChoiceField(label="人员类别", choices=Audience.choices)
    name = forms.CharField(label="姓名", max_length=50, error_messages={"required": "请填写姓名"})
    organization = organization_field("所在组织（负责人、骨干必选）")
    region = CommunityChoiceField(
        label="所在街道或社区（其他人员必选）",
        queryset=Region.objects.none(),
        to_field_name="code",
        required=False,
    )

    def __init__(self, *args: Any, user: User, training: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].required = False
        self.fields["organization"].queryset = active_organizations(user).within(training.region)
        regions = Region.objects.for_user(user).within(training.region).filter(level__gte=RegionLevel.STREET)
        self.fields["region"].queryset = regions.select_related("parent").order_by("code")
        self.fields["region"].label_from_instance = lambda region: region.name

    def attendee_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        organization, region = data.get("organization"), data.get("region")
        return {
            "audience": data["audience"],
            "name": data["name"],
            "organization": organization.pk
            if organization and data["audience"] in ORGANIZATION_AUDIENCES
            else None,
            "region": region.code if region else "",
        }
