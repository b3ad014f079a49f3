"""Ledger imports (台账导入): upload, check (a dry run), confirm, apply.

Staff of a street or bureau upload an .xlsx ledger into their own jurisdiction. A background task
checks every row and records what it would do (create, update, skip) and every problem, writing no
organization. A person reads that and confirms; a second task checks the file again against the
registry as it now stands and writes all valid rows in one transaction (all or nothing), each
created or changed organization with its history row and trail event, the import named as the
reason. The file holds personal data: it is kept only until it is imported.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from core.errors import Code, InvalidTransition, field_error
from core.jobs import enqueue, progress_writer
from core.permissions import require
from core.spreadsheets import SheetError, SheetLimits, read_xlsx
from core.trail import record
from core.uploads import stored_name, validate_document

from ..choices import AuditAction, LedgerKind, LedgerStatus, RowAction
from ..identifiers import mask_personal_text
from ..ledger.kinds import KINDS
from ..ledger.planning import Plan, changed_headers
from ..models import LedgerImport, LedgerIssue, LedgerRow, User

logger = logging.getLogger(__name__)

LIMITS = SheetLimits()
BATCH = 2000


def _ledgers():
    return LedgerImport.objects.unrestricted()


@transaction.atomic
def ledger_upload(*, actor: User, upload: UploadedFile, kind: str = LedgerKind.ORGANIZATIONS) -> LedgerImport:
    """Keep an uploaded ledger and queue its check; the file's contents are judged by the check."""
    spec = KINDS[kind]
    require(actor, "registry.import_ledger", message=spec.denied)
    require(actor, spec.permission, message=spec.denied)
    if not upload or not upload.size:
        raise field_error("file", "文件为空：没有任何内容", Code.REQUIRED)
    try:
        validate_document(upload, kinds=("xlsx",), max_bytes=LIMITS.max_bytes)
    except ValidationError as error:
        raise ValidationError({"file": error.error_list}) from None
    ledger = LedgerImport(
        kind=kind,
        region=actor.region,
        file_name=stored_name(upload.name or "台账.xlsx"),
        uploaded_by=actor,
        status=LedgerStatus.CHECKING,
        stage="排队等待检查",
    )
    ledger.file.save("ledger.xlsx", upload, save=False)
    ledger.save()
    record(
        actor=actor,
        action=AuditAction.LEDGER_UPLOADED,
        subject=ledger,
        region=ledger.region_id,
        details={"kind": kind},
    )
    transaction.on_commit(lambda: _queue(ledger.pk, check=True))
    return ledger


def _queue(ledger_id: int, *, check: bool) -> None:
    from ..tasks import apply_ledger, check_ledger

    enqueue(
        check_ledger if check else apply_ledger,
        ledger_id,
        rows=_ledgers(),
        failed={
            "status": LedgerStatus.FAILED,
            "stage": "未能开始处理",
            "error": "任务队列暂不可用，请稍后重新上传",
        },
    )


def _plan(ledger: LedgerImport, actor: User, say: Callable[[int, str], None]) -> Plan:
    say(5, "读取文件")
    with ledger.file.open("rb") as handle:
        records = read_xlsx(handle, LIMITS)
    total = max(len(records) - 1, 1)
    return KINDS[ledger.kind].plan(
        actor, records, lambda done: say(5 + 45 * done // total, f"检查第 {done} 行")
    )


def _keep_plan(ledger_id: int, plan: Plan) -> None:
    """The plan's rows and issues replace the ledger's; a message quoting a cell never carries an ID
    number or a phone number typed into the wrong column."""
    LedgerRow.objects.unrestricted().filter(ledger_id=ledger_id).delete()
    LedgerIssue.objects.unrestricted().filter(ledger_id=ledger_id).delete()
    LedgerRow.objects.bulk_create(
        (
            LedgerRow(
                ledger_id=ledger_id,
                line=row.line,
                action=row.action,
                name=row.name[:200],
                organization_id=row.organization_id,
                changes=changed_headers(row.changes),
            )
            for row in plan.rows
        ),
        batch_size=BATCH,
    )
    LedgerIssue.objects.bulk_create(
        (
            LedgerIssue(
                ledger_id=ledger_id,
                line=issue.line,
                column=issue.column[:50],
                code=str(issue.code)[:40],
                message=mask_personal_text(issue.message)[:500],
                is_warning=issue.warning,
            )
            for issue in plan.issues
        ),
        batch_size=BATCH,
    )


def _fail(ledger_id: int, message: str, code: str = "") -> None:
    _ledgers().filter(pk=ledger_id).update(
        status=LedgerStatus.FAILED, stage="未能完成", error=message[:1000], error_code=code, progress=100
    )


def _guarded(ledger_id: int, work: Callable[[], None]) -> None:
    """Run a job; a bad file or any failure is recorded on the ledger for the page to show."""
    try:
        work()
    except SheetError as error:
        _fail(ledger_id, error.message, error.code)
    except ValidationError as error:
        _fail(ledger_id, "未导入任何数据：" + "；".join(error.messages))
    except SoftTimeLimitExceeded:
        _fail(ledger_id, "处理超时，已停止；请把文件分成几个较小的文件后分别导入")
    except Exception as error:
        logger.exception("ledger %s failed", ledger_id)
        _fail(ledger_id, f"处理失败（{type(error).__name__}），未导入任何数据，请稍后重试")


def ledger_check(*, ledger_id: int) -> LedgerImport:
    """The dry run: read and check every row, record the plan; no organization is written."""
    ledger = _ledgers().select_related("uploaded_by__region").get(pk=ledger_id)
    say = progress_writer(_ledgers(), ledger_id)

    def work() -> None:
        plan = _plan(ledger, ledger.uploaded_by, say)
        say(90, "保存检查结果")
        with transaction.atomic():
            _keep_plan(ledger_id, plan)
            _ledgers().filter(pk=ledger_id).update(
                status=LedgerStatus.READY, progress=100, stage="检查完成", counts=plan.counts(), error=""
            )

    _guarded(ledger_id, work)
    return _ledgers().get(pk=ledger_id)


@transaction.atomic
def ledger_apply_request(*, actor: User, ledger_id: int) -> LedgerImport:
    """Confirm a checked ledger: queue its import. Outside the actor's scope it does not exist."""
    ledger = _confirmable(actor, ledger_id)
    if KINDS[ledger.kind].immediate:
        raise InvalidTransition("该台账须立即导入")
    ledger.status, ledger.progress, ledger.stage = LedgerStatus.APPLYING, 0, "排队等待导入"
    ledger.applied_by = actor
    ledger.save(update_fields=["status", "progress", "stage", "applied_by"])
    transaction.on_commit(lambda: _queue(ledger.pk, check=False))
    return ledger


def _confirmable(actor: User, ledger_id: int) -> LedgerImport:
    ledger = LedgerImport.objects.for_user(actor, "change").select_for_update().get(pk=ledger_id)
    spec = KINDS[ledger.kind]
    require(actor, "registry.import_ledger", message=spec.denied)
    require(actor, spec.permission, message=spec.denied)
    if not ledger.can_apply:
        raise InvalidTransition(
            "该台账当前不能导入（%(status)s）", params={"status": ledger.get_status_display()}
        )
    return ledger


def ledger_apply_now(*, actor: User, ledger_id: int) -> tuple[LedgerImport, Any]:
    """Confirm and import a checked ledger of an immediate kind in this request; returns the ledger
    and what its writer handed back (the one-time passwords), for the actor alone, or None when the
    import failed (the ledger says why)."""
    with transaction.atomic():
        ledger = _confirmable(actor, ledger_id)
        if not KINDS[ledger.kind].immediate:
            raise InvalidTransition("该台账在后台导入，请使用确认导入")
        _ledgers().filter(pk=ledger_id).update(status=LedgerStatus.APPLYING, progress=0, applied_by=actor)
    ledger.applied_by = actor
    output = ledger_apply(ledger_id=ledger_id, ledger=ledger)
    ledger = _ledgers().get(pk=ledger_id)
    return ledger, output if ledger.status == LedgerStatus.APPLIED else None


def ledger_apply(*, ledger_id: int, ledger: LedgerImport | None = None) -> Any:
    """Check the file again against the registry as it now stands and write every valid row in one
    transaction; the rows in error are left out and reported, as in the dry run. Returns what the
    kind's writer handed back."""
    ledger = ledger or _ledgers().select_related("applied_by__region").get(pk=ledger_id)
    actor = ledger.applied_by
    say = progress_writer(_ledgers(), ledger_id)
    output: list[Any] = [None]

    def work() -> None:
        plan = _plan(ledger, actor, say)
        say(55, "写入")
        reason = f"台账导入：{ledger.file_name}（第{ledger.pk}号）"
        with transaction.atomic():
            output[0] = KINDS[ledger.kind].write(actor=actor, plan=plan, reason=reason)
            _keep_plan(ledger_id, plan)
            counts = plan.counts()
            record(
                actor=actor,
                action=AuditAction.LEDGER_APPLIED,
                subject=ledger,
                region=ledger.region_id,
                details={"created": counts[RowAction.CREATE], "updated": counts[RowAction.UPDATE]},
            )
            _ledgers().filter(pk=ledger_id).update(
                status=LedgerStatus.APPLIED,
                progress=100,
                stage="导入完成",
                counts=counts,
                applied_at=timezone.now(),
            )
        ledger.file.delete(save=False)  # the personal data in it now lives in the registry only
        _ledgers().filter(pk=ledger_id).update(file="")

    _guarded(ledger_id, work)
    return output[0]
