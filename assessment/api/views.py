"""API v1 of quota policies (指标方案) and their dated snapshots (指标报告).

Reads are scoped like the pages: a policy or snapshot outside the user's jurisdiction is a 404; of a
wider area's snapshot a user sees only the rows inside their jurisdiction and the headline of their
own region. Every write is one service call: copying and editing a policy is the bureau's, for its
own area (a policy it can see but not change is a 403); a run is requested by bureau and street staff.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from core.errors import Code
from core.permissions import can
from core.rest.errors import error_responses
from core.rest.permissions import allowed
from core.rest.viewsets import ScopedViewSetMixin
from core.scoping import Action
from registry.models import Region, User

from .. import selectors, services
from ..errors import AssessmentCode
from ..filtersets import PolicyFilterSet, ReportFilterSet, RowFilterSet
from ..models import QuotaPolicy, QuotaReport, QuotaReportRow
from .serializers import (
    QuotaPolicyCopySerializer,
    QuotaPolicySerializer,
    QuotaPolicyUpdateSerializer,
    QuotaReportDetailSerializer,
    QuotaReportRowSerializer,
    QuotaReportRunSerializer,
    QuotaReportSerializer,
    RuleKindSerializer,
    rule_kind_catalogue,
)


def _errors(*codes: int) -> dict[int, OpenApiResponse]:
    return error_responses(*codes)


# -- policies -------------------------------------------------------------------------------------


@extend_schema_view(
    update=extend_schema(
        summary="修改指标方案（名称、依据、启用、全部指标）",
        request=QuotaPolicyUpdateSerializer,
        responses={200: QuotaPolicySerializer, **_errors(400, 403, 404)},
    ),
    partial_update=extend_schema(
        summary="修改指标方案（只改提交的字段）",
        request=QuotaPolicyUpdateSerializer,
        responses={200: QuotaPolicySerializer, **_errors(400, 403, 404)},
    ),
)
class QuotaPolicyViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The shipped presets, the policies of the user's jurisdiction and those of the areas above it.
    No POST (a policy starts as a copy) and no DELETE (snapshots keep their policy)."""

    queryset = QuotaPolicy.objects.none()
    permission_classes = [
        permissions.IsAuthenticated,
        allowed("assessment.copy_policy", actions=("copy",), message="只有民政局可以复制指标方案"),
    ]
    serializer_class = QuotaPolicySerializer
    filterset_class = PolicyFilterSet
    select_related = ("jurisdiction",)
    prefetch_related = ("rules",)
    cursor_ordering = ("pk",)
    lookup_value_regex = r"\d+"

    def scope_action(self) -> Action:
        # A policy the user can see but not change answers 403, not 404 (see update).
        return "view"

    def _respond(self, pk: int, status_code: int = status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=pk)).data, status=status_code)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        policy = self.get_object()
        # Presets are left to the service, which answers preset_readonly.
        if not policy.is_preset and not can(request.user, "assessment.change_policy", policy):
            raise exceptions.PermissionDenied(
                "只有本辖区的民政局可以修改该指标方案", code=AssessmentCode.NOT_POLICY_OWNER
            )
        data = self.validated(QuotaPolicyUpdateSerializer, partial=kwargs.get("partial", False))
        current = {
            "name": policy.name,
            "basis": policy.basis,
            "is_active": policy.is_active,
            "rules": [{"kind": rule.kind, "params": rule.params} for rule in policy.rules.all()],
        }
        services.policy_update(actor=request.user, policy=policy, **{**current, **data})
        return self._respond(policy.pk)

    @extend_schema(
        summary="复制方案到本辖区（民政局）",
        request=QuotaPolicyCopySerializer,
        responses={201: QuotaPolicySerializer, **_errors(400, 403, 404)},
    )
    @action(detail=True, methods=["post"])
    def copy(self, request: Request, pk: str) -> Response:
        source = self.get_object()
        data = self.validated(QuotaPolicyCopySerializer)
        jurisdiction = data.get("jurisdiction") or request.user.region
        if jurisdiction is None:
            raise exceptions.ValidationError(
                {"jurisdiction": [exceptions.ErrorDetail("请选择适用辖区", code=Code.REQUIRED)]}
            )
        policy = services.policy_copy(
            actor=request.user, source=source, jurisdiction=jurisdiction, name=data.get("name", "")
        )
        return self._respond(policy.pk, status.HTTP_201_CREATED)

    @extend_schema(summary="指标类型及其参数", responses=RuleKindSerializer(many=True))
    @action(detail=False, methods=["get"], url_path="rule-kinds", pagination_class=None, filter_backends=[])
    def rule_kinds(self, request: Request) -> Response:
        return Response(RuleKindSerializer(rule_kind_catalogue(), many=True).data)


# -- snapshots ------------------------------------------------------------------------------------


def default_region(policy: QuotaPolicy, user: User) -> Region | None:
    """The policy's own area when it lies inside the user's jurisdiction, else the user's region."""
    jurisdiction = policy.jurisdiction
    if jurisdiction is not None and (user.region is None or user.region.contains(jurisdiction.code)):
        return jurisdiction
    return user.region


@extend_schema_view(
    retrieve=extend_schema(responses={200: QuotaReportDetailSerializer, **_errors(404)}),
    create=extend_schema(
        summary="生成（或重新生成）指标报告",
        request=QuotaReportRunSerializer,
        responses={202: QuotaReportDetailSerializer, **_errors(400, 403)},
    ),
)
class QuotaReportViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Dated snapshots of the user's area and of the areas containing it, newest first. A run of
    the same policy, region and date replaces that snapshot's rows; it never adds a second one."""

    queryset = QuotaReport.objects.none()
    permission_classes = [
        permissions.IsAuthenticated,
        allowed(
            "assessment.run_report", actions=("create",), message="只有民政局和街道办事处可以生成指标报告"
        ),
    ]
    serializer_class = QuotaReportSerializer
    filterset_class = ReportFilterSet
    select_related = ("policy", "region", "requested_by")
    cursor_ordering: tuple[str, ...] = ("-as_of", "-pk")
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[Any]:
        if self.action == "rows":
            return self._rows()
        return super().get_queryset()

    def _rows(self) -> QuerySet[QuotaReportRow]:
        if getattr(self, "swagger_fake_view", False):
            return QuotaReportRow.objects.none()
        report = get_object_or_404(selectors.reports_for(self.request.user), pk=self.kwargs["pk"])
        return selectors.rows_for(report, self.request.user)

    def _detail(self, report: QuotaReport, status_code: int = status.HTTP_200_OK) -> Response:
        user = self.request.user
        context = {
            **self.get_serializer_context(),
            "headlines": selectors.report_headlines([report], user),
            "row": selectors.row_of(report, user, selectors.viewpoint(report, user).code),
        }
        return Response(QuotaReportDetailSerializer(report, context=context).data, status=status_code)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset())) or []
        context = {
            **self.get_serializer_context(),
            "headlines": selectors.report_headlines(page, request.user),
        }
        return self.get_paginated_response(QuotaReportSerializer(page, many=True, context=context).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._detail(self.get_object())

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.validated(QuotaReportRunSerializer)
        policy: QuotaPolicy = data["policy"]
        region = data.get("region") or default_region(policy, request.user)
        if region is None:
            raise exceptions.ValidationError(
                {"region": [exceptions.ErrorDetail("请选择评估辖区", code=Code.REQUIRED)]}
            )
        as_of: datetime.date | None = data.get("as_of")
        report = services.report_request(actor=request.user, policy=policy, region=region, as_of=as_of)
        return self._detail(self.get_queryset().get(pk=report.pk), status.HTTP_202_ACCEPTED)

    @extend_schema(summary="报告行（本人辖区内）", responses=QuotaReportRowSerializer(many=True))
    @action(
        detail=True,
        methods=["get"],
        queryset=QuotaReportRow.objects.none(),
        serializer_class=QuotaReportRowSerializer,
        filterset_class=RowFilterSet,
        cursor_ordering=("region_id",),
    )
    def rows(self, request: Request, pk: str) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
