"""Reading the spreadsheets people upload: one hardened reader for every import.

An uploaded workbook is untrusted input. Before openpyxl parses anything the reader checks that the
bytes are an .xlsx at all (a renamed .xls, CSV or PDF is refused by content, not by name), that the
archive does not expand past a limit (a "zip bomb": a few kilobytes that inflate to gigabytes), and
that the sheet holds no merged cells (whose values sit in one corner only). openpyxl reads in
streaming mode with defusedxml (entity declarations are refused), and only the first columns and a
bounded number of rows are read, so memory stays flat whatever the file claims.

Every refusal is a ``SheetError`` with a stable code and one Chinese sentence that tells the user
what to fix.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO
from xml.parsers.expat import ExpatError

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

MB = 1024 * 1024


class SheetCode(StrEnum):
    """Why a whole file was refused."""

    FILE_EMPTY = "file_empty"
    FILE_TYPE = "file_type"
    FILE_TOO_LARGE = "file_too_large"
    FILE_CORRUPT = "file_corrupt"
    FILE_EXPANDS = "file_expands"
    TOO_MANY_ROWS = "too_many_rows"
    MERGED_CELLS = "merged_cells"
    NO_HEADER = "no_header"
    NO_DATA = "no_data"
    MISSING_COLUMNS = "missing_columns"


class SheetError(Exception):
    """The file cannot be read as a table; ``code`` is stable, ``message`` says what to fix."""

    def __init__(self, code: SheetCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class SheetLimits:
    """What one upload may hold. ``max_rows`` counts rows with content; blank rows are skipped
    (a sheet formatted down to row 100,000 is common) but never more than ``max_scanned_rows``."""

    max_bytes: int = 20 * MB
    max_expanded_bytes: int = 400 * MB
    max_rows: int = 50_000
    max_scanned_rows: int = 1_048_576  # Excel's own last row
    max_columns: int = 40


@dataclass(frozen=True)
class Cell:
    """One cell as read: its value, and whether the file stored a formula there."""

    value: object
    formula: bool = False


Record = tuple[int, list[Cell]]


def _size(source: str | Path | IO[bytes]) -> int:
    if isinstance(source, str | Path):
        return Path(source).stat().st_size
    position = source.tell()
    source.seek(0, 2)
    size = source.tell()
    source.seek(position)
    return size


def _check_archive(source: str | Path | IO[bytes], limits: SheetLimits) -> list[str]:
    """Refuse what is not an .xlsx by content, and archives that would inflate past the limit.

    The sizes checked are those the archive declares; zipfile never inflates a member past its
    declared size (it fails the CRC instead), so a lying header cannot slip past the limit.
    Returns the names of the archive's members."""
    try:
        with zipfile.ZipFile(source) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise SheetError(
            SheetCode.FILE_TYPE,
            "无法读取Excel文件：文件不是有效的 .xlsx 工作簿，请在 Excel 中“另存为” .xlsx 格式后再上传",
        ) from error
    finally:
        if not isinstance(source, str | Path):
            source.seek(0)
    names = [info.filename for info in infos]
    if "xl/workbook.xml" not in names:
        raise SheetError(
            SheetCode.FILE_TYPE,
            "无法读取Excel文件：文件不是 .xlsx 工作簿，请在 Excel 中“另存为” .xlsx 格式后再上传",
        )
    if sum(info.file_size for info in infos) > limits.max_expanded_bytes:
        raise SheetError(
            SheetCode.FILE_EXPANDS,
            f"文件解压后超过 {limits.max_expanded_bytes // MB} MB，可能是恶意构造的压缩文件，已拒绝读取",
        )
    return names


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')


def _merged_ranges(source: str | Path | IO[bytes], sheet_path: str) -> list[str]:
    """Merged ranges of a sheet, read straight from its XML (the streaming reader does not know
    them): they sit after the cell data, so the part is scanned in chunks, memory stays flat."""
    found: list[str] = []
    tail = b""
    with zipfile.ZipFile(source) as archive, archive.open(sheet_path.lstrip("/")) as part:
        while chunk := part.read(MB):
            window = tail + chunk
            found.extend(match.decode() for match in _MERGE.findall(window))
            tail = window[-200:]
            found = list(dict.fromkeys(found))
    if not isinstance(source, str | Path):
        source.seek(0)
    return found


def read_xlsx(source: str | Path | IO[bytes], limits: SheetLimits | None = None) -> list[Record]:
    """The non-blank rows of the first worksheet, numbered as Excel shows them, ``max_columns``
    cells each. Raises ``SheetError`` for anything that is not a readable, plain table."""
    limits = limits or SheetLimits()
    size = _size(source)
    if size == 0:
        raise SheetError(SheetCode.FILE_EMPTY, "文件为空：没有任何内容")
    if size > limits.max_bytes:
        raise SheetError(SheetCode.FILE_TOO_LARGE, f"文件过大：不能超过 {limits.max_bytes // MB} MB")
    _check_archive(source, limits)
    try:
        workbook = load_workbook(source, read_only=True, data_only=False)
    except (
        OSError,
        zipfile.BadZipFile,
        InvalidFileException,
        KeyError,
        ValueError,
        TypeError,
        SyntaxError,
    ) as error:
        raise SheetError(SheetCode.FILE_CORRUPT, "无法读取Excel文件：文件已损坏或含有不允许的结构") from error
    try:
        if not workbook.worksheets:
            raise SheetError(SheetCode.NO_HEADER, "工作簿中没有工作表")
        sheet = workbook.worksheets[0]
        merged = _merged_ranges(source, sheet._worksheet_path)
        if merged:
            shown = "、".join(merged[:10]) + ("等" if len(merged) > 10 else "")
            raise SheetError(
                SheetCode.MERGED_CELLS,
                f"表格中有合并单元格（{shown}），请取消合并，并在每一行填写完整后再上传",
            )
        return list(_records(sheet, limits))
    except (ValueError, KeyError, TypeError, zipfile.BadZipFile, SyntaxError, ExpatError, EOFError) as error:
        # defusedxml refuses entity declarations (a "billion laughs" file) with a ValueError; broken XML
        # is a ParseError (a SyntaxError).
        raise SheetError(
            SheetCode.FILE_CORRUPT, "无法读取Excel文件：文件内容已损坏或含有不允许的结构"
        ) from error
    finally:
        workbook.close()


def _records(sheet: object, limits: SheetLimits) -> Iterator[Record]:
    kept = 0
    for number, row in enumerate(sheet.iter_rows(max_col=limits.max_columns), start=1):
        if number > limits.max_scanned_rows:
            break
        cells = [Cell(cell.value, getattr(cell, "data_type", "") == "f") for cell in row]
        if not any(cell_text(cell.value) for cell in cells):
            continue
        kept += 1
        if kept > limits.max_rows + 1:  # the header and max_rows rows at most
            raise SheetError(
                SheetCode.TOO_MANY_ROWS, f"行数过多：一次最多导入 {limits.max_rows:,} 行，请分成几个文件导入"
            )
        yield number, cells


def cell_text(value: object) -> str:
    """A cell as text: numbers typed into text columns (110101001000.0) back to their digits."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def plain_text(value: object) -> str:
    """A cell as text in half-width form (full-width digits and letters, ideographic spaces), with the
    apostrophe Excel users type to keep a number as text removed: for codes, numbers and ID numbers."""
    text = unicodedata.normalize("NFKC", cell_text(value)).strip()
    return text[1:].strip() if text.startswith("'") else text
