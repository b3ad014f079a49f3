"""What an application proposes, checked against the filing conditions, and turned into the
registry's organization data on approval."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator

from registry.choices import FundingSource, PartyBuilding, Tier
from registry.identifiers import normalize_resident_id, validate_mobile, validate_resident_id
from registry.models import Category, Organization, ServiceDomain, TargetGroup
from registry.models.organizations import validate_not_in_future

from ..choices import ApplicationKind, MaterialKind
from ..errors import FilingCode
from ..rules import current_rules

PROPOSAL_FIELDS = (
    "name",
    "category",
    "founded_on",
    "member_count",
    "venue",
    "leader_name",
    "leader_id_number",
    "leader_phone",
    "party_building",
    "funding_sources",
    "domains",
    "target_groups",
)
# The materials each kind of application must carry before it can be submitted.
REQUIRED_MATERIALS = {
    ApplicationKind.NEW: (
        MaterialKind.FILING_FORM,
        MaterialKind.LEADER_FORM,
        MaterialKind.VENUE_PROOF,
        MaterialKind.CHARTER,
        MaterialKind.ROSTER,
    ),
    ApplicationKind.CHANGE: (MaterialKind.FILING_FORM,),
    ApplicationKind.DEREGISTRATION: (MaterialKind.FILING_FORM, MaterialKind.DISSOLUTION),
}


class ProposalForm(forms.Form):
    """The organization data an application proposes; for a change only the fields that change."""

    name = forms.CharField(label="组织名称", max_length=100)
    category = forms.ModelChoiceField(
        label="组织类别", queryset=Category.objects.filter(is_active=True), to_field_name="code"
    )
    founded_on = forms.DateField(label="成立日期", validators=[validate_not_in_future])
    # Bounded as the register's own field is: a count it could not keep is refused on the form, not
    # at approval, when the applicant can no longer correct it.
    member_count = forms.IntegerField(
        label="成员人数",
        min_value=1,
        validators=[
            validator
            for validator in Organization._meta.get_field("member_count").validators
            if isinstance(validator, MaxValueValidator)
        ],
    )
    venue = forms.CharField(label="活动场所", max_length=200)
    leader_name = forms.CharField(label="负责人姓名", max_length=50)
    leader_id_number = forms.CharField(label="负责人身份证号", max_length=18)
    leader_phone = forms.CharField(label="负责人手机号", max_length=11, validators=[validate_mobile])
    party_building = forms.ChoiceField(
        label="党建情况", choices=PartyBuilding.choices, initial=PartyBuilding.NONE
    )
    funding_sources = forms.MultipleChoiceField(
        label="经费来源", choices=FundingSource.choices, required=False
    )
    domains = forms.ModelMultipleChoiceField(
        label="服务领域", queryset=ServiceDomain.objects.all(), to_field_name="code", required=False
    )
    target_groups = forms.ModelMultipleChoiceField(
        label="服务对象", queryset=TargetGroup.objects.all(), to_field_name="code", required=False
    )

    def __init__(self, *args: Any, partial: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if partial:  # a change proposes only what changes
            for name in list(self.fields):
                if name not in self.data:
                    del self.fields[name]
                else:
                    self.fields[name].required = False

    def clean_leader_id_number(self) -> str:
        value = normalize_resident_id(self.cleaned_data["leader_id_number"])
        if value:  # blank only where the field is optional (a change keeps the stored value)
            validate_resident_id(value)
        return value

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            return name
        rules = current_rules()
        excluded = [word for word in rules.excluded_name_words if word in name]
        if excluded:
            raise ValidationError(
                "业主委员会、村（居）民委员会及其下属机构、营利性组织不属于社区社会组织，不能备案（名称含“%(word)s”）",
                code=FilingCode.EXCLUDED_KIND,
                params={"word": excluded[0]},
            )
        if not name.endswith(rules.name_suffixes):
            raise ValidationError(
                "名称应由地域、社区、业务领域和组织形式组成，并以%(forms)s等组织形式结尾",
                code=FilingCode.NAME_PATTERN,
                params={"forms": "、".join(rules.name_suffixes[:5])},
            )
        return name

    def clean_member_count(self) -> int:
        count = self.cleaned_data["member_count"]
        minimum = current_rules().min_members
        if count is not None and count < minimum:
            raise ValidationError(
                "成员应不少于%(min)s人（须附成员名册）",
                code=FilingCode.TOO_FEW_MEMBERS,
                params={"min": minimum},
            )
        return count


def clean_proposal(kind: str, proposal: dict[str, Any]) -> dict[str, Any]:
    """The proposal validated; raises ValidationError keyed by field, in the form's Chinese."""
    if kind == ApplicationKind.DEREGISTRATION:
        return {}
    form = ProposalForm(data=proposal, partial=kind == ApplicationKind.CHANGE)
    if kind == ApplicationKind.CHANGE and not form.fields:
        raise ValidationError("请填写要变更的事项", code=FilingCode.NOTHING_TO_CHANGE)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return form.cleaned_data


def serialize_proposal(cleaned: dict[str, Any]) -> dict[str, Any]:
    """Cleaned values as JSON: model instances by code, dates as ISO strings."""
    stored: dict[str, Any] = {}
    for name, value in cleaned.items():
        if isinstance(value, Category):
            stored[name] = value.code
        elif name in ("domains", "target_groups"):
            stored[name] = [item.code for item in value]
        elif isinstance(value, datetime.date):
            stored[name] = value.isoformat()
        else:
            stored[name] = value
    return stored


def organization_data(kind: str, proposal: dict[str, Any]) -> dict[str, Any]:
    """The registry's organization data for an approved proposal."""
    data = dict(clean_proposal(kind, proposal))
    if kind == ApplicationKind.NEW:
        data["tier"] = Tier.FILED
    for name in ("domains", "target_groups"):
        if name in data:
            data[name] = list(data[name])
    return data


def missing_materials(kind: str, present: set[str]) -> list[str]:
    return [MaterialKind(item).label for item in REQUIRED_MATERIALS[kind] if item not in present]


def current_values(organization: Organization) -> dict[str, Any]:
    """An organization's data in proposal form, to prefill a change application."""
    return {
        "name": organization.name,
        "category": organization.category.code,
        "founded_on": organization.founded_on.isoformat(),
        "member_count": organization.member_count,
        "venue": organization.venue,
        "leader_name": organization.leader_name,
        "party_building": organization.party_building,
        "funding_sources": list(organization.funding_sources),
    }
