"""Excel exports every app shares: one streaming writer, one way to declare a list's columns.

Each app declares its exportable lists (``ExportSpec``: the model, its filterset and its ``Column``s) and
registers them (``register``); ``core.export_jobs`` runs them as background jobs for one user, in that
user's scope and with the list's filters. Every workbook, large or small, is written here by XlsxWriter in
constant-memory mode (rows go to disk as they come): memory stays flat whatever the row count, text a
spreadsheet would read as a formula stays text, and sheets come formatted for printing (column widths, a
frozen header, merged group headers, landscape A4 one page wide with the header repeated).
"""

from __future__ import annotations

import datetime
import io
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

import xlsxwriter
from django.db.models import Model
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

FORMULA_STARTS = ("=", "+", "-", "@")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Progress = Callable[[int], None]


# -- declaring a list's columns -----------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of an export: its header, the ``values_list`` path it reads, and how a value is shown.

    ``labels`` turns stored codes into their Chinese labels (a choices list); ``render`` is any other
    conversion of the raw value; ``mask`` marks personal data, written masked unless the row may be
    revealed (see ``Reveal``). Columns sharing a ``group`` get one merged header above their own.
    """

    header: str
    field: str
    width: float | None = None
    group: str = ""
    labels: Mapping[Any, str] | None = None
    render: Callable[[Any], Any] | None = None
    mask: Callable[[str], str] | None = None

    def shown_width(self) -> float:
        return self.width or max(8.0, text_width(self.header) + 2)


@dataclass(frozen=True)
class Reveal:
    """Who may export personal data in full (``rule``, a permission with no object) and which rows then
    show in full (``rows(user)``, a Q on the model; other rows stay masked). Every such export is
    recorded on the trail."""

    rule: str
    rows: Callable[[Any], Any]


@dataclass(frozen=True)
class ExportSpec:
    """An exportable list: the rows ``model.objects.for_user(user)`` narrowed by ``narrow`` and the list's
    ``filterset_class``, in the list's order, written with ``columns``. A column may read an expression
    named in ``annotations`` (computed in the same query)."""

    name: str
    title: str
    model: type[Model]
    columns: tuple[Column, ...]
    filterset_class: type | None = None
    narrow: Callable[[Any], Any] | None = None
    annotations: Mapping[str, Any] = field(default_factory=dict)
    ordering: tuple[str, ...] = ()
    permission: str = ""
    reveal: Reveal | None = None
    list_url: str = ""

    @property
    def fields(self) -> list[str]:
        return [column.field for column in self.columns]


_specs: dict[str, ExportSpec] = {}


def register(*specs: ExportSpec) -> None:
    """Called from an app's ``ready()`` with the lists it offers for export."""
    for spec in specs:
        _specs[spec.name] = spec


def spec_named(name: str) -> ExportSpec:
    """The registered list; LookupError for a name no app registered."""
    try:
        return _specs[name]
    except KeyError:
        raise LookupError(f"no export named {name!r}") from None


def registered() -> dict[str, ExportSpec]:
    return dict(_specs)


def text_width(text: str) -> float:
    """Roughly how many character widths a text takes in a spreadsheet: CJK characters count two."""
    return float(sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text)))


def yes_no(value: Any) -> str:
    return "是" if value else "否"


# -- writing ------------------------------------------------------------------------------------------


@dataclass
class Sheet:
    """One sheet to write: a title, its columns (header text, width, group) and its rows."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]


class SheetWriter:
    """Writes rows one at a time into a worksheet; cells are typed by their Python value."""

    def __init__(self, book: Any, sheet: Any) -> None:
        self.sheet = sheet
        self.date = book.add_format({"num_format": "yyyy-mm-dd"})
        self.moment = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        # A formula-looking text stays text even when a user edits the cell later.
        self.quoted = book.add_format({"quote_prefix": True})

    def row(self, number: int, values: Sequence[Any]) -> None:
        sheet = self.sheet
        for col, value in enumerate(values):
            kind = type(value)
            if kind is str:
                if value:
                    if value[0] in FORMULA_STARTS:
                        sheet.write_string(number, col, value, self.quoted)
                    else:
                        sheet.write_string(number, col, value)
            elif value is None:
                continue
            elif kind is bool:
                sheet.write_string(number, col, yes_no(value))
            elif kind is int or kind is float or kind is Decimal:
                sheet.write_number(number, col, float(value))
            elif kind is datetime.date:
                sheet.write_datetime(
                    number, col, datetime.datetime.combine(value, datetime.time()), self.date
                )
            elif kind is datetime.datetime:
                if timezone.is_aware(value):
                    value = timezone.make_naive(value)
                sheet.write_datetime(number, col, value, self.moment)
            else:
                sheet.write_string(number, col, str(value))


def _header(book: Any, sheet: Any, columns: Sequence[Column], first: int) -> int:
    """Group headers (merged over their columns) and column headers from row ``first``; returns the
    first row of data."""
    bold = book.add_format(
        {"bold": True, "bg_color": "#F2F2F2", "border": 1, "align": "center", "valign": "vcenter"}
    )
    bold.set_text_wrap()
    grouped = any(column.group for column in columns)
    if grouped:
        # One row of group headers, merged across each group's columns (rows are written in order:
        # the constant-memory writer cannot come back to a row, so nothing is merged downwards).
        col = 0
        while col < len(columns):
            group, end = columns[col].group, col
            while group and end + 1 < len(columns) and columns[end + 1].group == group:
                end += 1
            if end > col:
                sheet.merge_range(first, col, first, end, group, bold)
            else:
                sheet.write(first, col, group or None, bold)
            col = end + 1
        first += 1
    for col, column in enumerate(columns):
        sheet.write_string(first, col, column.header, bold)
        sheet.set_column(col, col, column.shown_width())
    return first + 1


def _print_setup(sheet: Any, header_rows: tuple[int, int], width: int) -> None:
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)  # one page wide, as many pages long as it takes
    sheet.repeat_rows(*header_rows)
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.set_footer("&C第 &P 页，共 &N 页")
    if width:
        sheet.freeze_panes(header_rows[1] + 1, 0)


def write_sheets(
    target: str | IO[bytes], sheets: Iterable[Sheet], *, progress: Progress | None = None
) -> int:
    """Write the sheets to a file path or a binary stream; returns the number of data rows written.
    ``progress`` hears the running row count every ``PROGRESS_EVERY`` rows."""
    options = {
        "constant_memory": True,
        "strings_to_formulas": False,
        "strings_to_numbers": False,
        "strings_to_urls": False,
    }
    if not isinstance(target, str):
        options["in_memory"] = True
    book = xlsxwriter.Workbook(target, options)
    total = 0
    for spec in sheets:
        sheet = book.add_worksheet(safe_title(spec.title))
        writer = SheetWriter(book, sheet)
        number = _header(book, sheet, spec.columns, 0)
        _print_setup(sheet, (0, number - 1), len(spec.columns))
        for values in spec.rows:
            writer.row(number, values)
            number += 1
            total += 1
            if progress is not None and total % PROGRESS_EVERY == 0:
                progress(total)
    book.close()
    return total


PROGRESS_EVERY = 10_000


def safe_title(title: str) -> str:
    """A worksheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in title).strip("'")
    return cleaned[:31] or "Sheet1"


def plain_columns(header: Iterable[str]) -> list[Column]:
    return [Column(header=str(name), field="") for name in header]


def workbook_bytes(title: str, header: Iterable[str], rows: Iterable[Iterable[object]]) -> bytes:
    """A small one-sheet workbook in memory (a dashboard table, a round's results), written like every
    export: typed cells, formulas kept as text, a frozen bold header."""
    return sheets_bytes([Sheet(title, plain_columns(header), (list(row) for row in rows))])


def sheets_bytes(sheets: Iterable[Sheet]) -> bytes:
    buffer = io.BytesIO()
    write_sheets(buffer, sheets)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """A workbook as a download; the file name may be Chinese."""
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response
