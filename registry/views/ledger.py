"""Pages of ledger imports: the template, the upload, the dry run's result and the confirmation."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views import View
from django.views.decorators.http import require_GET

from core.errors import Unavailable
from core.exports import workbook_bytes, xlsx_response
from core.pages import ScopedDetailView, ScopedListView, ScopedMixin, object_view
from core.permissions import require

from ..choices import RowAction
from ..ledger.kinds import KINDS, kind_of
from ..models import LedgerImport
from ..services import ledger as services

PERMISSION = "registry.import_ledger"
DENIED = "您的角色不能导入台账"
# What the result page lists, by the ``show`` parameter.
SHOWN = {
    "errors": ("错误", {"is_warning": False}),
    "warnings": ("提示", {"is_warning": True}),
    RowAction.CREATE: ("将新建", {"action": RowAction.CREATE}),
    RowAction.UPDATE: ("将修改", {"action": RowAction.UPDATE}),
    RowAction.UNCHANGED: ("无变化", {"action": RowAction.UNCHANGED}),
}
PAGE_SIZE = 100


class LedgerListView(ScopedListView):
    model = LedgerImport
    permission = PERMISSION
    denied_message = DENIED
    select_related = ("uploaded_by", "region")
    template_name = "registry/ledger_list.html"
    paginate_by = 20

    def get_queryset(self):
        return super().get_queryset().filter(kind=kind_of(self.request.GET.get("kind")))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kind = kind_of(self.request.GET.get("kind"))
        return super().get_context_data(kind=kind, spec=KINDS[kind], **kwargs)

    def post(self, request: HttpRequest) -> HttpResponse:
        kind = kind_of(request.POST.get("kind"))
        back = f"{reverse('ledger-list')}?kind={kind}"
        try:
            ledger = services.ledger_upload(actor=request.user, upload=request.FILES.get("file"), kind=kind)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return HttpResponseRedirect(back)
        except Unavailable as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(back)
        return HttpResponseRedirect(reverse("ledger-detail", args=[ledger.pk]))


class LedgerDetailView(ScopedDetailView):
    model = LedgerImport
    select_related = ("uploaded_by", "applied_by", "region")
    template_name = "registry/ledger_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        ledger, user = self.object, self.request.user
        show = self.request.GET.get("show", "")
        if show not in SHOWN:
            show = "errors" if (ledger.counts or {}).get("errors") else RowAction.CREATE
        label, where = SHOWN[show]
        if "is_warning" in where:
            items = ledger.issues.for_user(user).filter(**where).order_by("line", "id")
        else:
            items = ledger.rows.for_user(user).filter(**where).select_related("organization").order_by("line")
        page = Paginator(items, PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(
            show=show,
            shown_label=label,
            tabs=[(key, text) for key, (text, _) in SHOWN.items()],
            showing_issues="is_warning" in where,
            page_obj=page,
            paginator=page.paginator,
            is_paginated=page.has_other_pages(),
            query_without_page=f"show={show}",
            status_url=reverse("ledger-status", args=[ledger.pk]),
            spec=KINDS[ledger.kind],
        )
        return context


class LedgerApplyView(ScopedMixin, View):
    model = LedgerImport
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        ledger = get_object_or_404(LedgerImport.objects.for_user(request.user), pk=pk)
        if KINDS[ledger.kind].immediate:
            return self.apply_now(request, pk)
        try:
            services.ledger_apply_request(actor=request.user, ledger_id=pk)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        except Unavailable as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "已确认导入，正在写入；完成后页面将自动刷新。")
        return HttpResponseRedirect(reverse("ledger-detail", args=[pk]))

    def apply_now(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The one-time passwords go back in this response only, as a workbook no cache keeps."""
        try:
            ledger, opened = services.ledger_apply_now(actor=request.user, ledger_id=pk)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return HttpResponseRedirect(reverse("ledger-detail", args=[pk]))
        if opened is None:
            messages.error(request, ledger.error or "未能导入")
            return HttpResponseRedirect(reverse("ledger-detail", args=[pk]))
        return one_time_passwords_response(ledger, opened)


def one_time_passwords_response(ledger: LedgerImport, opened: list[tuple[str, ...]]) -> HttpResponse:
    content = workbook_bytes("一次性密码", ("用户名", "姓名", "角色", "一次性密码"), opened)
    response = xlsx_response(content, f"新开账号一次性密码-{ledger.pk}.xlsx")
    add_never_cache_headers(response)
    return response


@object_view(LedgerImport)
@login_required
@require_GET
def ledger_status(request: HttpRequest, pk: int) -> JsonResponse:
    """Where a check or an import stands, for the page's progress bar."""
    ledger = get_object_or_404(LedgerImport.objects.for_user(request.user), pk=pk)
    return JsonResponse(
        {
            "status": ledger.status,
            "status_label": ledger.get_status_display(),
            "progress": ledger.progress,
            "stage": ledger.stage,
            "error": ledger.error,
            "finished": not ledger.is_busy,
        }
    )


@object_view(LedgerImport)
@login_required
@require_GET
def ledger_issues_workbook(request: HttpRequest, pk: int) -> HttpResponse:
    """Every error and warning of a ledger as a workbook, to fix the file row by row."""
    ledger = get_object_or_404(LedgerImport.objects.for_user(request.user), pk=pk)
    issues = ledger.issues.for_user(request.user).order_by("line", "id")
    rows = (
        (issue.line, issue.column, "提示" if issue.is_warning else "错误", issue.message, issue.code)
        for issue in issues.iterator(chunk_size=2000)
    )
    content = workbook_bytes("错误报告", ("行号", "列", "类型", "说明", "错误代码"), rows)
    return xlsx_response(content, f"台账检查结果-{ledger.pk}.xlsx")


@login_required
@require_GET
def ledger_template(request: HttpRequest) -> HttpResponse:
    spec = KINDS[kind_of(request.GET.get("kind"))]
    require(request.user, PERMISSION, message=spec.denied)
    require(request.user, spec.permission, message=spec.denied)
    return xlsx_response(spec.template(), f"{spec.file_label}.xlsx")
