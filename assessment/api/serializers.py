"""Quota policies and their snapshots over the API. Input serializers only shape the request: the
services validate and write. A snapshot's figures are always those of the user's viewpoint region
(``assessment.selectors.viewpoint``), never a wider area's."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.errors import Code
from core.permissions import can
from core.rest.serializers import RegionRefSerializer
from core.rest.viewsets import ScopedPrimaryKeyRelatedField, ScopedSlugRelatedField
from registry.choices import RegionLevel
from registry.models import Region

from ..choices import Outcome, ReportStatus, RuleKind
from ..errors import AssessmentCode
from ..models import QuotaPolicy, QuotaReport, QuotaReportRow
from ..quota.engine import vocabulary
from ..quota.kinds import RULE_TYPES
from ..quota.rules import Param, Vocabulary
from ..selectors import Headline, policy_rules_described

# -- shared pieces --------------------------------------------------------------------------------


class QuotaRuleSerializer(serializers.Serializer):
    """A rule as evaluated: its key in a snapshot's results (r1, r2 …), completed parameters and text."""

    key = serializers.CharField(help_text="指标编号，报告行 results 的键")
    kind = serializers.CharField(help_text="指标类型，见 rule-kinds")
    label = serializers.CharField(help_text="指标类型名称")
    params = serializers.DictField(help_text="参数（已补全默认值）")
    description = serializers.CharField(help_text="指标要求的文字说明")


def words_of(context: dict[str, Any]) -> Vocabulary:
    """The category vocabulary, read once per response however many policies it shows."""
    if "vocabulary" not in context:
        context["vocabulary"] = vocabulary()
    return context["vocabulary"]


# -- policies -------------------------------------------------------------------------------------


class QuotaPolicySerializer(serializers.ModelSerializer):
    jurisdiction = RegionRefSerializer(read_only=True, allow_null=True, help_text="为空表示平台预设方案")
    is_preset = serializers.BooleanField(read_only=True)
    rules = serializers.SerializerMethodField()
    can_change = serializers.SerializerMethodField(help_text="当前用户能否修改此方案")

    class Meta:
        model = QuotaPolicy
        fields = [
            "id",
            "name",
            "jurisdiction",
            "is_preset",
            "preset",
            "source",
            "basis",
            "is_active",
            "rules",
            "can_change",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(QuotaRuleSerializer(many=True))
    def get_rules(self, policy: QuotaPolicy) -> list[dict[str, Any]]:
        rules = policy_rules_described(policy, words_of(self.context))
        return QuotaRuleSerializer(rules, many=True).data

    def get_can_change(self, policy: QuotaPolicy) -> bool:
        return can(self.context["request"].user, "assessment.change_policy", policy)


class QuotaRuleInputSerializer(serializers.Serializer):
    """One rule of a policy as submitted (documents the shape; the service checks it)."""

    kind = serializers.CharField(help_text="指标类型，见 GET quota-policies/rule-kinds/")
    params = serializers.DictField(required=False, help_text="参数；省略的取默认值")


@extend_schema_field(QuotaRuleInputSerializer(many=True))
class RulesField(serializers.Field):
    """The rules in order. Only the shape is checked here; kinds and parameters are the service's
    to judge, so every error names the rule by its place from 1 (``rules.2.urban``) like the pages."""

    def to_internal_value(self, data: Any) -> list[dict[str, Any]]:
        if not isinstance(data, list):
            raise serializers.ValidationError("指标应为列表", code=AssessmentCode.NOT_A_LIST)
        errors: dict[str, Any] = {}
        for index, item in enumerate(data, start=1):
            if not isinstance(item, dict) or not isinstance(item.get("kind"), str):
                errors[str(index)] = {"kind": [serializers.ErrorDetail("请选择指标类型", code=Code.REQUIRED)]}
            elif not isinstance(item.get("params") or {}, dict):
                errors[str(index)] = {"params": [serializers.ErrorDetail("参数应为对象", code=Code.INVALID)]}
        if errors:
            raise serializers.ValidationError(errors)
        return [{"kind": item["kind"], "params": item.get("params") or {}} for item in data]

    def to_representation(self, value: Any) -> Any:
        return value


class QuotaPolicyUpdateSerializer(serializers.Serializer):
    """Fields left out keep their current values (with PUT, name and rules are required)."""

    name = serializers.CharField(max_length=100)
    basis = serializers.CharField(allow_blank=True, required=False)
    is_active = serializers.BooleanField(required=False, help_text="启用后每晚自动评估")
    rules = RulesField(help_text="全部指标，按顺序替换原有指标")


def _jurisdictions_in_scope(user: Any) -> Any:
    return Region.objects.for_user(user).filter(level__lt=RegionLevel.COMMUNITY)


class QuotaPolicyCopySerializer(serializers.Serializer):
    jurisdiction = ScopedSlugRelatedField(
        slug_field="code",
        model=Region,
        scope=_jurisdictions_in_scope,
        required=False,
        help_text="适用辖区代码，默认本人辖区",
    )
    name = serializers.CharField(
        max_length=100, required=False, allow_blank=True, help_text="新方案名称，默认“辖区名+原名称”"
    )


class OptionSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()


class RuleParamSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    kind = serializers.CharField(help_text="int、bool、choice 或 categories（类别代码列表）")
    default = serializers.JSONField(allow_null=True)
    minimum = serializers.IntegerField(allow_null=True, help_text="仅整数参数")
    maximum = serializers.IntegerField(allow_null=True, help_text="仅整数参数")
    choices = OptionSerializer(many=True, help_text="可选值：选项，或类别代码及名称")


class RuleKindSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    anchor = serializers.IntegerField(help_text="在哪一层级评估（3 区县、4 街道、5 社区）")
    anchor_display = serializers.CharField()
    params = RuleParamSerializer(many=True)


def _param_entry(param: Param, words: Vocabulary) -> dict[str, Any]:
    default, choices = param.default, [{"value": value, "label": label} for value, label in param.choices]
    if param.kind == "categories":
        default = list(words.core) if default is None else default
        choices = [{"value": code, "label": name} for code, name in words.names.items()]
    numeric = param.kind == "int"
    return {
        "name": param.name,
        "label": param.label,
        "kind": param.kind,
        "default": default,
        "minimum": param.minimum if numeric else None,
        "maximum": param.maximum if numeric else None,
        "choices": choices,
    }


def rule_kind_catalogue() -> list[dict[str, Any]]:
    """Every rule kind with its parameters, as a policy editor needs them."""
    words = vocabulary()
    return [
        {
            "kind": kind,
            "label": RuleKind(kind).label,
            "anchor": int(rule_type.anchor),
            "anchor_display": RegionLevel(rule_type.anchor).label,
            "params": [_param_entry(param, words) for param in rule_type.params],
        }
        for kind, rule_type in RULE_TYPES.items()
    ]


# -- snapshots ------------------------------------------------------------------------------------


class RuleResultSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    text = serializers.CharField()
    value = serializers.FloatField(allow_null=True)
    target = serializers.FloatField(allow_null=True)
    detail = serializers.DictField()


@extend_schema_field(serializers.DictField(child=RuleResultSerializer(), help_text="指标编号 → 结果"))
class RuleResultsField(serializers.JSONField):
    """The stored results as they are: ``{rule key: {outcome, text, value, target, detail}}``."""


class QuotaReportRowSerializer(serializers.ModelSerializer):
    region = RegionRefSerializer(read_only=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    results = RuleResultsField(read_only=True)
    counts = serializers.DictField(read_only=True, help_text="统计数：按管理方式、类别、城乡等")

    class Meta:
        model = QuotaReportRow
        fields = [
            "region",
            "level",
            "level_display",
            "parent_code",
            "urban_rural",
            "organizations",
            "passed",
            "failed",
            "shortfall",
            "results",
            "counts",
        ]
        read_only_fields = fields


class HeadlineSerializer(serializers.Serializer):
    region = RegionRefSerializer(help_text="视角区划：报告辖区，或报告覆盖更大范围时的本人辖区")
    organizations = serializers.IntegerField()
    communities = serializers.IntegerField()
    passed = serializers.IntegerField(help_text="达标指标数")
    failed = serializers.IntegerField(help_text="未达标指标数")
    communities_meeting_all = serializers.IntegerField(help_text="全部指标达标的社区数")


class PolicyRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class QuotaReportSerializer(serializers.ModelSerializer):
    """A snapshot with its headline from the user's viewpoint (``context["headlines"]``)."""

    policy = PolicyRefSerializer(read_only=True)
    region = RegionRefSerializer(read_only=True)
    status = serializers.CharField(
        read_only=True, help_text="、".join(f"{value}（{label}）" for value, label in ReportStatus.choices)
    )
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    has_rows = serializers.SerializerMethodField(help_text="是否已有可查看的结果")
    requested_by = serializers.SerializerMethodField()
    headline = serializers.SerializerMethodField()

    class Meta:
        model = QuotaReport
        fields = [
            "id",
            "policy",
            "region",
            "as_of",
            "status",
            "status_display",
            "progress",
            "stage",
            "error",
            "has_rows",
            "requested_by",
            "requested_at",
            "started_at",
            "finished_at",
            "headline",
        ]
        read_only_fields = fields

    def get_has_rows(self, report: QuotaReport) -> bool:
        return report.row_count > 0

    def get_requested_by(self, report: QuotaReport) -> str:
        return str(report.requested_by) if report.requested_by_id else ""

    @extend_schema_field(HeadlineSerializer(allow_null=True))
    def get_headline(self, report: QuotaReport) -> dict[str, Any] | None:
        headline: Headline | None = self.context.get("headlines", {}).get(report.pk)
        return HeadlineSerializer(headline).data if headline else None


class QuotaReportDetailSerializer(QuotaReportSerializer):
    """One snapshot: its frozen rules and the viewpoint region's row (``context["row"]``)."""

    rules = QuotaRuleSerializer(many=True, read_only=True)
    row = serializers.SerializerMethodField(help_text="视角区划的报告行")

    class Meta(QuotaReportSerializer.Meta):
        fields = [*QuotaReportSerializer.Meta.fields, "rules", "row"]
        read_only_fields = fields

    @extend_schema_field(QuotaReportRowSerializer(allow_null=True))
    def get_row(self, report: QuotaReport) -> dict[str, Any] | None:
        row = self.context.get("row")
        return QuotaReportRowSerializer(row).data if row else None


def _policies_in_scope(user: Any) -> Any:
    return QuotaPolicy.objects.for_user(user).select_related("jurisdiction")


def _regions_in_scope(user: Any) -> Any:
    return Region.objects.for_user(user)


class QuotaReportRunSerializer(serializers.Serializer):
    policy = ScopedPrimaryKeyRelatedField(
        model=QuotaPolicy, scope=_policies_in_scope, help_text="指标方案 ID"
    )
    region = ScopedSlugRelatedField(
        slug_field="code",
        model=Region,
        scope=_regions_in_scope,
        required=False,
        help_text="评估辖区代码；默认方案适用辖区（在本人辖区内时）或本人辖区",
    )
    as_of = serializers.DateField(required=False, help_text="统计日期，默认今天")
