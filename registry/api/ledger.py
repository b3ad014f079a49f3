"""Ledger imports through the API: upload (the check starts at once), read the result page by page,
confirm. The same services as the pages; the same codes as every other endpoint."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from core.errors import Code, InvalidTransition
from core.rest.permissions import allowed
from core.rest.viewsets import ScopedViewSetMixin

from ..choices import LedgerKind
from ..ledger.kinds import KINDS
from ..models import LedgerImport, LedgerIssue, LedgerRow
from ..services import ledger as services
from ..views.ledger import one_time_passwords_response


class LedgerImportSerializer(serializers.ModelSerializer):
    class Meta:
        model = LedgerImport
        fields = [
            "id",
            "kind",
            "region",
            "file_name",
            "status",
            "progress",
            "stage",
            "error",
            "error_code",
            "counts",
            "created_at",
            "applied_at",
        ]
        read_only_fields = fields


class LedgerUploadSerializer(serializers.Serializer):
    file = serializers.FileField(allow_empty_file=True)
    kind = serializers.ChoiceField(choices=LedgerKind.choices, default=LedgerKind.ORGANIZATIONS)


class LedgerIssueSerializer(serializers.ModelSerializer):
    class Meta:
        model = LedgerIssue
        fields = ["line", "column", "code", "message", "is_warning"]


class LedgerRowSerializer(serializers.ModelSerializer):
    class Meta:
        model = LedgerRow
        fields = ["line", "action", "name", "organization", "changes"]


class LinePagination(PageNumberPagination):
    page_size = 200
    max_page_size = 1000
    page_size_query_param = "page_size"


class LedgerImportViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Uploaded ledgers of the user's jurisdiction (bureau and street staff)."""

    queryset = LedgerImport.objects.none()
    serializer_class = LedgerImportSerializer
    permission_classes = [
        IsAuthenticated,
        allowed(
            "registry.import_ledger",
            actions=("list", "create"),
            message="您的角色不能导入台账",
            code=Code.ROLE_NOT_ALLOWED,
        ),
    ]
    parser_classes = [MultiPartParser, FormParser]
    cursor_ordering = ("-created_at", "-id")

    @extend_schema(request=LedgerUploadSerializer, responses={202: LedgerImportSerializer})
    def create(self, request: Request) -> Response:
        """Upload an .xlsx ledger; its check (dry run) runs in the background: follow ``status``."""
        data = self.validated(LedgerUploadSerializer)
        ledger = services.ledger_upload(actor=request.user, upload=data["file"], kind=data["kind"])
        ledger.refresh_from_db()
        return Response(LedgerImportSerializer(ledger).data, status=status.HTTP_202_ACCEPTED)

    def get_queryset(self):
        """Every kind of ledger, or with ``?kind=`` one kind only."""
        queryset = super().get_queryset()
        kind = self.request.query_params.get("kind")
        return queryset.filter(kind=kind) if kind in KINDS else queryset

    def _lines(self, queryset, serializer_class) -> Response:
        paginator = LinePagination()
        page = paginator.paginate_queryset(queryset, self.request, view=self)
        return paginator.get_paginated_response(serializer_class(page, many=True).data)

    @extend_schema(responses=LedgerIssueSerializer(many=True))
    @action(detail=True, methods=["get"])
    def issues(self, request: Request, pk: str | None = None) -> Response:
        """Every error and warning, by row, page by page."""
        ledger = self.get_object()
        return self._lines(ledger.issues.for_user(request.user).order_by("line", "id"), LedgerIssueSerializer)

    @extend_schema(responses=LedgerRowSerializer(many=True))
    @action(detail=True, methods=["get"])
    def rows(self, request: Request, pk: str | None = None) -> Response:
        """What each row does (create, update, unchanged, error), page by page."""
        ledger = self.get_object()
        return self._lines(ledger.rows.for_user(request.user).order_by("line"), LedgerRowSerializer)

    @extend_schema(
        request=None,
        responses={
            202: LedgerImportSerializer,
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiTypes.BINARY,
        },
    )
    @action(detail=True, methods=["post"])
    def apply(self, request: Request, pk: str | None = None) -> Response:
        """Confirm the checked ledger: all valid rows are written in one transaction. An account
        ledger is imported at once and answers with the new accounts' one-time passwords as an .xlsx
        workbook (200), given this once and kept nowhere."""
        ledger = self.get_object()
        if KINDS[ledger.kind].immediate:
            ledger, opened = services.ledger_apply_now(actor=request.user, ledger_id=ledger.pk)
            if opened is None:
                raise InvalidTransition(ledger.error or "未能导入")
            return one_time_passwords_response(ledger, opened)
        services.ledger_apply_request(actor=request.user, ledger_id=ledger.pk)
        ledger.refresh_from_db()
        return Response(LedgerImportSerializer(ledger).data, status=status.HTTP_202_ACCEPTED)
