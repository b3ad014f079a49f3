"""API v1 of work reports (工作报告), evaluation schemes, rounds and their lines (年度评议 results), brand
designations and selections.

Reads are scoped like the pages: outside the user's jurisdiction an object is a 404. Every write is one
service call: a role that does not take a step is a 403, a step from the wrong state a 409, bad input a
400 with a code per field. An organization's account reads its own reports and, once published, its
own results (``evaluation-entries``).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from core.errors import Code
from core.http import client_ip
from core.rest.errors import error_responses
from core.rest.permissions import allowed
from core.rest.viewsets import ScopedViewSetMixin

from .. import services
from ..evaluation.filtersets import (
    BrandFilterSet,
    EntryFilterSet,
    RoundFilterSet,
    SelectionFilterSet,
    WorkReportFilterSet,
)
from ..models import (
    BrandDesignation,
    EvaluationEntry,
    EvaluationRound,
    EvaluationScheme,
    Selection,
    WorkReport,
)
from .evaluation_serializers import (
    AttachmentUploadSerializer,
    AwardCreateSerializer,
    AwardSerializer,
    BrandDesignationSerializer,
    CommentSerializer,
    DesignateSerializer,
    EvaluationEntrySerializer,
    EvaluationRoundSerializer,
    EvaluationSchemeCreateSerializer,
    EvaluationSchemeSerializer,
    EvaluationSchemeWriteSerializer,
    ReviewNoteSerializer,
    RevokeSerializer,
    RoundOpenSerializer,
    ScoresSerializer,
    SelectionCreateSerializer,
    SelectionSerializer,
    VotesSerializer,
    WorkReportContentSerializer,
    WorkReportCreateSerializer,
    WorkReportSerializer,
)


def _errors(*codes: int) -> dict[int, OpenApiResponse]:
    return error_responses(*codes)


def _step(request_serializer: type | None, summary: str, response: type, *codes: int) -> Any:
    return extend_schema(
        summary=summary,
        request=request_serializer,
        responses={200: response, **_errors(*(codes or (400, 403, 404, 409)))},
    )


def _required(field: str, message: str) -> exceptions.ValidationError:
    return exceptions.ValidationError({field: [exceptions.ErrorDetail(message, code=Code.REQUIRED)]})


class EvaluationViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    permission_classes = [permissions.IsAuthenticated]
    cursor_ordering: tuple[str, ...] = ("-pk",)
    lookup_value_regex = r"\d+"

    def _respond(self, pk: int, status_code: int = status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=pk)).data, status=status_code)

    @property
    def ip(self) -> str | None:
        return client_ip(self.request)


# -- work reports ------------------------------------------------------------------------------------------


@extend_schema_view(
    create=extend_schema(
        summary="报送工作报告",
        request=WorkReportCreateSerializer,
        responses={201: WorkReportSerializer, **_errors(400, 403, 404)},
    ),
)
class WorkReportViewSet(mixins.CreateModelMixin, EvaluationViewSet):
    """Work reports of the user's jurisdiction, or an organization's own. No PUT, no DELETE."""

    queryset = WorkReport.objects.none()
    permission_classes = [
        permissions.IsAuthenticated,
        allowed("evaluation.submit_work_report", actions=("create",), message="您的角色不能报送工作报告"),
    ]
    serializer_class = WorkReportSerializer
    filterset_class = WorkReportFilterSet
    select_related = ("organization", "submitted_by")
    prefetch_related = ("activities", "attachments")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.validated(WorkReportCreateSerializer)
        organization_id = data.pop("organization", None) or request.user.organization_id
        if organization_id is None:
            raise _required("organization", "请选择报送的组织")
        report = services.work_report_submit(
            actor=request.user, organization_id=organization_id, data=data, ip=self.ip
        )
        return self._respond(report.pk, status.HTTP_201_CREATED)

    @_step(CommentSerializer, "阅知", WorkReportSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request: Request, pk: str) -> Response:
        data = self.validated(CommentSerializer)
        services.work_report_acknowledge(actor=request.user, report_id=int(pk), ip=self.ip, **data)
        return self._respond(int(pk))

    @_step(CommentSerializer, "退回修改（须填写意见）", WorkReportSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_report(self, request: Request, pk: str) -> Response:
        data = self.validated(CommentSerializer)
        services.work_report_return(actor=request.user, report_id=int(pk), ip=self.ip, **data)
        return self._respond(int(pk))

    @_step(WorkReportContentSerializer, "修改后重新报送", WorkReportSerializer)
    @action(detail=True, methods=["post"])
    def resubmit(self, request: Request, pk: str) -> Response:
        data = self.validated(WorkReportContentSerializer)
        services.work_report_resubmit(actor=request.user, report_id=int(pk), data=data, ip=self.ip)
        return self._respond(int(pk))

    @_step(AttachmentUploadSerializer, "上传附件", WorkReportSerializer)
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def attachments(self, request: Request, pk: str) -> Response:
        data = self.validated(AttachmentUploadSerializer)
        services.work_report_attach(
            actor=request.user, report_id=int(pk), attachment=data["attachment"], ip=self.ip
        )
        return self._respond(int(pk))


# -- schemes ---------------------------------------------------------------------------------------


@extend_schema_view(
    create=extend_schema(
        summary="设置本辖区评议方案（民政局、街道）",
        request=EvaluationSchemeCreateSerializer,
        responses={201: EvaluationSchemeSerializer, **_errors(400, 403, 404)},
    ),
    update=extend_schema(
        summary="修改评议方案",
        request=EvaluationSchemeWriteSerializer,
        responses={200: EvaluationSchemeSerializer, **_errors(400, 403, 404)},
    ),
)
class EvaluationSchemeViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, EvaluationViewSet):
    """The platform's default scheme, the user's area's and those of the areas above it."""

    queryset = EvaluationScheme.objects.none()
    permission_classes = [
        permissions.IsAuthenticated,
        allowed("evaluation.edit_scheme", actions=("create",), message="只有民政局和街道可以设置评议方案"),
    ]
    serializer_class = EvaluationSchemeSerializer
    select_related = ("jurisdiction",)
    http_method_names = ["get", "post", "put", "head", "options"]

    def scope_action(self) -> Any:
        return "view"  # a scheme the user sees but may not change answers 403 (the service's rule)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.validated(EvaluationSchemeCreateSerializer)
        code = data.pop("jurisdiction", None) or request.user.region_id
        if not code:
            raise _required("jurisdiction", "请选择适用辖区")
        scheme = services.scheme_create(actor=request.user, jurisdiction_code=code, data=data, ip=self.ip)
        return self._respond(scheme.pk, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        scheme = self.get_object()
        data = self.validated(EvaluationSchemeWriteSerializer)
        services.scheme_update(actor=request.user, scheme_id=scheme.pk, data=data, ip=self.ip)
        return self._respond(scheme.pk)


# -- rounds and their lines -------------------------------------------------------------------------


@extend_schema_view(
    create=extend_schema(
        summary="开启年度评议（社区“两委”）",
        request=RoundOpenSerializer,
        responses={201: EvaluationRoundSerializer, **_errors(400, 403, 404)},
    ),
)
class EvaluationRoundViewSet(mixins.CreateModelMixin, EvaluationViewSet):
    """Rounds of the user's jurisdiction; each step is one action of the workflow."""

    queryset = EvaluationRound.objects.none()
    permission_classes = [
        permissions.IsAuthenticated,
        allowed("evaluation.open_round", actions=("create",), message="只有社区（村）“两委”可以开启年度评议"),
    ]
    serializer_class = EvaluationRoundSerializer
    filterset_class = RoundFilterSet
    select_related = ("community",)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.validated(RoundOpenSerializer)
        code = data.get("community") or request.user.region_id
        if not code:
            raise _required("community", "请选择社区或村")
        evaluation_round = services.round_open(
            actor=request.user, community_code=code, year=data["year"], ip=self.ip
        )
        return self._respond(evaluation_round.pk, status.HTTP_201_CREATED)

    def _move(self, pk: str, action_name: str) -> Response:
        data = self.validated(ReviewNoteSerializer)
        services.round_move(actor=self.request.user, round_id=int(pk), action=action_name, ip=self.ip, **data)
        return self._respond(int(pk))

    @_step(None, "结束居民评议，开始评分", EvaluationRoundSerializer, 403, 404, 409)
    @action(detail=True, methods=["post"], url_path="start-scoring")
    def start_scoring(self, request: Request, pk: str) -> Response:
        return self._move(pk, "start_scoring")

    @_step(None, "计算总分和等级，提交街道审核", EvaluationRoundSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        return self._move(pk, "submit")

    @_step(ReviewNoteSerializer, "审核通过并公布（街道）", EvaluationRoundSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        return self._move(pk, "publish")

    @_step(ReviewNoteSerializer, "退回修改（街道，须填写意见）", EvaluationRoundSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_round(self, request: Request, pk: str) -> Response:
        return self._move(pk, "return")

    @_step(None, "修改后重新提交", EvaluationRoundSerializer)
    @action(detail=True, methods=["post"])
    def resubmit(self, request: Request, pk: str) -> Response:
        return self._move(pk, "resubmit")

    def _entry(self, pk: str, organization_id: int) -> Response:
        entry = (
            EvaluationEntry.objects.for_user(self.request.user)
            .select_related("round", "organization")
            .get(round_id=int(pk), organization_id=organization_id)
        )
        return Response(EvaluationEntrySerializer(entry, context=self.get_serializer_context()).data)

    @_step(VotesSerializer, "登记居民评议票数", EvaluationEntrySerializer)
    @action(detail=True, methods=["post"])
    def votes(self, request: Request, pk: str) -> Response:
        data = self.validated(VotesSerializer)
        organization_id = data.pop("organization")
        services.entry_record_votes(
            actor=request.user, round_id=int(pk), organization_id=organization_id, votes=data, ip=self.ip
        )
        return self._entry(pk, organization_id)

    @_step(ScoresSerializer, "“两委”评分", EvaluationEntrySerializer)
    @action(detail=True, methods=["post"])
    def scores(self, request: Request, pk: str) -> Response:
        data = self.validated(ScoresSerializer)
        services.entry_score(
            actor=request.user,
            round_id=int(pk),
            organization_id=data["organization"],
            scores=data["scores"],
            comment=data["comment"],
            ip=self.ip,
        )
        return self._entry(pk, data["organization"])


class EvaluationEntryViewSet(EvaluationViewSet):
    """Organizations' lines of the rounds: staff read their jurisdiction's; an organization's account
    reads its own results once published (``?year=``, ``?grade=``, ``?published=true``)."""

    queryset = EvaluationEntry.objects.none()
    serializer_class = EvaluationEntrySerializer
    filterset_class = EntryFilterSet
    select_related = ("round", "organization")
    cursor_ordering = ("-round_id", "pk")


# -- brands and selections ----------------------------------------------------------------------------------


@extend_schema_view(
    create=extend_schema(
        summary="认定品牌组织（街道、民政局）",
        request=DesignateSerializer,
        responses={201: BrandDesignationSerializer, **_errors(400, 403, 404)},
    ),
)
class BrandDesignationViewSet(mixins.CreateModelMixin, EvaluationViewSet):
    queryset = BrandDesignation.objects.none()
    permission_classes = [
        permissions.IsAuthenticated,
        allowed(
            "evaluation.designate_brand", actions=("create",), message="只有街道和民政局可以认定品牌组织"
        ),
    ]
    serializer_class = BrandDesignationSerializer
    filterset_class = BrandFilterSet
    select_related = ("organization", "office", "designated_by")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.validated(DesignateSerializer)
        organization_id = data.pop("organization")
        designation = services.brand_designate(
            actor=request.user, organization_id=organization_id, data=data, ip=self.ip
        )
        return self._respond(designation.pk, status.HTTP_201_CREATED)

    @_step(RevokeSerializer, "撤销品牌认定（须填写理由）", BrandDesignationSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str) -> Response:
        data = self.validated(RevokeSerializer)
        services.brand_revoke(actor=request.user, designation_id=int(pk), reason=data["reason"], ip=self.ip)
        return self._respond(int(pk))


@extend_schema_view(
    create=extend_schema(
        summary="登记评选活动（街道、民政局）",
        request=SelectionCreateSerializer,
        responses={201: SelectionSerializer, **_errors(400, 403)},
    ),
)
class SelectionViewSet(mixins.CreateModelMixin, EvaluationViewSet):
    queryset = Selection.objects.none()
    permission_classes = [
        permissions.IsAuthenticated,
        allowed(
            "evaluation.record_selection", actions=("create",), message="只有街道和民政局可以登记评选活动"
        ),
    ]
    serializer_class = SelectionSerializer
    filterset_class = SelectionFilterSet
    select_related = ("region",)
    parser_classes = [JSONParser, FormParser]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.validated(SelectionCreateSerializer)
        selection = services.selection_record(actor=request.user, data=data, ip=self.ip)
        return self._respond(selection.pk, status.HTTP_201_CREATED)

    @extend_schema(
        summary="登记评选结果",
        request=AwardCreateSerializer,
        responses={201: AwardSerializer, **_errors(400, 403, 404)},
    )
    @action(detail=True, methods=["post"])
    def awards(self, request: Request, pk: str) -> Response:
        data = self.validated(AwardCreateSerializer)
        award = services.award_record(actor=request.user, selection_id=int(pk), data=data, ip=self.ip)
        return Response(AwardSerializer(award).data, status=status.HTTP_201_CREATED)
