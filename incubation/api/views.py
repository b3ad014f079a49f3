"""API v1 of incubation: bases, spaces, tenancies, services, subsidies, evaluations and the report.

Reads are scoped like the pages (an operator its bases, staff their jurisdiction, an organization its
own tenancies) with the same filtersets and cursor pagination; every write is one service call.
Outside scope an object is a 404, a step the user's part does not take a 403, a step from the wrong
state a 409 (invalid_transition), bad input a 400 with a code per field.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from core.http import client_ip
from core.permissions import require
from core.rest.errors import error_responses
from core.rest.pagination import StableCursorPagination
from core.rest.permissions import allowed
from core.rest.viewsets import ScopedViewSetMixin
from registry.divisions import normalize_code
from registry.models import Region

from .. import services
from ..filtersets import (
    BaseFilterSet,
    EvaluationFilterSet,
    ServiceRecordFilterSet,
    SubsidyFilterSet,
    TenancyFilterSet,
)
from ..models import BaseEvaluation, IncubationBase, ServiceRecord, Space, Subsidy, Tenancy
from ..reports import incubation_report, last_month_ends
from . import serializers as s


class TieBreakingCursorPagination(StableCursorPagination):
    """A sort key many rows share (a deadline) gets the id after it, so cursor pages never overlap."""

    def get_ordering(self, request: Any, queryset: Any, view: Any) -> tuple[str, ...]:
        ordering = super().get_ordering(request, queryset, view)
        if ordering[-1].lstrip("-") == "pk":
            return ordering
        return (*ordering, "-pk" if ordering[0].startswith("-") else "pk")


def _errors(*codes: int) -> dict[int, OpenApiResponse]:
    return error_responses(*codes)


def _step(request_serializer: type | None, summary: str, response: type) -> Any:
    return extend_schema(
        summary=summary, request=request_serializer, responses={200: response, **_errors(400, 403, 404, 409)}
    )


class IncubationViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    permission_classes = [permissions.IsAuthenticated]
    cursor_ordering = ("-pk",)
    lookup_value_regex = r"\d+"

    def _respond(self, pk: int, status_code: int = status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=pk)).data, status=status_code)


@extend_schema_view(
    create=extend_schema(
        request=s.BaseCreateSerializer, responses={201: s.BaseSerializer, **_errors(400, 403)}
    ),
    partial_update=extend_schema(
        request=s.BaseDataSerializer, responses={200: s.BaseSerializer, **_errors(400, 403, 404)}
    ),
)
class BaseViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, IncubationViewSet):
    """Bases: staff see those of their jurisdiction, operators those they are bound to. No PUT, no DELETE."""

    queryset = IncubationBase.objects.none()
    serializer_class = s.BaseSerializer
    filterset_class = BaseFilterSet
    select_related = ("region",)
    http_method_names = ["get", "post", "patch", "head", "options"]
    permission_classes = [
        permissions.IsAuthenticated,
        allowed(
            "incubation.register_base",
            actions=("create",),
            message="只有民政局和街道办事处（乡镇政府）可以登记孵化基地",
        ),
    ]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.validated(s.BaseCreateSerializer)
        region = data.pop("region")
        base = services.base_register(actor=request.user, region=region, data=data, ip=client_ip(request))
        return self._respond(base.pk, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        base = self.get_object()
        data = self.validated(s.BaseDataSerializer, partial=True)
        services.base_update(actor=request.user, base_id=base.pk, data=data, ip=client_ip(request))
        return self._respond(base.pk)

    @_step(s.DecisionNoteSerializer, "批准设立（基地所在层级的部门）", s.BaseSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        data = self.validated(s.DecisionNoteSerializer)
        services.base_approve(actor=request.user, base_id=int(pk), ip=client_ip(request), **data)
        return self._respond(int(pk))

    @_step(s.DecisionReasonSerializer, "不予批准（须填写理由）", s.BaseSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str) -> Response:
        data = self.validated(s.DecisionReasonSerializer)
        services.base_reject(actor=request.user, base_id=int(pk), ip=client_ip(request), **data)
        return self._respond(int(pk))

    @_step(s.BaseCloseSerializer, "停止运营（须无入驻组织，填写日期和原因）", s.BaseSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        data = self.validated(s.BaseCloseSerializer)
        services.base_close(actor=request.user, base_id=int(pk), ip=client_ip(request), **data)
        return self._respond(int(pk))

    @_step(s.OperatorSerializer, "指定运营方账号", s.BaseSerializer)
    @action(detail=True, methods=["post"])
    def operators(self, request: Request, pk: str) -> Response:
        data = self.validated(s.OperatorSerializer)
        services.operator_bind(actor=request.user, base_id=int(pk), ip=client_ip(request), **data)
        return self._respond(int(pk))

    @extend_schema(
        summary="年度评估（评分表、结果和评估意见）",
        request=s.EvaluateSerializer,
        responses={201: s.EvaluationSerializer, **_errors(400, 403, 404)},
    )
    @action(detail=True, methods=["post"])
    def evaluate(self, request: Request, pk: str) -> Response:
        data = self.validated(s.EvaluateSerializer)
        evaluation = services.base_evaluate(
            actor=request.user, base_id=int(pk), ip=client_ip(request), **data
        )
        return Response(s.EvaluationSerializer(evaluation).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="基地统计（近12个月入驻、服务、补贴、出壳）",
        responses={200: s.ReportSerializer, **_errors(404)},
    )
    @action(detail=True, methods=["get"], url_path="report")
    def base_report(self, request: Request, pk: str) -> Response:
        base = self.get_object()
        report = incubation_report(
            user=request.user, year=timezone.localdate().year, base=base, days=last_month_ends()
        )
        return Response(s.ReportSerializer(report).data)

    @extend_schema(
        summary="孵化统计（辖区或区划、年度）",
        operation_id="incubation_report",
        parameters=[s.ReportQuerySerializer],
        responses={200: s.ReportSerializer, **_errors(400, 403, 404)},
    )
    @action(detail=False, methods=["get"], url_path="report")
    def report(self, request: Request) -> Response:
        require(request.user, "incubation.see", message="只有工作人员和孵化基地运营方可以查看孵化统计")
        query = s.ReportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        region = None
        if query.validated_data.get("region"):
            region = (
                Region.objects.for_user(request.user)
                .filter(pk=normalize_code(query.validated_data["region"]))
                .first()
            )
            if region is None:
                raise Http404
        year = query.validated_data.get("year") or timezone.localdate().year
        return Response(
            s.ReportSerializer(incubation_report(user=request.user, year=year, region=region)).data
        )


@extend_schema_view(
    create=extend_schema(
        request=s.SpaceCreateSerializer, responses={201: s.SpaceSerializer, **_errors(400, 403, 404)}
    ),
    partial_update=extend_schema(
        request=s.SpaceDataSerializer, responses={200: s.SpaceSerializer, **_errors(400, 403, 404)}
    ),
)
class SpaceViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, IncubationViewSet):
    """Spaces of the bases the user sees; kept by those who run the base."""

    queryset = Space.objects.none()
    serializer_class = s.SpaceSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.validated(s.SpaceCreateSerializer)
        base_id = data.pop("base")
        space = services.space_add(actor=request.user, base_id=base_id, data=data, ip=client_ip(request))
        return self._respond(space.pk, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        space = self.get_object()
        data = self.validated(s.SpaceDataSerializer, partial=True)
        services.space_update(actor=request.user, space_id=space.pk, data=data, ip=client_ip(request))
        return self._respond(space.pk)


@extend_schema_view(
    create=extend_schema(
        request=s.ApplySerializer, responses={201: s.TenancySerializer, **_errors(400, 403)}
    ),
)
class TenancyViewSet(mixins.CreateModelMixin, IncubationViewSet):
    """Tenancies: applying (POST), then every step of the workflow. No PUT, no DELETE."""

    queryset = Tenancy.objects.none()
    serializer_class = s.TenancySerializer
    filterset_class = TenancyFilterSet
    pagination_class = TieBreakingCursorPagination
    select_related = ("base", "organization", "community", "category")
    permission_classes = [
        permissions.IsAuthenticated,
        allowed("incubation.apply", actions=("create",), message="您的角色不能申请入驻孵化基地"),
    ]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.validated(s.ApplySerializer)
        base = data.pop("base")
        tenancy = services.tenancy_apply(actor=request.user, base=base, data=data, ip=client_ip(request))
        return self._respond(tenancy.pk, status.HTTP_201_CREATED)

    @_step(s.AdmitSerializer, "准予入驻（入驻期限、空间）", s.TenancySerializer)
    @action(detail=True, methods=["post"])
    def admit(self, request: Request, pk: str) -> Response:
        data = self.validated(s.AdmitSerializer)
        services.tenancy_admit(actor=request.user, tenancy_id=int(pk), ip=client_ip(request), **data)
        return self._respond(int(pk))

    @_step(s.DecisionReasonSerializer, "不予入驻（须填写理由）", s.TenancySerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str) -> Response:
        data = self.validated(s.DecisionReasonSerializer)
        services.tenancy_reject(actor=request.user, tenancy_id=int(pk), ip=client_ip(request), **data)
        return self._respond(int(pk))

    @_step(s.DecisionNoteSerializer, "撤回申请（申请人）", s.TenancySerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        data = self.validated(s.DecisionNoteSerializer)
        services.tenancy_withdraw(actor=request.user, tenancy_id=int(pk), ip=client_ip(request), **data)
        return self._respond(int(pk))

    @_step(s.MoveInSerializer, "办理入驻", s.TenancySerializer)
    @action(detail=True, methods=["post"], url_path="move-in")
    def move_in(self, request: Request, pk: str) -> Response:
        data = self.validated(s.MoveInSerializer)
        services.tenancy_move_in(actor=request.user, tenancy_id=int(pk), ip=client_ip(request), **data)
        return self._respond(int(pk))

    @_step(s.ExtendSerializer, "延期孵化（须填写理由）", s.TenancySerializer)
    @action(detail=True, methods=["post"])
    def extend(self, request: Request, pk: str) -> Response:
        data = self.validated(s.ExtendSerializer)
        services.tenancy_extend(actor=request.user, tenancy_id=int(pk), ip=client_ip(request), **data)
        return self._respond(int(pk))

    @_step(s.GraduateSerializer, "出壳（成长评估）", s.TenancySerializer)
    @action(detail=True, methods=["post"])
    def graduate(self, request: Request, pk: str) -> Response:
        data = self.validated(s.GraduateSerializer)
        services.tenancy_graduate(
            actor=request.user,
            tenancy_id=int(pk),
            ended_on=data["ended_on"],
            scores=data["scores"],
            narrative=data["growth_narrative"],
            ip=client_ip(request),
        )
        return self._respond(int(pk))

    @_step(s.ExitSerializer, "提前退出（须填写原因）", s.TenancySerializer)
    @action(detail=True, methods=["post"])
    def exit(self, request: Request, pk: str) -> Response:
        data = self.validated(s.ExitSerializer)
        services.tenancy_exit(actor=request.user, tenancy_id=int(pk), ip=client_ip(request), **data)
        return self._respond(int(pk))

    @_step(s.LinkSerializer, "关联备案或登记后的在册组织", s.TenancySerializer)
    @action(detail=True, methods=["post"])
    def link(self, request: Request, pk: str) -> Response:
        data = self.validated(s.LinkSerializer)
        services.tenancy_link_organization(
            actor=request.user, tenancy_id=int(pk), ip=client_ip(request), **data
        )
        return self._respond(int(pk))

    @extend_schema(
        summary="查看完整联系电话（记入操作记录）",
        request=None,
        responses={200: s.ContactSerializer, **_errors(403, 404)},
    )
    @action(detail=True, methods=["post"])
    def reveal(self, request: Request, pk: str) -> Response:
        tenancy = services.tenancy_reveal_contact(
            actor=request.user, tenancy_id=int(pk), ip=client_ip(request)
        )
        return Response({"contact_name": tenancy.contact_name, "contact_phone": tenancy.contact_phone})


class RecordViewSet(mixins.CreateModelMixin, IncubationViewSet):
    permission_classes = [
        permissions.IsAuthenticated,
        allowed(
            "incubation.keep_records",
            actions=("create",),
            message="只有孵化基地运营方和管理基地的工作人员可以记录",
        ),
    ]
    create_serializer: type
    select_related = ("base", "tenancy__organization")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.validated(self.create_serializer)
        base = data.pop("base")
        record = self.write(request, base, data)
        return self._respond(record.pk, status.HTTP_201_CREATED)


@extend_schema_view(
    create=extend_schema(
        request=s.ServiceCreateSerializer,
        responses={201: s.ServiceRecordSerializer, **_errors(400, 403, 404)},
    )
)
class ServiceRecordViewSet(RecordViewSet):
    """The services log of the bases the user sees."""

    queryset = ServiceRecord.objects.none()
    serializer_class = s.ServiceRecordSerializer
    filterset_class = ServiceRecordFilterSet
    create_serializer = s.ServiceCreateSerializer

    def write(self, request: Request, base: int, data: dict[str, Any]) -> ServiceRecord:
        return services.service_log(actor=request.user, base=base, data=data, ip=client_ip(request))


@extend_schema_view(
    create=extend_schema(
        request=s.SubsidyCreateSerializer, responses={201: s.SubsidySerializer, **_errors(400, 403, 404)}
    )
)
class SubsidyViewSet(RecordViewSet):
    """Incubation subsidies of the bases the user sees."""

    queryset = Subsidy.objects.none()
    serializer_class = s.SubsidySerializer
    filterset_class = SubsidyFilterSet
    create_serializer = s.SubsidyCreateSerializer

    def write(self, request: Request, base: int, data: dict[str, Any]) -> Subsidy:
        return services.subsidy_record(actor=request.user, base=base, data=data, ip=client_ip(request))


class EvaluationViewSet(IncubationViewSet):
    """The yearly evaluations of the bases the user sees (made through ``bases/{id}/evaluate/``)."""

    queryset = BaseEvaluation.objects.none()
    serializer_class = s.EvaluationSerializer
    filterset_class = EvaluationFilterSet
    select_related = ("base", "evaluated_by")
