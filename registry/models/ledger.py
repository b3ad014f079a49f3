"""Uploaded ledgers (台账): the file, where its check or import stands, and what each row would do.

An upload is checked first (a dry run that writes nothing but these rows); a person reads the result
and confirms, and only then are the organizations written. Uploads belong to the uploader's
jurisdiction and are seen by the staff of that jurisdiction and above; the leader's personal data
never lands in these tables (only the file holds it, and the file is deleted once imported).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.scoping import ScopedModel, ScopedQuerySet, scoped_manager

from ..choices import LedgerKind, LedgerStatus, Role, RowAction


def ledger_upload_path(instance: LedgerImport, filename: str) -> str:
    # Random names: the uploaded file holds personal data, its name is never guessable.
    return f"ledgers/{uuid.uuid4().hex}.xlsx"


class LedgerImportQuerySet(ScopedQuerySet):
    region_field = "region__code"
    change_roles = frozenset({Role.BUREAU, Role.STREET})


class LedgerImport(ScopedModel):
    """One uploaded ledger file and its check (dry run) or import."""

    kind = models.CharField("台账类型", max_length=32, choices=LedgerKind.choices)
    region = models.ForeignKey(
        "registry.Region", verbose_name="导入辖区", on_delete=models.PROTECT, related_name="ledger_imports"
    )
    file = models.FileField("文件", upload_to=ledger_upload_path, blank=True)
    file_name = models.CharField("文件名", max_length=200)
    status = models.CharField(
        "状态", max_length=16, choices=LedgerStatus.choices, default=LedgerStatus.CHECKING
    )
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    stage = models.CharField("当前步骤", max_length=100, blank=True)
    error = models.TextField("文件错误", blank=True)
    error_code = models.CharField("文件错误代码", max_length=32, blank=True)
    counts = models.JSONField("统计", default=dict, blank=True)
    task_id = models.CharField("任务编号", max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确认导入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    applied_at = models.DateTimeField("导入时间", null=True, blank=True)

    objects = scoped_manager(LedgerImportQuerySet)

    class Meta:
        verbose_name = "台账导入"
        verbose_name_plural = "台账导入"
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(progress__lte=100), name="ledger_progress_percent")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}台账 {self.file_name}"

    @property
    def is_busy(self) -> bool:
        return self.status in (LedgerStatus.CHECKING, LedgerStatus.APPLYING)

    @property
    def can_apply(self) -> bool:
        counts = self.counts or {}
        return self.status == LedgerStatus.READY and bool(counts.get("create") or counts.get("update"))


class LedgerPartQuerySet(ScopedQuerySet):
    region_field = "ledger__region__code"
    change_roles = frozenset({Role.BUREAU, Role.STREET})


class LedgerRow(ScopedModel):
    """What one data row of the file does: create, update (which organization, which columns), or
    nothing (unchanged, or in error)."""

    ledger = models.ForeignKey(
        LedgerImport, verbose_name="台账导入", on_delete=models.CASCADE, related_name="rows"
    )
    line = models.PositiveIntegerField("行号")
    action = models.CharField("处理", max_length=16, choices=RowAction.choices)
    name = models.CharField("名称", max_length=200, blank=True)
    organization = models.ForeignKey(
        "registry.Organization", verbose_name="对应组织", null=True, blank=True, on_delete=models.SET_NULL
    )
    changes = models.JSONField("修改的列", default=list, blank=True)

    objects = scoped_manager(LedgerPartQuerySet)

    class Meta:
        verbose_name = "台账行"
        verbose_name_plural = "台账行"
        ordering = ["ledger", "line"]
        indexes = [models.Index(fields=["ledger", "action", "line"], name="ledger_row_action")]


class LedgerIssue(ScopedModel):
    """One problem found in the file: an error (the row is skipped) or a warning for a person to look
    at (a near-duplicate name); with its row, column, stable code and Chinese message."""

    ledger = models.ForeignKey(
        LedgerImport, verbose_name="台账导入", on_delete=models.CASCADE, related_name="issues"
    )
    line = models.PositiveIntegerField("行号")
    column = models.CharField("列", max_length=50, blank=True)
    code = models.CharField("错误代码", max_length=40)
    message = models.CharField("说明", max_length=500)
    is_warning = models.BooleanField("仅提示", default=False)

    objects = scoped_manager(LedgerPartQuerySet)

    class Meta:
        verbose_name = "台账问题"
        verbose_name_plural = "台账问题"
        ordering = ["ledger", "line", "id"]
        indexes = [models.Index(fields=["ledger", "is_warning", "line"], name="ledger_issue_kind")]
