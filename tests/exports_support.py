"""Running an export in place, as a worker would, and reading what it wrote."""

from __future__ import annotations

from typing import Any

from openpyxl import load_workbook

from core.export_jobs import export_request, export_run
from core.models import ExportJob


def run_export(user: Any, name: str, *, reveal: bool = False, **params: Any) -> ExportJob:
    """Ask for an export and run its job here (with a broker configured, nothing else would take it)."""
    job = export_request(actor=user, name=name, params=params, reveal=reveal)
    return export_run(job_id=job.pk)


def sheet_of(job: ExportJob) -> Any:
    with job.file.open("rb") as handle:
        return load_workbook(handle).active


def data_rows(job: ExportJob) -> list[tuple]:
    """The rows under the header (one header row, or two when columns are grouped)."""
    sheet = sheet_of(job)
    first = sheet.freeze_panes  # the frozen pane starts at the first row of data, e.g. "A3"
    start = int(first[1:]) if first else 2
    return list(sheet.iter_rows(min_row=start, values_only=True))
