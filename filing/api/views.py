"""API v1 filing applications: drafting, materials and the workflow, each write one service call."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from core.http import client_ip
from core.rest.errors import error_responses
from core.rest.pagination import StableCursorPagination
from core.rest.permissions import allowed
from core.rest.viewsets import ScopedViewSetMixin
from core.trail import events_by_subject

from .. import services
from ..filtersets import ApplicationFilterSet
from ..models import FilingApplication
from .serializers import (
    ApplicationCreateSerializer,
    ApplicationSerializer,
    ApplicationUpdateSerializer,
    ApproveSerializer,
    MaterialSerializer,
    MaterialUploadSerializer,
    OpinionSerializer,
    ReasonSerializer,
    SubmitSerializer,
)


class ApplicationCursorPagination(StableCursorPagination):
    """Sort keys such as a deadline are shared by many rows; the id breaks ties so pages never overlap."""

    def get_ordering(self, request: Any, queryset: Any, view: Any) -> tuple[str, ...]:
        ordering = super().get_ordering(request, queryset, view)
        if ordering[-1].lstrip("-") == "pk":
            return ordering
        return (*ordering, "-pk" if ordering[0].startswith("-") else "pk")


def _errors(*codes: int) -> dict[int, OpenApiResponse]:
    return error_responses(*codes, not_found="申请不存在或不在辖区内")


def _transition_schema(request: type, summary: str) -> Any:
    return extend_schema(
        summary=summary,
        request=request,
        responses={200: ApplicationSerializer, **_errors(400, 403, 404, 409)},
    )


@extend_schema_view(
    create=extend_schema(
        request=ApplicationCreateSerializer, responses={201: ApplicationSerializer, **_errors(400, 403)}
    ),
    partial_update=extend_schema(
        request=ApplicationUpdateSerializer, responses={200: ApplicationSerializer, **_errors(400, 404)}
    ),
)
class FilingApplicationViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Filing applications of the user's jurisdiction (or the user's own). No PUT, no DELETE."""

    queryset = FilingApplication.objects.none()
    permission_classes = [
        permissions.IsAuthenticated,
        allowed("filing.apply", actions=("create",), message="您的角色不能提交备案申请"),
    ]
    serializer_class = ApplicationSerializer
    filterset_class = ApplicationFilterSet
    pagination_class = ApplicationCursorPagination
    select_related = ("community", "organization")
    prefetch_related = ("materials",)
    cursor_ordering = ("-created_at", "-pk")
    lookup_value_regex = r"\d+"

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset())) or []
        context = {**self.get_serializer_context(), "events": events_by_subject(page, user=request.user)}
        return self.get_paginated_response(self.get_serializer(page, many=True, context=context).data)

    def _respond(self, pk: int, status_code: int = status.HTTP_200_OK) -> Response:
        application = self.get_queryset().get(pk=pk)
        return Response(self.get_serializer(application).data, status=status_code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.validated(ApplicationCreateSerializer)
        application = services.application_create(actor=request.user, **data)
        return self._respond(application.pk, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        application = self.get_object()
        data = self.validated(ApplicationUpdateSerializer)
        services.application_update(actor=request.user, application_id=application.pk, data=data)
        return self._respond(application.pk)

    # -- the workflow --------------------------------------------------------------------------

    @_transition_schema(SubmitSerializer, "提交（或补正后重新提交），签署信用承诺并取得回执号")
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        data = self.validated(SubmitSerializer)
        services.application_submit(actor=request.user, application_id=int(pk), ip=client_ip(request), **data)
        return self._respond(int(pk))

    @_transition_schema(OpinionSerializer, "社区初审意见")
    @action(detail=True, methods=["post"])
    def opinion(self, request: Request, pk: str) -> Response:
        data = self.validated(OpinionSerializer)
        services.application_give_opinion(
            actor=request.user, application_id=int(pk), ip=client_ip(request), **data
        )
        return self._respond(int(pk))

    @_transition_schema(ApproveSerializer, "准予备案")
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        data = self.validated(ApproveSerializer)
        services.application_approve(
            actor=request.user, application_id=int(pk), ip=client_ip(request), **data
        )
        return self._respond(int(pk))

    @_transition_schema(ReasonSerializer, "退回补正（须填写理由）")
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request: Request, pk: str) -> Response:
        data = self.validated(ReasonSerializer)
        services.application_return(actor=request.user, application_id=int(pk), ip=client_ip(request), **data)
        return self._respond(int(pk))

    @_transition_schema(ReasonSerializer, "不予备案（须填写理由）")
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str) -> Response:
        data = self.validated(ReasonSerializer)
        services.application_reject(actor=request.user, application_id=int(pk), ip=client_ip(request), **data)
        return self._respond(int(pk))

    # -- materials -----------------------------------------------------------------------------

    @extend_schema(
        summary="上传材料",
        request=MaterialUploadSerializer,
        responses={201: MaterialSerializer, **_errors(400, 404)},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def materials(self, request: Request, pk: str) -> Response:
        data = self.validated(MaterialUploadSerializer)
        material = services.material_add(
            actor=request.user, application_id=int(pk), kind=data["kind"], upload=data["file"]
        )
        return Response(MaterialSerializer(material).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="删除材料",
        request=None,
        parameters=[OpenApiParameter("material_id", int, OpenApiParameter.PATH)],
        responses={204: None, **_errors(400, 404)},
    )
    @action(detail=True, methods=["delete"], url_path=r"materials/(?P<material_id>\d+)")
    def material_remove(self, request: Request, pk: str, material_id: str) -> Response:
        application = self.get_object()
        # The material must hang from the application named in the URL.
        if not application.materials.filter(pk=int(material_id)).exists():
            raise exceptions.NotFound()
        services.material_remove(actor=request.user, material_id=int(material_id))
        return Response(status=status.HTTP_204_NO_CONTENT)
