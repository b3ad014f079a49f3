"""API v1 of service projects (服务项目) and trainings (能力培训) with their attendees.

Reads are scoped like the pages; every write is one service call (400 with field codes, 403 for a role
that does not record, 404 outside the user's jurisdiction)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from core.rest.errors import error_responses
from core.rest.permissions import allowed
from core.rest.serializers import OrganizationRefSerializer, RegionRefSerializer
from registry.models import ServiceDomain, TargetGroup

from .. import services
from ..evaluation.choices import Audience, ProjectFunding, TrainingMode, TrainingTopic
from ..evaluation.filtersets import ProjectFilterSet, TrainingFilterSet
from ..models import ServiceProject, Training, TrainingAttendee
from .evaluation_views import EvaluationViewSet, _required

# -- serializers ---------------------------------------------------------------------------------------------


class ServiceProjectSerializer(serializers.ModelSerializer):
    organization = OrganizationRefSerializer(read_only=True)
    domain = serializers.SlugRelatedField(slug_field="code", read_only=True)
    target_groups = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    funding_source_display = serializers.CharField(source="get_funding_source_display", read_only=True)

    class Meta:
        model = ServiceProject
        fields = [
            "id",
            "organization",
            "title",
            "domain",
            "target_groups",
            "starts_on",
            "ends_on",
            "year",
            "beneficiaries",
            "volunteer_hours",
            "funding_source",
            "funding_source_display",
            "amount",
            "description",
        ]
        read_only_fields = fields


class ServiceProjectWriteSerializer(serializers.Serializer):
    """A project's fields; the service checks dates, amounts and the funding source."""

    title = serializers.CharField(allow_blank=True)
    domain = serializers.SlugRelatedField(
        slug_field="code", queryset=ServiceDomain.objects.all(), required=False, allow_null=True
    )
    target_groups = serializers.SlugRelatedField(
        slug_field="code", queryset=TargetGroup.objects.all(), many=True, required=False
    )
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    beneficiaries = serializers.IntegerField(required=False, default=0)
    volunteer_hours = serializers.DecimalField(max_digits=9, decimal_places=1, required=False, default=0)
    funding_source = serializers.ChoiceField(choices=ProjectFunding.choices)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, default=0)
    description = serializers.CharField(allow_blank=True, required=False, default="")


class ServiceProjectCreateSerializer(ServiceProjectWriteSerializer):
    organization = serializers.IntegerField(
        required=False, allow_null=True, help_text="组织 ID；组织账号可省略"
    )


class AttendeeSerializer(serializers.ModelSerializer):
    organization = OrganizationRefSerializer(read_only=True, allow_null=True)
    region = RegionRefSerializer(read_only=True)
    audience_display = serializers.CharField(source="get_audience_display", read_only=True)

    class Meta:
        model = TrainingAttendee
        fields = ["id", "training", "audience", "audience_display", "name", "organization", "region"]
        read_only_fields = fields


class TrainingSerializer(serializers.ModelSerializer):
    region = RegionRefSerializer(read_only=True)
    attendee_count = serializers.IntegerField(read_only=True, help_text="参训人次")

    class Meta:
        model = Training
        fields = [
            "id",
            "title",
            "organizer",
            "region",
            "held_on",
            "hours",
            "mode",
            "topics",
            "attendee_count",
        ]
        read_only_fields = fields


class TrainingWriteSerializer(serializers.Serializer):
    title = serializers.CharField(allow_blank=True)
    organizer = serializers.CharField(allow_blank=True)
    held_on = serializers.DateField()
    hours = serializers.DecimalField(max_digits=5, decimal_places=1, help_text="学时，0.5–200")
    mode = serializers.ChoiceField(choices=TrainingMode.choices, required=False, default=TrainingMode.OFFLINE)
    topics = serializers.ListField(
        child=serializers.ChoiceField(choices=TrainingTopic.choices), required=False
    )


class TrainingCreateSerializer(TrainingWriteSerializer):
    region = serializers.CharField(required=False, help_text="举办辖区代码；默认为本人辖区")


class LeadersSerializer(serializers.Serializer):
    organizations = serializers.ListField(
        child=serializers.IntegerField(), help_text="参训组织 ID（登记其负责人）"
    )


class AttendeeCreateSerializer(serializers.Serializer):
    audience = serializers.ChoiceField(choices=Audience.choices)
    name = serializers.CharField(allow_blank=True)
    organization = serializers.IntegerField(required=False, allow_null=True, help_text="负责人、骨干必填")
    region = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="其他人员所在街道或社区代码"
    )


# -- viewsets ---------------------------------------------------------------------------------------------


@extend_schema_view(
    create=extend_schema(
        summary="登记服务项目",
        request=ServiceProjectCreateSerializer,
        responses={201: ServiceProjectSerializer, **error_responses(400, 403, 404)},
    ),
    update=extend_schema(
        summary="修改服务项目",
        request=ServiceProjectWriteSerializer,
        responses={200: ServiceProjectSerializer, **error_responses(400, 403, 404)},
    ),
)
class ServiceProjectViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, EvaluationViewSet):
    queryset = ServiceProject.objects.none()
    permission_classes = [
        permissions.IsAuthenticated,
        allowed("evaluation.record_project", actions=("create",), message="您的角色不能登记服务项目"),
    ]
    serializer_class = ServiceProjectSerializer
    filterset_class = ProjectFilterSet
    select_related = ("organization", "domain")
    prefetch_related = ("target_groups",)
    http_method_names = ["get", "post", "put", "head", "options"]

    def scope_action(self) -> Any:
        return "view"  # a project the user reads but may not change answers 403 (the service's rule)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.validated(ServiceProjectCreateSerializer)
        organization_id = data.pop("organization", None) or request.user.organization_id
        if organization_id is None:
            raise _required("organization", "请选择实施项目的组织")
        project = services.project_record(
            actor=request.user, organization_id=organization_id, data=data, ip=self.ip
        )
        return self._respond(project.pk, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        project = self.get_object()
        data = self.validated(ServiceProjectWriteSerializer)
        services.project_update(actor=request.user, project_id=project.pk, data=data, ip=self.ip)
        return self._respond(project.pk)


@extend_schema_view(
    create=extend_schema(
        summary="登记能力培训（民政局、街道、社区）",
        request=TrainingCreateSerializer,
        responses={201: TrainingSerializer, **error_responses(400, 403, 404)},
    ),
    update=extend_schema(
        summary="修改能力培训",
        request=TrainingWriteSerializer,
        responses={200: TrainingSerializer, **error_responses(400, 403, 404)},
    ),
)
class TrainingViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, EvaluationViewSet):
    queryset = Training.objects.none()
    permission_classes = [
        permissions.IsAuthenticated,
        allowed(
            "evaluation.record_training",
            actions=("create",),
            message="只有民政局、街道和社区可以登记能力培训",
        ),
    ]
    serializer_class = TrainingSerializer
    filterset_class = TrainingFilterSet
    select_related = ("region",)
    http_method_names = ["get", "post", "put", "head", "options"]

    def scope_action(self) -> Any:
        return "view"

    def get_queryset(self) -> Any:
        return super().get_queryset().annotate(attendee_count=Count("attendees")).order_by("-held_on", "-id")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.validated(TrainingCreateSerializer)
        code = data.pop("region", None) or request.user.region_id or ""
        training = services.training_record(actor=request.user, data=data, region_code=code, ip=self.ip)
        return self._respond(training.pk, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        training = self.get_object()
        data = self.validated(TrainingWriteSerializer)
        services.training_update(actor=request.user, training_id=training.pk, data=data, ip=self.ip)
        return self._respond(training.pk)

    @extend_schema(
        summary="登记参训的组织负责人",
        request=LeadersSerializer,
        responses={200: TrainingSerializer, **error_responses(400, 403, 404)},
    )
    @action(detail=True, methods=["post"])
    def leaders(self, request: Request, pk: str) -> Response:
        data = self.validated(LeadersSerializer)
        services.training_add_leaders(
            actor=request.user, training_id=int(pk), organization_ids=data["organizations"], ip=self.ip
        )
        return self._respond(int(pk))

    @extend_schema(
        summary="登记其他参训人员",
        request=AttendeeCreateSerializer,
        responses={201: AttendeeSerializer, **error_responses(400, 403, 404)},
    )
    @action(detail=True, methods=["post"])
    def attendees(self, request: Request, pk: str) -> Response:
        data = self.validated(AttendeeCreateSerializer)
        attendee = services.training_add_attendee(
            actor=request.user, training_id=int(pk), data=data, ip=self.ip
        )
        return Response(AttendeeSerializer(attendee).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    destroy=extend_schema(
        summary="移除参训人员（举办单位）", responses={204: None, **error_responses(403, 404)}
    )
)
class TrainingAttendeeViewSet(mixins.DestroyModelMixin, EvaluationViewSet):
    """Attendees where the user works, or of the trainings the user's office held; an organization's
    account reads its own people."""

    queryset = TrainingAttendee.objects.none()
    serializer_class = AttendeeSerializer
    select_related = ("organization", "region")

    def scope_action(self) -> Any:
        return "view"

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        attendee = self.get_object()
        services.training_remove_attendee(actor=request.user, attendee_id=attendee.pk, ip=self.ip)
        return Response(status=status.HTTP_204_NO_CONTENT)
