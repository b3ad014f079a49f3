"""Excel exports every app shares: one streaming writer, so large sheets keep memory flat."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

FORMULA_STARTS = ("=", "+", "-", "@")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_bytes(title: str, header: Iterable[str], rows: Iterable[Iterable[object]]) -> bytes:
    """A one-sheet workbook written in streaming mode, with a bold header row."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    bold = Font(bold=True)
    header_cells = []
    for name in header:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_inert(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _inert(sheet: Any, value: object) -> object:
    """Text that a spreadsheet would read as a formula (``=HYPERLINK(...)`` typed as an organization's
    name) is written as text: an export never carries a live formula."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """A workbook as a download; the file name may be Chinese."""
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response
