"""Pages' forms of filing: applications, complaints, event reports and the street's duties. They shape
input; the filing services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from core.bootstrap import BootstrapFormMixin
from core.permissions import can
from registry.choices import OrganizationStatus, Role, Tier
from registry.formfields import CommunityChoiceField
from registry.identifiers import validate_mobile
from registry.models import Organization, Region, User

from .choices import (
    AnnouncementKind,
    ApplicationKind,
    DormancyState,
    EventKind,
    MaterialKind,
    Opinion,
    RegistrationCaseKind,
    RevocationGround,
)
from .errors import FilingCode
from .services.complaints import CONTENT_MAX, CONTENT_MIN
from .services.event_reports import REPORT_FIELDS, REQUIRED_MESSAGES
from .services.proposals import PROPOSAL_FIELDS, ProposalForm, current_values, serialize_proposal
from .wording import opinion_choices

PERSONAL = ("leader_id_number", "leader_phone")
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


# -- filing applications ---------------------------------------------------------------------------


class ApplicationForm(BootstrapFormMixin, ProposalForm):
    """A new filing proposes everything; a change only what differs; a deregistration nothing."""

    contact_name = forms.CharField(label="联系人", max_length=50)
    contact_phone = forms.CharField(label="联系电话", max_length=11, validators=[validate_mobile])
    community = CommunityChoiceField(label="组织所在社区/村", queryset=Region.objects.none())
    fact_date = forms.DateField(
        label="事项发生日期",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="变更事项发生或组织解散的日期",
    )
    shared_venue = forms.BooleanField(label="与其他组织共用活动场所（一址多社）", required=False)

    def __init__(
        self, *args: Any, user: User, kind: str, organization: Organization | None = None, **kwargs: Any
    ) -> None:
        self.kind, self.organization = kind, organization
        if organization is not None and kind == ApplicationKind.CHANGE:
            kwargs.setdefault("initial", {}).update(current_values(organization))
        super().__init__(*args, **kwargs)
        self.fields["founded_on"].widget = forms.DateInput(
            attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"
        )
        for name in ("domains", "target_groups", "funding_sources"):
            field = self.fields[name]
            field.widget = forms.CheckboxSelectMultiple(choices=field.choices)
        if kind == ApplicationKind.NEW:
            del self.fields["fact_date"]
            communities = (
                Region.objects.for_user(user) if user.role == Role.STREET else Region.objects.public_tree()
            )
            self.fields["community"].queryset = (
                communities.communities().select_related("parent").order_by("code")
            )
        else:
            del self.fields["community"]
        if kind == ApplicationKind.DEREGISTRATION:
            for name in (*PROPOSAL_FIELDS, "shared_venue"):
                del self.fields[name]
        if kind == ApplicationKind.CHANGE:
            for name in PROPOSAL_FIELDS:
                self.fields[name].required = False
            for name in PERSONAL:
                self.fields[name].widget.attrs["placeholder"] = "不变更请留空"

    def proposal(self) -> dict[str, Any]:
        """The proposal to file: for a change, only the values that differ from the record."""
        cleaned = {name: self.cleaned_data[name] for name in PROPOSAL_FIELDS if name in self.cleaned_data}
        proposal = serialize_proposal(cleaned)
        if self.kind != ApplicationKind.CHANGE:
            return proposal
        current = current_values(self.organization)
        return {
            name: value
            for name, value in proposal.items()
            if value not in ("", None, []) and value != current.get(name)
        }

    def application_fields(self) -> dict[str, Any]:
        names = ("contact_name", "contact_phone", "community", "fact_date", "shared_venue")
        return {name: self.cleaned_data[name] for name in names if name in self.cleaned_data}


def filed_organizations(user: User):
    """Organizations whose change or deregistration is filed at the street: active, filed tier."""
    return Organization.objects.for_user(user).filter(tier=Tier.FILED, status=OrganizationStatus.ACTIVE)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files chosen at once; cleans to a list (of at most ``max_files``)."""

    def __init__(self, *args: Any, max_files: int, **kwargs: Any) -> None:
        self.max_files = max_files
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data]
        if len(files) > self.max_files:
            raise forms.ValidationError(
                f"一次最多上传 {self.max_files} 个文件", code=FilingCode.TOO_MANY_MATERIALS
            )
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


class MaterialForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label="材料类型", choices=MaterialKind.choices)
    file = MultipleFileField(
        label="文件",
        max_files=10,
        help_text="可一次选择多个文件；PDF、JPG、PNG、Word（docx）或 Excel（xlsx），每个不超过 10 MB",
    )


class OpinionForm(BootstrapFormMixin, forms.Form):
    opinion = forms.ChoiceField(label="社区意见", choices=Opinion.choices, widget=forms.RadioSelect)
    note = forms.CharField(label="意见说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    venue_certified = forms.BooleanField(label="确认该组织与其他组织共用活动场所属实", required=False)

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opinion"].choices = opinion_choices(kind)  # 同意注销, not 同意备案


# -- complaints ------------------------------------------------------------------------------------


def active_organizations() -> QuerySet[Organization]:
    """Organizations the public may complain about: any on the register, its name and place are public."""
    return Organization.objects.public_register()


class PublicComplaintForm(BootstrapFormMixin, forms.Form):
    organization = forms.ModelChoiceField(
        label="被投诉组织",
        queryset=Organization.objects.none(),
        widget=forms.HiddenInput,
        error_messages={"required": "请先选择被投诉的组织", "invalid_choice": "请先选择被投诉的组织"},
    )
    content = forms.CharField(
        label="投诉举报内容",
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": CONTENT_MAX}),
        help_text=f"请写明时间、地点和具体事实，{CONTENT_MIN}至{CONTENT_MAX}字。",
        error_messages={"required": "请填写投诉举报内容"},
    )
    complainant_name = forms.CharField(label="姓名（选填）", max_length=50, required=False)
    complainant_phone = forms.CharField(
        label="手机号码（选填）",
        max_length=11,
        required=False,
        help_text="便于街道工作人员与您核实情况；不会公开。",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = active_organizations()


# -- major-event reports ---------------------------------------------------------------------------


def _datetime_field(label: str) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
    )


class EventReportForm(BootstrapFormMixin, forms.Form):
    """Shapes the input; event_report_submit/resubmit check the dates and write."""

    organization = forms.ModelChoiceField(label="报告组织", queryset=Organization.objects.none())
    kind = forms.ChoiceField(label="活动类型", choices=[("", "---------"), *EventKind.choices])
    title = forms.CharField(label="活动名称", max_length=200)
    starts_at = _datetime_field("开始时间")
    ends_at = _datetime_field("结束时间")
    venue = forms.CharField(label="活动地点", max_length=200)
    expected_participants = forms.IntegerField(label="预计参加人数")
    description = forms.CharField(label="活动内容", widget=forms.Textarea(attrs={"rows": 4}))
    safety_measures = forms.CharField(
        label="安全保障措施",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="如场地安全、人员疏导、应急预案、医疗保障等。",
    )

    def __init__(self, *args: Any, user: User, choose_organization: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, message in REQUIRED_MESSAGES.items():  # the service's own words for a missing field
            self.fields[name].error_messages["required"] = message
        if choose_organization:
            self.fields["organization"].queryset = (
                Organization.objects.for_user(user)
                .filter(status=OrganizationStatus.ACTIVE)
                .select_related("community")
            )
            self.fields["organization"].label_from_instance = lambda o: f"{o.name}（{o.community.name}）"
            self.fields["organization"].error_messages["required"] = "请选择报告的组织"
        else:
            del self.fields["organization"]

    def report_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in REPORT_FIELDS}


# -- the street's duties: revocation, announcements, dormant organizations ------------------------


def revocable_organizations(user: User) -> QuerySet[Organization]:
    """Active filed and community-guided organizations the street office may revoke."""
    if not can(user, "filing.street_duties"):
        return Organization.objects.for_user(user, "change").none()
    return Organization.objects.for_user(user, "change").filter(
        status=OrganizationStatus.ACTIVE, tier__in=(Tier.FILED, Tier.GUIDED)
    )


class RevocationForm(BootstrapFormMixin, forms.Form):
    # Not required here: the service reports what is missing on its field, every field at once.
    ground = forms.ChoiceField(
        label="取消事由", choices=[("", "请选择"), *RevocationGround.choices], required=False
    )
    investigation = forms.CharField(
        label="调查核实情况",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="调查经过与核实的事实，仅供内部存档，不对外公开。",
    )
    reason = forms.CharField(
        label="决定理由",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="将写入公开的取消备案公告，请勿填写个人信息。",
    )
    evidence = forms.FileField(
        label="证据材料", required=False, help_text="PDF、JPG、PNG 或 Word（docx），不超过 10 MB"
    )
    # Checked by the service with the other fields, so every problem shows at once.
    confirmed = forms.BooleanField(
        label="我已核对：决定作出后组织即不在册、备案证书失效，取消备案公告向社会公开发布，此操作不能撤回",
        required=False,
    )


class AnnouncementForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="公告类型",
        choices=[(kind.value, kind.label) for kind in (AnnouncementKind.NOTICE, AnnouncementKind.POLICY)],
        required=False,  # a plain notice unless a policy document is chosen
    )
    title = forms.CharField(label="标题", max_length=200, required=False)
    body = forms.CharField(
        label="正文",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="公告对公众公开，请勿填写个人身份证号、手机号等个人信息。",
    )
    attachment = forms.FileField(
        label="附件（选填）",
        required=False,
        help_text="政策原文或配套文件：PDF、Word（docx）、Excel（xlsx）、JPG 或 PNG，公众可下载",
    )


class UnreachableForm(BootstrapFormMixin, forms.Form):
    organization = forms.ModelChoiceField(label="组织", queryset=Organization.objects.none())
    note = forms.CharField(label="联系情况", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = revocable_organizations(user).exclude(
            dormancy_flags__state=DormancyState.OPEN
        )


class RegistrationCaseForm(BootstrapFormMixin, forms.Form):
    """The bureau's case on a registered organization; the service judges every field at once."""

    kind = forms.ChoiceField(
        label="登记事项", choices=[("", "请选择"), *RegistrationCaseKind.choices], required=False
    )
    grounds = forms.CharField(
        label="事由",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="撤销登记的事由将写入公开公告",
    )
    name = forms.CharField(label="变更后名称", max_length=100, required=False)
    venue = forms.CharField(label="变更后住所/活动场所", max_length=200, required=False)
    member_count = forms.IntegerField(label="变更后成员人数", min_value=1, required=False)
    leader_name = forms.CharField(label="变更后负责人姓名", max_length=50, required=False)

    def changes(self) -> dict[str, Any]:
        names = ("name", "venue", "member_count", "leader_name")
        return {
            name: self.cleaned_data.get(name)
            for name in names
            if self.cleaned_data.get(name) not in ("", None)
        }
