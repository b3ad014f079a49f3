"""Filing applications over the API. Input serializers only shape the request: the services
validate and write. Personal data (contact phone, leader ID and phone) is always masked on read."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.models import Event
from core.rest.serializers import OrganizationRefSerializer, RegionRefSerializer
from core.rest.viewsets import ScopedPrimaryKeyRelatedField, ScopedSlugRelatedField
from registry.choices import FundingSource, PartyBuilding
from registry.identifiers import mask_phone, mask_resident_id
from registry.models import Organization, Region

from ..choices import ApplicationKind, MaterialKind, Opinion
from ..models import ApplicationMaterial, FilingApplication
from ..services import allowed_actions

MASKED_PROPOSAL_FIELDS = {"leader_id_number": mask_resident_id, "leader_phone": mask_phone}


class ProposalSerializer(serializers.Serializer):
    """The proposal JSON: the organization data an application proposes (a change carries only what
    changes). Documents the format; the filing conditions are checked by the service."""

    name = serializers.CharField(required=False, help_text="组织名称")
    category = serializers.CharField(required=False, help_text="组织类别代码")
    founded_on = serializers.DateField(required=False, help_text="成立日期")
    member_count = serializers.IntegerField(required=False, help_text="成员人数")
    venue = serializers.CharField(required=False, help_text="活动场所")
    leader_name = serializers.CharField(required=False, help_text="负责人姓名")
    leader_id_number = serializers.CharField(required=False, help_text="负责人身份证号（读取时脱敏）")
    leader_phone = serializers.CharField(required=False, help_text="负责人手机号（读取时脱敏）")
    party_building = serializers.ChoiceField(choices=PartyBuilding.choices, required=False)
    funding_sources = serializers.ListField(
        child=serializers.ChoiceField(choices=FundingSource.choices), required=False
    )
    domains = serializers.ListField(child=serializers.CharField(), required=False, help_text="服务领域代码")
    target_groups = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="服务对象代码"
    )


@extend_schema_field(ProposalSerializer)
class ProposalField(serializers.DictField):
    """Accepts the proposal as a JSON object; its content is the service's to judge."""


class MaterialSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = ApplicationMaterial
        fields = ["id", "kind", "kind_display", "original_name", "size", "uploaded_at"]


class EventSerializer(serializers.ModelSerializer):
    """One step of an application's trail: the workflow's step (submit, opinion …) and its label."""

    action = serializers.SerializerMethodField(help_text="办理事项：submit、opinion、approve、return、reject")
    action_label = serializers.CharField(read_only=True)

    class Meta:
        model = Event
        fields = ["action", "action_label", "from_state", "to_state", "reason", "actor_label", "occurred_at"]

    def get_action(self, event: Event) -> str:
        return event.action.removeprefix("filing.")


class ApplicationSerializer(serializers.ModelSerializer):
    """The read representation, with the actions the requesting user may take now."""

    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    community = RegionRefSerializer(read_only=True)
    organization = OrganizationRefSerializer(read_only=True, allow_null=True)
    contact_phone = serializers.SerializerMethodField()
    proposal = serializers.SerializerMethodField()
    materials = MaterialSerializer(many=True, read_only=True)
    allowed_actions = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField()

    class Meta:
        model = FilingApplication
        fields = [
            "id",
            "kind",
            "kind_display",
            "state",
            "state_display",
            "receipt_number",
            "community",
            "organization",
            "contact_name",
            "contact_phone",
            "proposal",
            "fact_date",
            "shared_venue",
            "submitted_at",
            "opinion",
            "opinion_note",
            "opinion_due",
            "decision_due",
            "decided_at",
            "decision_reason",
            "materials",
            "allowed_actions",
            "events",
        ]
        read_only_fields = fields

    def get_contact_phone(self, application: FilingApplication) -> str:
        return mask_phone(application.contact_phone)

    @extend_schema_field(ProposalSerializer)
    def get_proposal(self, application: FilingApplication) -> dict[str, Any]:
        proposal = dict(application.proposal)
        for name, mask in MASKED_PROPOSAL_FIELDS.items():
            if proposal.get(name):
                proposal[name] = mask(str(proposal[name]))
        return proposal

    @extend_schema_field(EventSerializer(many=True))
    def get_events(self, application: FilingApplication) -> list[dict[str, Any]]:
        """The steps the user may read; a list page reads them for all its rows at once (``events``)."""
        known = self.context.get("events")
        events = (
            known[application.pk]
            if known
            else Event.objects.for_user(self.context["request"].user).of(application)
        )
        return EventSerializer(events, many=True).data

    def get_allowed_actions(self, application: FilingApplication) -> list[str]:
        user = self.context["request"].user
        return [transition.action for transition in allowed_actions(user, application)]


def _communities_for_filing(user: Any) -> Any:
    # Staff file inside their jurisdiction; a new applicant has none and may file in any community
    # (the service still checks where each role may file).
    if user.region_id is None:
        return Region.objects.public_tree().communities()
    return Region.objects.for_user(user).communities()


def _organizations_in_scope(user: Any) -> Any:
    return Organization.objects.for_user(user)


class ApplicationCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ApplicationKind.choices)
    community = ScopedSlugRelatedField(
        slug_field="code",
        model=Region,
        scope=_communities_for_filing,
        required=False,
        allow_null=True,
        help_text="社区/村区划代码（新设备案）",
    )
    # Only organizations the actor sees resolve: a foreign id is answered like one that does not
    # exist. Whether the actor may file for it is the service's check.
    organization = ScopedPrimaryKeyRelatedField(
        model=Organization,
        scope=_organizations_in_scope,
        required=False,
        allow_null=True,
        help_text="组织 ID（变更、注销备案）",
    )
    contact_name = serializers.CharField(max_length=50, allow_blank=True)
    contact_phone = serializers.CharField(max_length=11, allow_blank=True)
    proposal = ProposalField(required=False, default=dict)
    fact_date = serializers.DateField(required=False, allow_null=True, help_text="变更或解散的日期")
    shared_venue = serializers.BooleanField(required=False, default=False)


class ApplicationUpdateSerializer(serializers.Serializer):
    """PATCH: only the fields sent change; a proposal replaces the stored one as a whole."""

    contact_name = serializers.CharField(max_length=50, allow_blank=True, required=False)
    contact_phone = serializers.CharField(max_length=11, allow_blank=True, required=False)
    proposal = ProposalField(required=False)
    fact_date = serializers.DateField(required=False, allow_null=True)
    shared_venue = serializers.BooleanField(required=False)


class SubmitSerializer(serializers.Serializer):
    commitment_accepted = serializers.BooleanField(default=False, help_text="已阅读并签署信用承诺")


class OpinionSerializer(serializers.Serializer):
    opinion = serializers.ChoiceField(choices=Opinion.choices, allow_blank=True, default="")
    note = serializers.CharField(allow_blank=True, default="")
    venue_certified = serializers.BooleanField(default=False, help_text="一址多社时确认共用场所")


class ApproveSerializer(serializers.Serializer):
    note = serializers.CharField(allow_blank=True, default="")
    account = serializers.CharField(
        allow_blank=True,
        default="",
        max_length=150,
        help_text="新设备案：成为该组织账号的备案申请账号用户名；留空则为申请人本人的账号",
    )


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, default="", help_text="理由（必填）")


class MaterialUploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=MaterialKind.choices)
    file = serializers.FileField(help_text="PDF、JPG、PNG、docx 或 xlsx")
