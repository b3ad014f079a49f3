"""Pages of exports: ask for one from a list, follow its progress, fetch the file, see one's own.

The list's export button posts here with the list's filters in the query string; the job page follows
the run and offers the file once written. Only the user who asked sees a job or fetches its file: for
anyone else it does not exist (404).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from .errors import Unavailable
from .export_jobs import export_downloaded, export_request
from .exports import XLSX_CONTENT_TYPE, spec_named
from .http import client_ip
from .models import ExportJob
from .pages import ScopedDetailView, ScopedListView, object_view


def _back(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


@login_required
@require_POST
def export_start(request: HttpRequest) -> HttpResponse:
    """Queue an export of the list named in the form, with the filters of the page's query string."""
    try:
        spec = spec_named(request.POST.get("list", ""))
    except LookupError:
        raise Http404("没有这个导出") from None
    try:
        fallback = reverse(spec.list_url) if spec.list_url else reverse("export-list")
    except NoReverseMatch:
        fallback = reverse("export-list")
    back = _back(request, fallback)
    try:
        job = export_request(
            actor=request.user,
            name=spec.name,
            params=request.GET,
            reveal=request.POST.get("reveal") == "1",
            ip=client_ip(request),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, f"未能导出：{message}")
        return HttpResponseRedirect(back)
    except Unavailable as error:
        messages.error(request, error.message)
        return HttpResponseRedirect(back)
    messages.success(request, f"已开始导出“{spec.title}”，完成后可在本页下载。")
    return HttpResponseRedirect(reverse("export-detail", args=[job.pk]))


class ExportListView(ScopedListView):
    """The user's own exports, newest first."""

    model = ExportJob
    paginate_by = 20
    template_name = "core/export_list.html"


class ExportDetailView(ScopedDetailView):
    model = ExportJob
    template_name = "core/export_detail.html"


def _job(request: HttpRequest, pk: int) -> ExportJob:
    return get_object_or_404(ExportJob.objects.for_user(request.user), pk=pk)


@object_view(ExportJob)
@login_required
@require_GET
def export_status(request: HttpRequest, pk: int) -> JsonResponse:
    """Where an export stands, for the page's progress bar."""
    job = _job(request, pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "progress": job.progress,
            "stage": job.stage,
            "rows": job.row_count,
            "total": job.total,
            "error": job.error,
            "finished": job.is_finished,
        }
    )


@object_view(ExportJob)
@login_required
@require_GET
def export_download(request: HttpRequest, pk: int) -> Any:
    """The written file, to the user who asked for it, until it expires."""
    job = _job(request, pk)
    if not job.is_ready:
        raise Http404("文件尚未生成或已过期")
    export_downloaded(actor=request.user, job=job, ip=client_ip(request))
    response = FileResponse(
        job.file.open("rb"), as_attachment=True, filename=job.filename, content_type=XLSX_CONTENT_TYPE
    )
    response["Cache-Control"] = "no-store"
    return response
