"""Serializers of the evaluation API: work reports, schemes, rounds and their lines (results), brand
designations and selections. Reads are shaped here; writes take plain input that a service checks."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.rest.serializers import OrganizationRefSerializer, RegionRefSerializer

from ..evaluation.choices import AwardKind, PeriodKind
from ..models import (
    BrandDesignation,
    EvaluationEntry,
    EvaluationRound,
    EvaluationScheme,
    Selection,
    SelectionAward,
    WorkReport,
)
from ..services.rounds import entry_breakdown, round_allowed_actions
from ..services.work_reports import work_report_allowed_actions


def _allowed(context: dict[str, Any], allowed_actions: Any, obj: Any) -> list[str]:
    return [t.action for t in allowed_actions(context["request"].user, obj)]


# -- work reports --------------------------------------------------------------------------------------


class ActivitySerializer(serializers.Serializer):
    title = serializers.CharField(max_length=100)
    held_on = serializers.DateField()
    participants = serializers.IntegerField(min_value=0)


class AttachmentRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    uploaded_at = serializers.DateTimeField()


class WorkReportSerializer(serializers.ModelSerializer):
    organization = OrganizationRefSerializer(read_only=True)
    period_label = serializers.CharField(read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    activities = serializers.SerializerMethodField()
    attachments = serializers.SerializerMethodField()
    submitted_by = serializers.StringRelatedField()
    allowed_actions = serializers.SerializerMethodField()

    class Meta:
        model = WorkReport
        fields = [
            "id",
            "organization",
            "year",
            "period_kind",
            "period_index",
            "period_label",
            "period_start",
            "period_end",
            "narrative",
            "volunteer_hours",
            "funds_received",
            "funds_used",
            "activities",
            "attachments",
            "state",
            "state_display",
            "response",
            "submitted_by",
            "submitted_at",
            "responded_at",
            "allowed_actions",
        ]
        read_only_fields = fields

    @extend_schema_field(ActivitySerializer(many=True))
    def get_activities(self, report: WorkReport) -> list[dict[str, Any]]:
        return ActivitySerializer(report.activities.all(), many=True).data

    @extend_schema_field(AttachmentRefSerializer(many=True))
    def get_attachments(self, report: WorkReport) -> list[dict[str, Any]]:
        return AttachmentRefSerializer(report.attachments.all(), many=True).data

    def get_allowed_actions(self, report: WorkReport) -> list[str]:
        return _allowed(self.context, work_report_allowed_actions, report)


class WorkReportContentSerializer(serializers.Serializer):
    """A report's content; the service checks the figures, the dates of the activities and the period."""

    narrative = serializers.CharField(help_text="工作情况")
    volunteer_hours = serializers.DecimalField(max_digits=9, decimal_places=1, required=False, default=0)
    funds_received = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, default=0)
    funds_used = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, default=0)
    activities = ActivitySerializer(many=True, required=False, default=list)


class WorkReportCreateSerializer(WorkReportContentSerializer):
    organization = serializers.IntegerField(
        required=False, allow_null=True, help_text="组织 ID；组织账号可省略"
    )
    period_kind = serializers.ChoiceField(
        choices=PeriodKind.choices, help_text="报告周期：quarter、half、year"
    )
    year = serializers.IntegerField()
    period_index = serializers.IntegerField(help_text="期次：季度1–4，半年1–2，年度1")


class CommentSerializer(serializers.Serializer):
    response = serializers.CharField(allow_blank=True, default="", help_text="“两委”意见（退回修改时必填）")


class AttachmentUploadSerializer(serializers.Serializer):
    attachment = serializers.FileField(help_text="PDF、Word、Excel、JPG 或 PNG，不超过 10 MB")


# -- schemes, rounds and their lines --------------------------------------------------------------------


class IndicatorSerializer(serializers.Serializer):
    code = serializers.CharField(required=False, allow_blank=True)
    name = serializers.CharField()
    weight = serializers.DecimalField(max_digits=4, decimal_places=1)
    max_score = serializers.DecimalField(max_digits=5, decimal_places=1)
    from_votes = serializers.BooleanField(required=False, default=False)


def thresholds_field() -> serializers.DictField:
    return serializers.DictField(
        child=serializers.FloatField(),
        read_only=True,
        help_text='等级分数线：{"excellent": 90, "good": 75, "pass": 60}',
    )


class VoteValuesSerializer(serializers.Serializer):
    satisfied = serializers.IntegerField()
    basic = serializers.IntegerField()
    unsatisfied = serializers.IntegerField()


class EvaluationSchemeSerializer(serializers.ModelSerializer):
    jurisdiction = RegionRefSerializer(read_only=True, allow_null=True)
    indicators = IndicatorSerializer(many=True, read_only=True)
    thresholds = thresholds_field()
    vote_values = VoteValuesSerializer(read_only=True)

    class Meta:
        model = EvaluationScheme
        fields = ["id", "name", "jurisdiction", "indicators", "thresholds", "vote_values", "updated_at"]
        read_only_fields = fields


class EvaluationSchemeWriteSerializer(serializers.Serializer):
    """The whole scheme; the service checks the weights (sum 100), maxima, thresholds and ballot values."""

    name = serializers.CharField()
    indicators = serializers.ListField(
        child=serializers.DictField(), help_text="[{name, weight, max_score, from_votes}]"
    )
    thresholds = serializers.DictField(help_text='{"excellent": 90, "good": 75, "pass": 60}')
    vote_values = serializers.DictField(help_text='{"satisfied": 100, "basic": 60, "unsatisfied": 0}')


class EvaluationSchemeCreateSerializer(EvaluationSchemeWriteSerializer):
    jurisdiction = serializers.CharField(required=False, help_text="适用辖区代码；默认为本人辖区")


class EvaluationRoundSerializer(serializers.ModelSerializer):
    community = RegionRefSerializer(read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    indicators = IndicatorSerializer(many=True, read_only=True)
    thresholds = thresholds_field()
    vote_values = VoteValuesSerializer(read_only=True)
    allowed_actions = serializers.SerializerMethodField()

    class Meta:
        model = EvaluationRound
        fields = [
            "id",
            "community",
            "year",
            "state",
            "state_display",
            "indicators",
            "thresholds",
            "vote_values",
            "opened_at",
            "submitted_at",
            "review_note",
            "published_at",
            "allowed_actions",
        ]
        read_only_fields = fields

    def get_allowed_actions(self, evaluation_round: EvaluationRound) -> list[str]:
        return _allowed(self.context, round_allowed_actions, evaluation_round)


class RoundOpenSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text="评议年度（不晚于今年）")
    community = serializers.CharField(required=False, help_text="社区/村代码；社区“两委”可省略")


class ReviewNoteSerializer(serializers.Serializer):
    review_note = serializers.CharField(
        allow_blank=True, default="", help_text="街道审核意见（退回修改时必填）"
    )


class EvaluationEntrySerializer(serializers.ModelSerializer):
    """An organization's line in a round: its ballots and scores and, once submitted, its results."""

    organization = OrganizationRefSerializer(read_only=True)
    round = serializers.IntegerField(source="round_id", read_only=True)
    year = serializers.IntegerField(source="round.year", read_only=True)
    published = serializers.SerializerMethodField()
    grade_display = serializers.CharField(source="get_grade_display", read_only=True)
    indicator_scores = serializers.SerializerMethodField(help_text="各项指标计入总分的得分（含按票数折算的）")

    class Meta:
        model = EvaluationEntry
        fields = [
            "id",
            "round",
            "year",
            "organization",
            "votes_satisfied",
            "votes_basic",
            "votes_unsatisfied",
            "scores",
            "indicator_scores",
            "comment",
            "final_score",
            "grade",
            "grade_display",
            "rank",
            "published",
        ]
        read_only_fields = fields

    def get_published(self, entry: EvaluationEntry) -> bool:
        return entry.round.published_at is not None

    def get_indicator_scores(self, entry: EvaluationEntry) -> dict[str, float | None]:
        used = entry_breakdown(entry.round, entry)["scores"]
        return {code: float(value) if value is not None else None for code, value in used.items()}


class VotesSerializer(serializers.Serializer):
    organization = serializers.IntegerField(help_text="参评组织 ID")
    votes_satisfied = serializers.IntegerField(required=False, default=0)
    votes_basic = serializers.IntegerField(required=False, default=0)
    votes_unsatisfied = serializers.IntegerField(required=False, default=0)


class ScoresSerializer(serializers.Serializer):
    organization = serializers.IntegerField(help_text="参评组织 ID")
    scores = serializers.DictField(
        child=serializers.CharField(allow_blank=True), help_text="指标代码 → 得分（不超过满分，至多一位小数）"
    )
    comment = serializers.CharField(allow_blank=True, required=False, default="")


# -- brands and selections ---------------------------------------------------------------------------------


class BrandDesignationSerializer(serializers.ModelSerializer):
    organization = OrganizationRefSerializer(read_only=True)
    office = RegionRefSerializer(read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    designated_by = serializers.StringRelatedField()

    class Meta:
        model = BrandDesignation
        fields = [
            "id",
            "organization",
            "year",
            "reason",
            "designated_on",
            "office",
            "designated_by",
            "grade",
            "state",
            "state_display",
            "revoked_on",
            "revoke_reason",
        ]
        read_only_fields = fields


class DesignateSerializer(serializers.Serializer):
    organization = serializers.IntegerField()
    year = serializers.IntegerField()
    reason = serializers.CharField(allow_blank=True)
    designated_on = serializers.DateField(required=False, help_text="默认为今天")


class RevokeSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, default="", help_text="撤销理由（必填）")


class AwardSerializer(serializers.ModelSerializer):
    organization = OrganizationRefSerializer(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = SelectionAward
        fields = ["id", "kind", "kind_display", "organization", "project", "title", "note"]
        read_only_fields = fields


class SelectionSerializer(serializers.ModelSerializer):
    region = RegionRefSerializer(read_only=True)

    class Meta:
        model = Selection
        fields = ["id", "region", "year", "title", "held_on", "note"]
        read_only_fields = fields


class SelectionCreateSerializer(serializers.Serializer):
    title = serializers.CharField(allow_blank=True)
    year = serializers.IntegerField()
    held_on = serializers.DateField()
    note = serializers.CharField(allow_blank=True, required=False, default="")


class AwardCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=AwardKind.choices)
    organization = serializers.IntegerField()
    project = serializers.IntegerField(required=False, allow_null=True, help_text="优秀典型项目案例必填")
    title = serializers.CharField(allow_blank=True, required=False, default="")
    note = serializers.CharField(allow_blank=True, required=False, default="")
