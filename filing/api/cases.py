"""API v1 of the street's cases: complaints (投诉举报) and major-event reports (重大活动报告).

Reads are scoped like the pages; every write is one service call. The complainant's phone is always
masked. Outside scope a case is a 404, a step the user's role does not take a 403, a step from the
wrong state a 409 (invalid_transition).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from core.errors import Code
from core.http import client_ip
from core.rest.errors import error_responses
from core.rest.permissions import allowed
from core.rest.viewsets import ScopedViewSetMixin
from registry.identifiers import mask_phone

from .. import services
from ..filtersets import ComplaintFilterSet, EventReportFilterSet
from ..models import Complaint, EventReport
from ..services.complaints import complaint_allowed_actions
from ..services.event_reports import event_report_allowed_actions
from .serializers import OrganizationRefSerializer

# -- errors ---------------------------------------------------------------------------------------


def _errors(*codes: int) -> dict[int, OpenApiResponse]:
    return error_responses(*codes)


# -- serializers ----------------------------------------------------------------------------------


class StreetRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class ComplaintSerializer(serializers.ModelSerializer):
    """A complaint as the street reads it; the complainant's phone masked."""

    organization = OrganizationRefSerializer(read_only=True)
    street = StreetRefSerializer(read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    complainant_phone = serializers.SerializerMethodField(help_text="投诉人电话（脱敏）")
    handled_by = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()

    class Meta:
        model = Complaint
        fields = [
            "id",
            "lookup_code",
            "organization",
            "street",
            "content",
            "complainant_name",
            "complainant_phone",
            "state",
            "state_display",
            "feedback",
            "received_at",
            "closed_at",
            "handled_by",
            "allowed_actions",
        ]
        read_only_fields = fields

    def get_complainant_phone(self, complaint: Complaint) -> str:
        return mask_phone(complaint.complainant_phone)

    def get_handled_by(self, complaint: Complaint) -> str:
        return str(complaint.handled_by) if complaint.handled_by_id else ""

    def get_allowed_actions(self, complaint: Complaint) -> list[str]:
        return [t.action for t in complaint_allowed_actions(self.context["request"].user, complaint)]


class InvestigateSerializer(serializers.Serializer):
    note = serializers.CharField(allow_blank=True, default="", help_text="调查安排（选填）")


class CloseSerializer(serializers.Serializer):
    feedback = serializers.CharField(
        allow_blank=True, default="", help_text="办理结果反馈（必填，投诉人可见）"
    )


class EventReportSerializer(serializers.ModelSerializer):
    organization = OrganizationRefSerializer(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    submitted_by = serializers.SerializerMethodField()
    responded_by = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()

    class Meta:
        model = EventReport
        fields = [
            "id",
            "organization",
            "kind",
            "kind_display",
            "title",
            "starts_at",
            "ends_at",
            "venue",
            "expected_participants",
            "description",
            "safety_measures",
            "state",
            "state_display",
            "response",
            "submitted_by",
            "submitted_at",
            "responded_by",
            "responded_at",
            "allowed_actions",
        ]
        read_only_fields = fields

    def get_submitted_by(self, report: EventReport) -> str:
        return str(report.submitted_by)

    def get_responded_by(self, report: EventReport) -> str:
        return str(report.responded_by) if report.responded_by_id else ""

    def get_allowed_actions(self, report: EventReport) -> list[str]:
        return [t.action for t in event_report_allowed_actions(self.context["request"].user, report)]


class EventReportDataSerializer(serializers.Serializer):
    """The report's fields; the service checks the dates (before the event) and the headcount."""

    kind = serializers.CharField(help_text="活动类型：festival、performance、contest、gathering、other")
    title = serializers.CharField(max_length=200)
    starts_at = serializers.DateTimeField(help_text="开始时间，须晚于当前时间")
    ends_at = serializers.DateTimeField(help_text="结束时间，须晚于开始时间")
    venue = serializers.CharField(max_length=200)
    expected_participants = serializers.IntegerField(help_text="预计参加人数，至少1人")
    description = serializers.CharField()
    safety_measures = serializers.CharField()


class EventReportCreateSerializer(EventReportDataSerializer):
    organization = serializers.IntegerField(
        required=False, allow_null=True, help_text="组织 ID；组织账号可省略（即本组织）"
    )


class ResponseSerializer(serializers.Serializer):
    response = serializers.CharField(allow_blank=True, default="", help_text="街道回复（需补充说明时必填）")


# -- viewsets -------------------------------------------------------------------------------------


class CaseViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    permission_classes = [permissions.IsAuthenticated]
    cursor_ordering = ("-pk",)
    lookup_value_regex = r"\d+"

    def _respond(self, pk: int, status_code: int = status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=pk)).data, status=status_code)


def _step(serializer: type, summary: str, response: type) -> Any:
    return extend_schema(
        summary=summary, request=serializer, responses={200: response, **_errors(400, 403, 404, 409)}
    )


class ComplaintViewSet(CaseViewSet):
    """Complaints of the user's jurisdiction; only the street office of their street handles them."""

    queryset = Complaint.objects.none()
    serializer_class = ComplaintSerializer
    filterset_class = ComplaintFilterSet
    select_related = ("organization", "street", "handled_by")

    @_step(InvestigateSerializer, "开始调查", ComplaintSerializer)
    @action(detail=True, methods=["post"])
    def investigate(self, request: Request, pk: str) -> Response:
        data = self.validated(InvestigateSerializer)
        services.complaint_investigate(
            actor=request.user, complaint_id=int(pk), ip=client_ip(request), **data
        )
        return self._respond(int(pk))

    @_step(CloseSerializer, "办结（须填写办理结果反馈）", ComplaintSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        data = self.validated(CloseSerializer)
        services.complaint_close(actor=request.user, complaint_id=int(pk), ip=client_ip(request), **data)
        return self._respond(int(pk))


@extend_schema_view(
    create=extend_schema(
        request=EventReportCreateSerializer, responses={201: EventReportSerializer, **_errors(400, 403, 404)}
    ),
)
class EventReportViewSet(mixins.CreateModelMixin, CaseViewSet):
    """Major-event reports of the user's jurisdiction, or an organization's own. No PUT, no DELETE."""

    queryset = EventReport.objects.none()
    permission_classes = [
        permissions.IsAuthenticated,
        allowed("filing.report_event", actions=("create",), message="您的角色不能报告重大活动"),
    ]
    serializer_class = EventReportSerializer
    filterset_class = EventReportFilterSet
    select_related = ("organization", "submitted_by", "responded_by")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.validated(EventReportCreateSerializer)
        organization_id = data.pop("organization", None) or request.user.organization_id
        if organization_id is None:
            raise exceptions.ValidationError(
                {"organization": [exceptions.ErrorDetail("请选择报告的组织", code=Code.REQUIRED)]}
            )
        report = services.event_report_submit(
            actor=request.user, organization_id=organization_id, data=data, ip=client_ip(request)
        )
        return self._respond(report.pk, status.HTTP_201_CREATED)

    @_step(ResponseSerializer, "街道已知悉", EventReportSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request: Request, pk: str) -> Response:
        data = self.validated(ResponseSerializer)
        services.event_report_acknowledge(
            actor=request.user, report_id=int(pk), ip=client_ip(request), **data
        )
        return self._respond(int(pk))

    @_step(ResponseSerializer, "需补充说明（须填写回复）", EventReportSerializer)
    @action(detail=True, methods=["post"])
    def more_info(self, request: Request, pk: str) -> Response:
        data = self.validated(ResponseSerializer)
        services.event_report_request_more_info(
            actor=request.user, report_id=int(pk), ip=client_ip(request), **data
        )
        return self._respond(int(pk))

    @_step(EventReportDataSerializer, "补充后重新报告", EventReportSerializer)
    @action(detail=True, methods=["post"])
    def resubmit(self, request: Request, pk: str) -> Response:
        data = self.validated(EventReportDataSerializer)
        services.event_report_resubmit(
            actor=request.user, report_id=int(pk), data=data, ip=client_ip(request)
        )
        return self._respond(int(pk))
