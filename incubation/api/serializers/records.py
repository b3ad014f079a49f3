"""API v1 serializers of the services log, subsidies and the report."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from ...models import ServiceRecord, Subsidy
from .bases import BaseRefSerializer


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
