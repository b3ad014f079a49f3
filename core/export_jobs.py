"""Export jobs: a list written to a workbook in the background for the one user who asked for it.

A request (``export_request``) checks the user's right to the list and to personal data, validates the
filters the page sent and queues the job; a worker (``export_run``) reads the rows in the requester's
scope with one streaming query and writes the file into private storage, reporting progress on the job
row as quota report runs do; ``export_cleanup`` deletes files past their time. A web request never builds
a workbook of a list, however long.
"""

from __future__ import annotations

import datetime
import logging
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import models, transaction
from django.db.models import BooleanField, Case, Value, When
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError

from .background import run_after_commit
from .errors import Code, Unavailable, field_error
from .exports import Column, ExportSpec, Sheet, spec_named, write_sheets
from .models import ExportJob, ExportStatus
from .permissions import require
from .trail import record

logger = logging.getLogger(__name__)

CHUNK = 2000
REVEALED = "_export_reveal"


class ExportAction(models.TextChoices):
    REQUESTED = "export.requested", "导出列表"
    PERSONAL_DATA = "export.personal_data", "导出完整个人信息"
    DOWNLOADED = "export.downloaded", "下载导出文件"


class ListRequest:
    """What a filterset needs of a request: the user, whose scope limits the regions it offers."""

    def __init__(self, user: Any) -> None:
        self.user = user


def _jobs() -> models.QuerySet[ExportJob]:
    return ExportJob.objects.unrestricted()


def as_query(params: Mapping[str, Any]) -> dict[str, list[str]]:
    """A page's GET parameters (a QueryDict or a plain dict) as stored on the job, paging dropped."""
    getlist = getattr(params, "getlist", None)
    query = {}
    for key in params:
        if key == "page":
            continue
        values = getlist(key) if getlist else params[key]
        values = values if isinstance(values, list | tuple) else [values]
        kept = [str(value) for value in values if str(value) != ""]
        if kept:
            query[key] = kept
    return query


def _query_dict(query: Mapping[str, list[str]]) -> Any:
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    for key, values in query.items():
        data.setlist(key, list(values))
    return data


def export_queryset(spec: ExportSpec, *, user: Any, query: Mapping[str, list[str]]) -> Any:
    """The list's rows for the user: their scope, the list's own narrowing, then its filters. Invalid
    filters raise ValidationError with the filter form's messages."""
    queryset = spec.model._default_manager.get_queryset().for_user(user)
    if spec.narrow is not None:
        queryset = spec.narrow(queryset)
    if spec.annotations:
        queryset = queryset.annotate(**spec.annotations)
    if spec.filterset_class is not None and query:
        filterset = spec.filterset_class(_query_dict(query), queryset, request=ListRequest(user))
        if not filterset.is_valid():
            raise ValidationError(
                {
                    name: [ValidationError(str(message), code=Code.INVALID) for message in messages]
                    for name, messages in filterset.errors.items()
                }
            )
        queryset = filterset.qs
    if spec.ordering and "ordering" not in query:
        queryset = queryset.order_by(*spec.ordering)
    elif not queryset.ordered:
        queryset = queryset.order_by("pk")
    return queryset


def _may_reveal(spec: ExportSpec, user: Any) -> bool:
    from .permissions import can

    return spec.reveal is not None and can(user, spec.reveal.rule)


def export_request(
    *, actor: Any, name: str, params: Mapping[str, Any], reveal: bool = False, ip=None
) -> ExportJob:
    """Queue an export of the list ``name`` with the page's filters for ``actor``.

    LookupError for an unknown list; ``Denied`` when the actor may not use the list or may not see its
    personal data in full; ValidationError for filters the list refuses; ``Unavailable`` when the task
    queue cannot be reached (the job is then marked failed, nothing waits for a worker that never comes).
    """
    spec = spec_named(name)
    if spec.permission:
        require(actor, spec.permission, message="您的角色不能导出该列表")
    if reveal and not _may_reveal(spec, actor):
        raise field_error("reveal", "您无权导出完整个人信息", Code.PERMISSION_DENIED)
    query = as_query(params)
    export_queryset(spec, user=actor, query=query)  # the filters are checked now, not in the worker
    region = getattr(actor, "region_id", None) or ""
    with transaction.atomic():
        job = _jobs().create(
            kind=spec.name,
            title=spec.title,
            requested_by=actor,
            region_code=region,
            query=query,
            reveal=reveal,
            stage="排队等待导出",
        )
        record(
            actor=actor,
            action=ExportAction.REQUESTED,
            subject=job,
            region=region,
            ip=ip,
            details={"list": spec.name, "filters": query, "reveal": reveal},
        )
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


QUEUE_DOWN = "任务队列暂不可用，导出未能开始，请稍后重试"


def _enqueue(job_id: int) -> None:
    from .tasks import run_export

    if settings.CELERY_TASK_ALWAYS_EAGER:
        # No broker (the embedded setup): held back until the response is sent, never run inside it.
        run_after_commit(run_export, job_id)
        return
    try:
        result = run_export.apply_async(args=[job_id], queue=settings.EXPORT_QUEUE or None)
    except (KombuOperationalError, OSError) as error:
        logger.warning("export %s not queued: %s", job_id, error)
        _jobs().filter(pk=job_id).update(
            status=ExportStatus.FAILED, finished_at=timezone.now(), stage="未能开始导出", error=QUEUE_DOWN
        )
        raise Unavailable(QUEUE_DOWN) from None
    _jobs().filter(pk=job_id).filter(task_id="").update(task_id=result.id or "")


def _converters(columns: tuple[Column, ...], revealed: bool) -> list[Callable[[Any], Any] | None]:
    """Per column, how a raw value becomes a cell (None: as it is)."""

    def convert(column: Column) -> Callable[[Any], Any] | None:
        if column.labels is not None:
            labels = column.labels
            return lambda value: labels.get(value, value) if value is not None else None
        if column.render is not None:
            return column.render
        if column.mask is not None and not revealed:
            mask = column.mask
            return lambda value: mask(value) if value else value
        return None

    return [convert(column) for column in columns]


def export_rows(
    spec: ExportSpec, queryset: Any, *, user: Any, reveal: bool, tally: list[int]
) -> Iterator[list]:
    """The rows as cells, read in one streaming query; personal data masked except on rows the user may
    see in full when ``reveal`` was asked (their count goes to ``tally``)."""
    fields = spec.fields
    masked = _converters(spec.columns, revealed=False)
    if not (reveal and spec.reveal is not None):
        for values in queryset.values_list(*fields).iterator(chunk_size=CHUNK):
            yield [
                value if convert is None else convert(value)
                for value, convert in zip(values, masked, strict=True)
            ]
        return
    shown = _converters(spec.columns, revealed=True)
    flagged = queryset.annotate(
        **{
            REVEALED: Case(
                When(spec.reveal.rows(user), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        }
    )
    for *values, full in flagged.values_list(*fields, REVEALED).iterator(chunk_size=CHUNK):
        converters = shown if full else masked
        tally[0] += bool(full)
        yield [
            value if convert is None else convert(value)
            for value, convert in zip(values, converters, strict=True)
        ]


def _say(job_id: int, **fields: Any) -> None:
    _jobs().filter(pk=job_id).update(**fields)


def export_run(*, job_id: int) -> ExportJob:
    """Write the job's file; a failure is recorded on the job, not raised. A job already finished (a
    redelivered task) is left as it is."""
    job = _jobs().select_related("requested_by").get(pk=job_id)
    if job.is_finished:
        return job
    user = job.requested_by
    _say(
        job_id, status=ExportStatus.RUNNING, started_at=timezone.now(), progress=1, stage="读取数据", error=""
    )
    try:
        spec = spec_named(job.kind)
        queryset = export_queryset(spec, user=user, query=job.query)
        total = queryset.count()
        _say(job_id, total=total, stage="写入文件")

        def progress(done: int) -> None:
            _say(job_id, row_count=done, progress=min(95, 1 + done * 94 // max(total, 1)))

        tally = [0]
        rows = export_rows(spec, queryset, user=user, reveal=job.reveal, tally=tally)
        with tempfile.TemporaryDirectory(prefix="export-") as folder:
            path = Path(folder) / "export.xlsx"
            written = write_sheets(str(path), [Sheet(spec.title, spec.columns, rows)], progress=progress)
            _say(job_id, row_count=written, progress=96, stage="保存文件")
            with path.open("rb") as handle:
                job.file.save(f"{job.pk}.xlsx", File(handle), save=False)
        _finish(job, written=written, revealed=tally[0])
    except SoftTimeLimitExceeded:
        logger.warning("export %s stopped at the time limit", job_id)
        _say(
            job_id,
            status=ExportStatus.FAILED,
            finished_at=timezone.now(),
            stage="导出超时",
            error=f"导出超过 {settings.CELERY_TASK_SOFT_TIME_LIMIT} 秒的时限，已停止；请缩小筛选范围后重试",
        )
    except Exception as error:
        logger.exception("export %s failed", job_id)
        _say(
            job_id,
            status=ExportStatus.FAILED,
            finished_at=timezone.now(),
            stage="导出失败",
            error=f"导出失败（{type(error).__name__}）",
        )
    return _jobs().get(pk=job_id)


def _finish(job: ExportJob, *, written: int, revealed: int) -> None:
    now = timezone.now()
    with transaction.atomic():
        job.status, job.progress, job.stage = ExportStatus.DONE, 100, "已完成"
        job.row_count, job.finished_at = written, now
        job.expires_at = now + datetime.timedelta(hours=settings.EXPORT_KEEP_HOURS)
        job.save(
            update_fields=["file", "status", "progress", "stage", "row_count", "finished_at", "expires_at"]
        )
        if revealed:
            record(
                actor=job.requested_by,
                action=ExportAction.PERSONAL_DATA,
                subject=job,
                region=job.region_code,
                details={"list": job.kind, "rows": revealed, "filters": job.query},
            )


def export_downloaded(*, actor: Any, job: ExportJob, ip: str | None = None) -> None:
    """A file with personal data in full is recorded each time it is fetched."""
    if job.reveal:
        with transaction.atomic():
            record(
                actor=actor,
                action=ExportAction.DOWNLOADED,
                subject=job,
                region=job.region_code,
                ip=ip,
                details={"list": job.kind},
            )


def export_cleanup(*, now: datetime.datetime | None = None) -> int:
    """Delete the files of exports past their time (and of jobs that died long ago); returns how many."""
    now = now or timezone.now()
    expired = _jobs().filter(status=ExportStatus.DONE, expires_at__lte=now)
    count = 0
    for job in expired.iterator():
        if job.file:
            job.file.delete(save=False)
        _say(job.pk, status=ExportStatus.EXPIRED, file="", stage="文件已过期删除")
        count += 1
    stale = now - datetime.timedelta(
        seconds=settings.CELERY_VISIBILITY_TIMEOUT + settings.CELERY_TASK_TIME_LIMIT
    )
    _jobs().filter(status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING], requested_at__lt=stale).update(
        status=ExportStatus.FAILED, finished_at=now, stage="导出中断", error="导出未能完成，请重新导出"
    )
    return count
