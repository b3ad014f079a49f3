"""Pages' forms of incubation. They shape input; the incubation services check it and write."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from core.bootstrap import BootstrapFormMixin
from registry.choices import OrganizationStatus, Role, Tier
from registry.formfields import CommunityChoiceField
from registry.models import Category, Organization, Region, User

from .choices import BASE_LEVELS, BaseFunding, BaseState, ServiceType, SpaceKind, SubsidyKind
from .models import IncubationBase, Space, Tenancy
from .rules import ChecklistItem, current_rules
from .services.checks import add_months
from .services.records import NOT_ADMITTED


def _date(label: str, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **kwargs
    )


def _text(label: str, rows: int = 3, **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


def _checkboxes(label: str, choices: Any) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
    )


def score_fields(form: forms.Form, items: tuple[ChecklistItem, ...]) -> None:
    """One score field per checklist item, named ``score_<code>`` as the services name their errors."""
    for item in items:
        form.fields[f"score_{item.code}"] = forms.IntegerField(label=f"{item.label}（满分{item.points}）")


def scores_of(form: forms.Form, items: tuple[ChecklistItem, ...]) -> dict[str, Any]:
    return {item.code: form.cleaned_data.get(f"score_{item.code}") for item in items}


class TenancyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Tenancy) -> str:
        return f"{obj.base.name} · {obj.name}（{obj.get_state_display()}）"


# -- bases ---------------------------------------------------------------------------------------------


class BaseForm(BootstrapFormMixin, forms.Form):
    region = forms.ModelChoiceField(
        label="所在区划", queryset=Region.objects.none(), help_text="基地的层级即所在区划的层级"
    )
    name = forms.CharField(label="基地名称", max_length=100)
    operator_name = forms.CharField(label="运营机构", max_length=100)
    operator_organization = forms.ModelChoiceField(
        label="运营机构（在册组织）",
        queryset=Organization.objects.none(),
        required=False,
        help_text="运营机构是辖区内依法登记的组织（如社区社会组织联合会）时选择",
    )
    address = forms.CharField(label="地址", max_length=200)
    contact_name = forms.CharField(label="联系人", max_length=50)
    phone = forms.CharField(label="服务电话", max_length=20)
    opened_on = _date("启用日期")
    funding = forms.ChoiceField(label="经费来源", choices=BaseFunding.choices)
    area = forms.IntegerField(label="面积（平方米）")
    staff_count = forms.IntegerField(label="专职工作人员（人）", required=False)
    services = _checkboxes("提供的服务", ServiceType.choices)
    description = _text("简介", required=False)

    def __init__(
        self, *args: Any, user: User, creating: bool, current: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        registered = Organization.objects.for_user(user).filter(
            status=OrganizationStatus.ACTIVE, tier=Tier.REGISTERED
        )
        self.fields["operator_organization"].queryset = registered.order_by("name_pinyin")
        if current is not None and not registered.filter(pk=current).exists():
            # A link the user cannot see is kept as it is, not offered for change.
            del self.fields["operator_organization"]
        if creating:
            regions = Region.objects.for_user(user).filter(level__in=BASE_LEVELS).order_by("code")
            self.fields["region"].queryset = regions
        else:
            del self.fields["region"]

    def data_for_service(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name != "region"}


class SpaceForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label="名称", max_length=50)
    kind = forms.ChoiceField(label="类型", choices=SpaceKind.choices)
    capacity = forms.IntegerField(label="容纳组织数", help_text="可同时入驻的组织数；公共功能区填可容纳人数")
    area = forms.IntegerField(label="面积（平方米）", required=False)
    for_tenants = forms.BooleanField(label="可分配给入驻组织", required=False)
    is_active = forms.BooleanField(label="在用", required=False, initial=True)


class OperatorForm(BootstrapFormMixin, forms.Form):
    username = forms.CharField(label="运营方账号（用户名）", max_length=150)


class TrainingForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label="培训名称", max_length=100)
    organizer = forms.CharField(label="举办单位", max_length=100)
    held_on = _date("培训日期")
    trainees = forms.IntegerField(label="参训人数")
    hours = forms.DecimalField(label="学时", max_digits=5, decimal_places=1)


class EvaluationForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label="评估年度")
    narrative = _text("评估意见", rows=4)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"year": timezone.localdate().year - 1})
        super().__init__(*args, **kwargs)
        narrative = self.fields.pop("narrative")
        score_fields(self, current_rules().evaluation_checklist)
        self.fields["narrative"] = narrative
        for name, field in self.fields.items():
            if name.startswith("score_"):
                field.widget.attrs["class"] = "form-control"


# -- tenancies -----------------------------------------------------------------------------------------


def bases_to_apply_to(user: User) -> QuerySet[IncubationBase]:
    if user.role == Role.OPERATOR or user.is_superuser:
        return IncubationBase.objects.for_user(user).open_on(timezone.localdate())
    return IncubationBase.objects.open_to_public()


class ApplyForm(BootstrapFormMixin, forms.Form):
    base = forms.ModelChoiceField(label="申请入驻的孵化基地", queryset=IncubationBase.objects.none())
    organization = forms.ModelChoiceField(
        label="在册组织",
        queryset=Organization.objects.none(),
        required=False,
        help_text="尚未登记或备案的组织请留空，填写下面的名称和社区",
    )
    group_name = forms.CharField(label="组织名称", max_length=100, required=False)
    community = CommunityChoiceField(label="所在社区/村", queryset=Region.objects.none(), required=False)
    category = forms.ModelChoiceField(
        label="组织类别",
        queryset=Category.objects.filter(is_active=True),
        to_field_name="code",
        required=False,
    )
    contact_name = forms.CharField(label="联系人", max_length=50)
    contact_phone = forms.CharField(label="联系人手机号", max_length=11)
    needs = _text("入驻需求", required=False)
    wanted_services = _checkboxes("希望获得的服务", ServiceType.choices)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["base"].queryset = bases_to_apply_to(user).select_related("region").order_by("name")
        if user.role == Role.ORGANIZATION:
            for name in ("organization", "group_name", "community", "category"):
                del self.fields[name]
            return
        if user.role == Role.APPLICANT:
            del self.fields["organization"]
        else:
            organizations = Organization.objects.for_user(user).filter(status=OrganizationStatus.ACTIVE)
            self.fields["organization"].queryset = organizations
        communities = Region.objects.public_tree().communities().select_related("parent").order_by("code")
        self.fields["community"].queryset = communities


class AdmitForm(BootstrapFormMixin, forms.Form):
    planned_start = _date("计划入驻日期")
    planned_end = _date("计划出壳日期", help_text="入驻期限一般为1至2年")
    space = forms.ModelChoiceField(
        label="分配空间", queryset=Space.objects.none(), required=False, empty_label="虚拟孵化（不分配空间）"
    )
    note = _text("审核意见", rows=2, required=False)

    def __init__(self, *args: Any, user: User, tenancy: Tenancy, **kwargs: Any) -> None:
        start = max(timezone.localdate(), tenancy.base.opened_on)
        end = add_months(start, current_rules().default_term_months) - datetime.timedelta(days=1)
        kwargs.setdefault("initial", {"planned_start": start, "planned_end": end})
        super().__init__(*args, **kwargs)
        spaces = Space.objects.for_user(user).filter(base=tenancy.base_id, for_tenants=True, is_active=True)
        self.fields["space"].queryset = spaces


class MoveInForm(BootstrapFormMixin, forms.Form):
    started_on = _date("入驻日期")


class ExtendForm(BootstrapFormMixin, forms.Form):
    planned_end = _date("延期后的出壳日期", help_text="每次延期一般不超过12个月")
    reason = _text("延期理由", rows=2)


class GraduateForm(BootstrapFormMixin, forms.Form):
    ended_on = _date("出壳日期")
    growth_narrative = _text("成长评估意见", rows=4)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"ended_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        narrative = self.fields.pop("growth_narrative")
        score_fields(self, current_rules().growth_dimensions)
        self.fields["growth_narrative"] = narrative
        for name, field in self.fields.items():
            if name.startswith("score_"):
                field.widget.attrs["class"] = "form-control"


class ExitForm(BootstrapFormMixin, forms.Form):
    ended_on = _date("离开日期")
    reason = _text("退出原因", rows=2)


class LinkForm(BootstrapFormMixin, forms.Form):
    organization = forms.ModelChoiceField(label="在册组织", queryset=Organization.objects.none())

    def __init__(self, *args: Any, user: User, tenancy: Tenancy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        street = tenancy.community_id[:9]
        self.fields["organization"].queryset = Organization.objects.for_user(user).filter(
            status=OrganizationStatus.ACTIVE, community__code__startswith=street
        )


# -- records --------------------------------------------------------------------------------------------


class RecordForm(BootstrapFormMixin, forms.Form):
    """What services and subsidies share: the base and the tenant, among those the user runs."""

    base = forms.ModelChoiceField(label="孵化基地", queryset=IncubationBase.objects.none())
    tenancy = TenancyChoiceField(label="入驻组织", queryset=Tenancy.objects.none())

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bases = IncubationBase.objects.for_user(user, "change").filter(state=BaseState.OPEN).order_by("name")
        self.fields["base"].queryset = bases
        tenancies = (
            Tenancy.objects.for_user(user, "change")
            .exclude(state__in=NOT_ADMITTED)
            .select_related("base", "organization")
            .order_by("base__name", "group_name")
        )
        self.fields["tenancy"].queryset = tenancies


class ServiceForm(RecordForm):
    kind = forms.ChoiceField(label="服务类型", choices=ServiceType.choices)
    given_on = _date("服务日期")
    hours = forms.DecimalField(label="时长（小时）", max_digits=6, decimal_places=1)
    participants = forms.IntegerField(label="参与人次")
    notes = _text("服务内容", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tenancy"].required = False
        self.fields["tenancy"].empty_label = "全体入驻组织"
        self.fields["tenancy"].help_text = "面向全体入驻组织的服务（如政策宣讲、观摩交流）不选"


class SubsidyForm(RecordForm):
    kind = forms.ChoiceField(label="补贴类型", choices=SubsidyKind.choices)
    amount = forms.DecimalField(label="金额（元）", max_digits=12, decimal_places=2)
    period_start = _date("补贴期间起")
    period_end = _date("补贴期间止")
    approver = forms.CharField(label="审批单位", max_length=100)
    approved_on = _date("审批日期")
    notes = _text("备注", rows=2, required=False)
