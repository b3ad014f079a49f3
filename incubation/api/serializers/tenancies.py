"""API v1 serializers of tenancies and their steps; the contact's phone is always masked."""

from __future__ import annotations

from rest_framework import serializers

from core.rest.serializers import OrganizationRefSerializer, RegionRefSerializer
from registry.identifiers import mask_phone

from ...models import Tenancy
from ...services import tenancy_allowed_actions
from .bases import BaseRefSerializer


class TenancySerializer(serializers.ModelSerializer):
    base = BaseRefSerializer(read_only=True)
    organization = OrganizationRefSerializer(read_only=True, allow_null=True)
    community = RegionRefSerializer(read_only=True)
    category = serializers.CharField(source="category.code", read_only=True)
    category_display = serializers.CharField(source="category.name", read_only=True)
    contact_phone = serializers.SerializerMethodField(help_text="联系电话（脱敏）")
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    allowed_actions = serializers.SerializerMethodField()

    class Meta:
        model = Tenancy
        fields = [
            "id",
            "base",
            "organization",
            "name",
            "group_name",
            "community",
            "category",
            "category_display",
            "contact_name",
            "contact_phone",
            "needs",
            "wanted_services",
            "state",
            "state_display",
            "applied_at",
            "decision_due",
            "decided_at",
            "decision_note",
            "planned_start",
            "planned_end",
            "space",
            "is_virtual",
            "started_on",
            "ended_on",
            "extensions",
            "end_reason",
            "growth_scores",
            "growth_total",
            "growth_narrative",
            "allowed_actions",
        ]
        read_only_fields = fields

    def get_contact_phone(self, tenancy: Tenancy) -> str:
        return mask_phone(tenancy.contact_phone)

    def get_allowed_actions(self, tenancy: Tenancy) -> list[str]:
        return [t.action for t in tenancy_allowed_actions(self.context["request"].user, tenancy)]


class ApplySerializer(serializers.Serializer):
    base = serializers.IntegerField(help_text="孵化基地 ID（正在运营的基地）")
    organization = serializers.IntegerField(
        required=False, allow_null=True, help_text="在册组织 ID；组织账号可省略"
    )
    group_name = serializers.CharField(required=False, allow_blank=True, help_text="尚未登记备案的组织：名称")
    community = serializers.CharField(
        required=False, allow_blank=True, help_text="尚未登记备案的组织：所在社区代码"
    )
    category = serializers.CharField(
        required=False, allow_blank=True, help_text="尚未登记备案的组织：类别代码"
    )
    contact_name = serializers.CharField(allow_blank=True)
    contact_phone = serializers.CharField(allow_blank=True)
    needs = serializers.CharField(required=False, allow_blank=True, default="")
    wanted_services = serializers.ListField(child=serializers.CharField(), required=False, default=list)


class AdmitSerializer(serializers.Serializer):
    planned_start = serializers.DateField(allow_null=True, required=False, default=None)
    planned_end = serializers.DateField(allow_null=True, required=False, default=None)
    space = serializers.IntegerField(
        allow_null=True, required=False, default=None, help_text="空间 ID；不填为虚拟孵化"
    )
    note = serializers.CharField(allow_blank=True, default="")


class MoveInSerializer(serializers.Serializer):
    started_on = serializers.DateField(allow_null=True, required=False, default=None)


class ExtendSerializer(serializers.Serializer):
    planned_end = serializers.DateField(allow_null=True, required=False, default=None)
    reason = serializers.CharField(allow_blank=True, default="")


class GraduateSerializer(serializers.Serializer):
    ended_on = serializers.DateField(allow_null=True, required=False, default=None)
    scores = serializers.DictField(
        child=serializers.JSONField(), default=dict, help_text="成长评估各维度得分：{维度代码: 分数}"
    )
    growth_narrative = serializers.CharField(allow_blank=True, default="")


class ExitSerializer(serializers.Serializer):
    ended_on = serializers.DateField(allow_null=True, required=False, default=None)
    reason = serializers.CharField(allow_blank=True, default="")


class LinkSerializer(serializers.Serializer):
    organization = serializers.IntegerField(help_text="该组织备案或登记后的组织 ID")


class ContactSerializer(serializers.Serializer):
    contact_name = serializers.CharField()
    contact_phone = serializers.CharField()
