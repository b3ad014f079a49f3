"""API v1 serializers of incubation. Read serializers show rows (the contact's phone masked); write
serializers only shape input: the services check it and answer with coded, field-specific errors."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from core.rest.serializers import OrganizationRefSerializer, RegionRefSerializer
from core.rest.viewsets import ScopedSlugRelatedField
from registry.identifiers import mask_phone
from registry.models import Region

from ..models import BaseEvaluation, IncubationBase, ServiceRecord, Space, Subsidy, Tenancy
from ..services import base_allowed_actions, tenancy_allowed_actions


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


class ServiceRecordSerializer(serializers.ModelSerializer):
    base = BaseRefSerializer(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    tenancy_name = serializers.SerializerMethodField()

    class Meta:
        model = ServiceRecord
        fields = [
            "id",
            "base",
            "tenancy",
            "tenancy_name",
            "kind",
            "kind_display",
            "given_on",
            "hours",
            "participants",
            "notes",
        ]
        read_only_fields = fields

    def get_tenancy_name(self, record: ServiceRecord) -> str:
        return record.tenancy.name if record.tenancy_id else ""


class ServiceCreateSerializer(serializers.Serializer):
    base = serializers.IntegerField()
    tenancy = serializers.IntegerField(
        required=False, allow_null=True, help_text="入驻 ID；不填为面向全体入驻组织"
    )
    kind = serializers.CharField()
    given_on = serializers.DateField(allow_null=True, required=False, default=None)
    hours = serializers.CharField(help_text="时长（小时），最多1位小数")
    participants = serializers.IntegerField()
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class SubsidySerializer(serializers.ModelSerializer):
    base = BaseRefSerializer(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    tenancy_name = serializers.CharField(source="tenancy.name", read_only=True)

    class Meta:
        model = Subsidy
        fields = [
            "id",
            "base",
            "tenancy",
            "tenancy_name",
            "kind",
            "kind_display",
            "amount",
            "period_start",
            "period_end",
            "approver",
            "approved_on",
            "notes",
        ]
        read_only_fields = fields


class SubsidyCreateSerializer(serializers.Serializer):
    base = serializers.IntegerField()
    tenancy = serializers.IntegerField()
    kind = serializers.CharField()
    amount = serializers.CharField(help_text="金额（元），大于0，最多2位小数")
    period_start = serializers.DateField(allow_null=True, required=False, default=None)
    period_end = serializers.DateField(allow_null=True, required=False, default=None)
    approver = serializers.CharField(allow_blank=True)
    approved_on = serializers.DateField(allow_null=True, required=False, default=None)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class ReportQuerySerializer(serializers.Serializer):
    region = serializers.CharField(
        required=False, allow_blank=True, help_text="区划代码（默认您可查看的全部）"
    )
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)


class ReportSerializer(serializers.Serializer):
    """The figures of the report page (see incubation.reports)."""

    year = serializers.IntegerField()
    capacity = serializers.IntegerField(help_text="可供入驻的位置")
    occupancy = serializers.ListField(
        child=serializers.DictField(), help_text="各月末：month、tenants、in_spaces"
    )
    by_state = serializers.DictField(child=serializers.IntegerField())
    by_category = serializers.ListField(child=serializers.DictField())
    graduations = serializers.ListField(
        child=serializers.DictField(), help_text="各年度：year、graduated、filed"
    )
    services = serializers.ListField(child=serializers.DictField())
    subsidies = serializers.ListField(child=serializers.DictField())
    bases = serializers.ListField(child=serializers.DictField())

    def to_representation(self, report: Any) -> dict[str, Any]:
        return {
            "year": report.year,
            "capacity": report.capacity,
            "occupancy": [
                {
                    "month": f"{p.month:%Y-%m}",
                    "day": p.month.isoformat(),
                    "tenants": p.tenants,
                    "in_spaces": p.in_spaces,
                }
                for p in report.occupancy
            ],
            "by_state": dict(report.by_state),
            "by_category": report.by_category,
            "graduations": report.graduations,
            "services": [{**row, "hours": str(row["hours"])} for row in report.services],
            "subsidies": [{**row, "total": str(row["total"])} for row in report.subsidies],
            "bases": [
                {
                    "id": line["base"].pk,
                    "name": line["base"].name,
                    "level": line["level"],
                    "region": line["base"].region_id,
                    "tenants": line["tenants"],
                    "graduated": line["graduated"],
                    "applied": line["applied"],
                    "hours": str(line["hours"]),
                    "subsidies": str(line["subsidies"]),
                }
                for line in report.bases
            ],
        }
