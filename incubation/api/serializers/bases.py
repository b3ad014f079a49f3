"""API v1 serializers of bases, their spaces and evaluations. Read serializers show rows; write
serializers only shape input: the services check it and answer with coded, field-specific errors."""

from __future__ import annotations

from rest_framework import serializers

from core.rest.serializers import RegionRefSerializer
from core.rest.viewsets import ScopedSlugRelatedField
from registry.models import Region

from ...models import BaseEvaluation, IncubationBase, Space
from ...services import base_allowed_actions


class BaseRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class BaseSerializer(serializers.ModelSerializer):
    region = RegionRefSerializer(read_only=True)
    level = serializers.IntegerField(
        source="region.level", read_only=True, help_text="2 市、3 区县、4 街道乡镇"
    )
    level_display = serializers.CharField(source="level_label", read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    funding_display = serializers.CharField(source="get_funding_display", read_only=True)
    allowed_actions = serializers.SerializerMethodField()

    class Meta:
        model = IncubationBase
        fields = [
            "id",
            "name",
            "region",
            "level",
            "level_display",
            "state",
            "state_display",
            "operator_name",
            "operator_organization",
            "address",
            "contact_name",
            "phone",
            "opened_on",
            "closed_on",
            "funding",
            "funding_display",
            "area",
            "staff_count",
            "services",
            "description",
            "decided_at",
            "decision_note",
            "closing_reason",
            "allowed_actions",
        ]
        read_only_fields = fields

    def get_allowed_actions(self, base: IncubationBase) -> list[str]:
        return [t.action for t in base_allowed_actions(self.context["request"].user, base)]


class BaseDataSerializer(serializers.Serializer):
    """A base's particulars; the service checks each (a duplicate name, an area of 0 …)."""

    name = serializers.CharField(max_length=100)
    operator_name = serializers.CharField(max_length=100)
    operator_organization = serializers.IntegerField(
        required=False, allow_null=True, help_text="运营机构的组织 ID（在册组织时）"
    )
    address = serializers.CharField(max_length=200)
    contact_name = serializers.CharField(max_length=50)
    phone = serializers.CharField(max_length=20, help_text="服务电话：手机号或带区号的固定电话")
    opened_on = serializers.DateField()
    funding = serializers.CharField(
        help_text="经费来源：budget、transfer、lottery、purchase、venture、donation、self_raised"
    )
    area = serializers.IntegerField(help_text="面积（平方米），至少1")
    staff_count = serializers.IntegerField(required=False, default=0)
    services = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    description = serializers.CharField(required=False, allow_blank=True, default="")


class BaseCreateSerializer(BaseDataSerializer):
    region = ScopedSlugRelatedField(
        model=Region,
        scope=lambda user: Region.objects.for_user(user),
        slug_field="code",
        help_text="所在区划代码（市、区县或街道乡镇，须在您的辖区内）",
    )


class BaseCloseSerializer(serializers.Serializer):
    closed_on = serializers.DateField(allow_null=True, required=False, default=None)
    reason = serializers.CharField(allow_blank=True, default="", help_text="停止运营原因（必填）")


class DecisionNoteSerializer(serializers.Serializer):
    note = serializers.CharField(allow_blank=True, default="", help_text="意见（选填）")


class DecisionReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, default="", help_text="理由（必填）")


class OperatorSerializer(serializers.Serializer):
    username = serializers.CharField(help_text="“孵化基地运营方”角色的账号用户名")


class EvaluateSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    scores = serializers.DictField(
        child=serializers.JSONField(), help_text="评分表各项得分：{项目代码: 分数}"
    )
    narrative = serializers.CharField(allow_blank=True, default="")


class EvaluationSerializer(serializers.ModelSerializer):
    base = BaseRefSerializer(read_only=True)
    grade_display = serializers.CharField(source="get_grade_display", read_only=True)
    evaluated_by = serializers.StringRelatedField()

    class Meta:
        model = BaseEvaluation
        fields = [
            "id",
            "base",
            "year",
            "items",
            "total",
            "grade",
            "grade_display",
            "narrative",
            "evaluated_on",
            "evaluated_by",
        ]
        read_only_fields = fields


class SpaceSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Space
        fields = [
            "id",
            "base",
            "name",
            "kind",
            "kind_display",
            "capacity",
            "area",
            "for_tenants",
            "is_active",
        ]
        read_only_fields = fields


class SpaceDataSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    kind = serializers.CharField(
        help_text="party、training、service、hot_desk、office、exhibition、resources、activity"
    )
    capacity = serializers.IntegerField(help_text="可同时入驻的组织数，至少1")
    area = serializers.IntegerField(required=False, allow_null=True)
    for_tenants = serializers.BooleanField(required=False, default=False)
    is_active = serializers.BooleanField(required=False, default=True)


class SpaceCreateSerializer(SpaceDataSerializer):
    base = serializers.IntegerField(help_text="孵化基地 ID")
