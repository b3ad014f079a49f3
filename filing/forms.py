"""Pages' forms of the filing workflow. They shape input; the filing services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms

from registry.choices import OrganizationStatus, Role, Tier
from registry.forms import BootstrapFormMixin, CommunityChoiceField
from registry.identifiers import validate_mobile
from registry.models import Organization, Region, User

from .choices import ApplicationKind, MaterialKind, Opinion
from .services.proposals import PROPOSAL_FIELDS, ProposalForm, current_values, serialize_proposal

PERSONAL = ("leader_id_number", "leader_phone")


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
                Region.objects.for_user(user) if user.role == Role.STREET else Region.objects.unrestricted()
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


class MaterialForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label="材料类型", choices=MaterialKind.choices)
    file = forms.FileField(
        label="文件", help_text="PDF、JPG、PNG、Word（docx）或 Excel（xlsx），不超过 10 MB"
    )


class OpinionForm(BootstrapFormMixin, forms.Form):
    opinion = forms.ChoiceField(label="社区意见", choices=Opinion.choices, widget=forms.RadioSelect)
    note = forms.CharField(label="意见说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    venue_certified = forms.BooleanField(label="确认该组织与其他组织共用活动场所属实", required=False)
