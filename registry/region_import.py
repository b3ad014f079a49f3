"""Import the division tree from a CSV or XLSX file (``manage.py load_regions``).

The file is the official code list as civil affairs staff receive it: a header row, then one
region per row. Only the code, the name and (for communities) the urban/rural class are read;
level and parent follow from the code itself, so a file can never contradict the tree's shape.

The import is all or nothing: every row is validated first and every problem is reported with
its line number, so staff can fix the whole file in one pass instead of one error per run.
Re-running a corrected or newer file updates regions in place; codes are primary keys, so
nothing is ever duplicated.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from core.spreadsheets import MB, SheetError, SheetLimits, cell_text, read_xlsx

from .choices import RegionLevel, UrbanRural
from .divisions import CODE_LENGTH, PREFIX_LENGTH, ancestor_codes, is_valid_code, level_of, normalize_code
from .models import Region

BATCH_SIZE = 2000
# What a region file may hold: the whole country is about 700,000 rows in a few tens of megabytes;
# only the first columns are read (a sheet with a stray cell far to the right stays cheap).
MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_ROWS = 1_000_000
MAX_COLUMNS = 20
LIMITS = SheetLimits(
    max_bytes=MAX_FILE_BYTES, max_expanded_bytes=1500 * MB, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS
)
# The stored columns an import may change, in the order of ``_Resolved.values()``.
UPDATE_FIELDS = ("name", "level", "parent", "urban_rural")
NAME_MAX_LENGTH = Region._meta.get_field("name").max_length

CODE_COLUMNS = ("code", "区划代码", "代码", "统计用区划代码")
NAME_COLUMNS = ("name", "名称", "区划名称")
URBAN_RURAL_COLUMNS = ("urban_rural", "type", "城乡分类", "城乡分类代码")

URBAN_RURAL_WORDS = {
    "urban": UrbanRural.URBAN,
    "城市": UrbanRural.URBAN,
    "城市社区": UrbanRural.URBAN,
    "城": UrbanRural.URBAN,
    "rural": UrbanRural.RURAL,
    "农村": UrbanRural.RURAL,
    "农村社区": UrbanRural.RURAL,
    "村": UrbanRural.RURAL,
    "乡": UrbanRural.RURAL,
}
# The first digit of the three-digit 城乡分类代码: 1xx are urban (111 主城区 … 123 特殊区域),
# 2xx are rural (210 乡中心区, 220 村庄).
URBAN_RURAL_CODE_CLASSES = {"1": UrbanRural.URBAN, "2": UrbanRural.RURAL}

# Which parent a row must find, by its own level: streets and communities sit in a fixed slot
# of the tree, so a missing one is an error; higher levels may hang from any existing ancestor.
REQUIRED_PARENT_LEVEL = {
    RegionLevel.COMMUNITY: RegionLevel.STREET,
    RegionLevel.STREET: RegionLevel.DISTRICT,
}


class RegionImportError(Exception):
    """The file cannot be imported; ``errors`` lists every problem, one Chinese sentence each."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class RegionRow:
    """One data row as read from the file, before validation.

    ``code`` is already normalized (short codes padded) and ``urban_rural`` is the raw cell
    text; both are judged by ``import_regions`` so that all errors carry line numbers.
    """

    line: int
    code: str
    name: str
    urban_rural: str = ""


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    unchanged: int


@dataclass(frozen=True)
class _Resolved:
    """A valid row turned into the values the Region table will hold."""

    code: str
    name: str
    level: RegionLevel
    parent_id: str | None
    urban_rural: str

    def values(self) -> tuple[str, int, str | None, str]:
        return (self.name, int(self.level), self.parent_id, self.urban_rural)

    def to_model(self) -> Region:
        return Region(
            code=self.code,
            name=self.name,
            level=self.level,
            parent_id=self.parent_id,
            urban_rural=self.urban_rural,
        )


# -- reading ------------------------------------------------------------------------------------


def read_region_file(path: str | Path) -> list[RegionRow]:
    """Read a .csv or .xlsx file into rows; file-level problems raise ``RegionImportError``.

    Row-level problems (bad codes, blank names …) are left for ``import_regions`` so that they
    are all reported together.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise RegionImportError([f"不支持的文件类型“{path.suffix or '无扩展名'}”，仅支持 .csv 和 .xlsx 文件"])
    if not path.is_file():
        raise RegionImportError([f"文件不存在：{path}"])
    if path.stat().st_size == 0:
        raise RegionImportError(["文件为空：没有任何内容"])
    if path.stat().st_size > MAX_FILE_BYTES:
        raise RegionImportError([f"文件过大：不能超过 {MAX_FILE_BYTES // (1024 * 1024)} MB"])
    records = _csv_records(path) if suffix == ".csv" else _xlsx_records(path)
    rows = _rows_from_records(records)
    if not rows:
        raise RegionImportError(["文件中只有表头，没有区划数据"])
    return rows


def _limited(records: Iterable[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    kept = []
    for record in records:
        if len(kept) == MAX_ROWS + 1:  # the header and MAX_ROWS rows at most
            raise RegionImportError([f"行数过多：一次最多导入 {MAX_ROWS:,} 行，请分批导入"])
        kept.append(record)
    return kept


def _csv_records(path: Path) -> list[tuple[int, list[str]]]:
    """CSV rows numbered from 1; UTF-8 (with or without BOM) first, then GB18030 from Excel."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RegionImportError([f"无法读取文件：{path}（{exc.strerror or exc}）"]) from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise RegionImportError(["无法识别文件编码，请将CSV文件保存为UTF-8或GBK编码"]) from exc
    if "\x00" in text:
        raise RegionImportError(["文件中含有无效字符（NUL），请确认是文本格式的CSV文件"])
    try:
        return _limited(
            (number, cells[:MAX_COLUMNS])
            for number, cells in enumerate(csv.reader(io.StringIO(text, newline="")), start=1)
        )
    except csv.Error as exc:
        raise RegionImportError([f"CSV文件格式错误：{exc}"]) from exc


def _xlsx_records(path: Path) -> list[tuple[int, list[str]]]:
    """Rows of the first worksheet, numbered as Excel shows them (the platform's hardened reader)."""
    try:
        return [
            (number, [cell_text(cell.value) for cell in cells]) for number, cells in read_xlsx(path, LIMITS)
        ]
    except SheetError as error:
        raise RegionImportError([error.message]) from error


def _rows_from_records(records: Iterable[tuple[int, Sequence[str]]]) -> list[RegionRow]:
    """Locate the header, map its columns, and turn the remaining non-blank rows into RegionRows."""
    body = ((number, cells) for number, cells in records if any(str(c).strip() for c in cells))
    header = next(body, None)
    if header is None:
        raise RegionImportError(["文件为空：缺少表头行"])
    columns = _map_columns(header[1])

    def cell(cells: Sequence[str], key: str) -> str:
        index = columns.get(key)
        return str(cells[index]).strip() if index is not None and index < len(cells) else ""

    return [
        RegionRow(
            line=number,
            code=normalize_code(cell(cells, "code")),
            name=cell(cells, "name"),
            urban_rural=cell(cells, "urban_rural"),
        )
        for number, cells in body
    ]


def _map_columns(header: Sequence[str]) -> dict[str, int]:
    """Column index of each recognised field; the first matching header wins."""
    titles = [str(title).strip().lower() for title in header]
    wanted = {"code": CODE_COLUMNS, "name": NAME_COLUMNS, "urban_rural": URBAN_RURAL_COLUMNS}
    columns = {
        key: next(i for i, title in enumerate(titles) if title in names)
        for key, names in wanted.items()
        if any(title in names for title in titles)
    }
    errors = [
        f"缺少{label}列（表头可用：{'、'.join(names)}）"
        for key, label, names in (("code", "区划代码", CODE_COLUMNS), ("name", "名称", NAME_COLUMNS))
        if key not in columns
    ]
    if errors:
        raise RegionImportError(errors)
    return columns


# -- validating and saving ----------------------------------------------------------------------


def import_regions(rows: Sequence[RegionRow]) -> ImportSummary:
    """Validate every row, then create or update all of them in one transaction.

    Raises ``RegionImportError`` listing every bad row before anything is written, so a file
    is either imported entirely or not at all.
    """
    with transaction.atomic():
        first_lines = _first_lines(rows)
        existing = _existing_regions(_codes_to_look_up(first_lines))
        known = first_lines.keys() | existing.keys()
        errors: list[str] = []
        resolved: list[_Resolved] = []
        for row in rows:
            row_errors, region = _check_row(row, first_lines, known)
            errors.extend(f"第{row.line}行：{message}" for message in row_errors)
            if region is not None:
                resolved.append(region)
        if errors:
            raise RegionImportError(errors)
        return _save(resolved, existing)


def _first_lines(rows: Sequence[RegionRow]) -> dict[str, int]:
    """The line where each valid code first appears: what the file provides, and for duplicates."""
    first: dict[str, int] = {}
    for row in rows:
        if is_valid_code(row.code):
            first.setdefault(row.code, row.line)
    return first


def _codes_to_look_up(codes: Iterable[str]) -> set[str]:
    """The file's codes plus every possible ancestor: all the database may need to answer."""
    wanted: set[str] = set()
    for code in codes:
        wanted.add(code)
        wanted.update(ancestor_codes(code))
    return wanted


def _existing_regions(codes: set[str]) -> dict[str, tuple[str, int, str | None, str]]:
    """Current values of those codes already in the database, fetched by primary key.

    Batched only to stay under SQLite's bound-parameter limit on province-sized files.
    """
    ordered = sorted(codes)
    found: dict[str, tuple[str, int, str | None, str]] = {}
    for start in range(0, len(ordered), BATCH_SIZE):
        batch = ordered[start : start + BATCH_SIZE]
        rows = (
            Region.objects.unrestricted()
            .filter(code__in=batch)
            .values_list("code", "name", "level", "parent_id", "urban_rural")
        )
        found.update((code, (name, level, parent, kind)) for code, name, level, parent, kind in rows)
    return found


def _check_row(
    row: RegionRow, first_lines: dict[str, int], known: set[str]
) -> tuple[list[str], _Resolved | None]:
    """Every problem of one row, and the resolved region when there is none."""
    errors: list[str] = []
    if not row.name:
        errors.append("名称不能为空")
    elif len(row.name) > NAME_MAX_LENGTH:
        errors.append(f"名称不能超过{NAME_MAX_LENGTH}个字")
    if not row.code:
        return [*errors, "区划代码不能为空"], None
    if not is_valid_code(row.code):
        return [*errors, f'区划代码"{row.code}"应为{CODE_LENGTH}位数字'], None
    if first_lines[row.code] != row.line:
        errors.append(f"区划代码与第{first_lines[row.code]}行重复")
    level = level_of(row.code)
    parent_id, parent_error = _parent_of(row.code, level, known)
    urban_rural, kind_error = _urban_rural_of(row.urban_rural, level)
    errors.extend(error for error in (parent_error, kind_error) if error)
    if errors:
        return errors, None
    return [], _Resolved(row.code, row.name, level, parent_id, urban_rural)


def _parent_of(code: str, level: RegionLevel, known: set[str]) -> tuple[str | None, str | None]:
    """The parent code, or an error when a street or community lacks its fixed parent.

    Districts, cities and provinces hang from their nearest existing ancestor, so a partial
    tree (say one city without its province) still imports, as roots where nothing is above.
    """
    required = REQUIRED_PARENT_LEVEL.get(level)
    if required is not None:
        parent = code[: PREFIX_LENGTH[required]].ljust(CODE_LENGTH, "0")
        if parent in known:
            return parent, None
        return None, f"上级{required.label} {parent} 不存在"
    return next((up for up in ancestor_codes(code) if up in known), None), None


def _urban_rural_of(raw: str, level: RegionLevel) -> tuple[str, str | None]:
    """The stored urban/rural value; only communities have one, and they must."""
    if level != RegionLevel.COMMUNITY:
        return "", None
    if not raw:
        return "", f"{RegionLevel.COMMUNITY.label}须填写城乡分类"
    value = parse_urban_rural(raw)
    if value is None:
        return "", f'无法识别的城乡分类"{raw}"'
    return value, None


def parse_urban_rural(raw: str) -> UrbanRural | None:
    """Map the words and 城乡分类代码 found in real files to a stored value (None if unknown)."""
    text = raw.strip().lower()
    if text.endswith(".0"):
        text = text[:-2]
    if len(text) == 3 and text.isascii() and text.isdigit():
        return URBAN_RURAL_CODE_CLASSES.get(text[0])
    return URBAN_RURAL_WORDS.get(text)


def _save(regions: list[_Resolved], existing: dict[str, tuple[str, int, str | None, str]]) -> ImportSummary:
    """Set-based writes: bulk_create new regions (parents first), bulk_update changed ones."""
    new = sorted((r for r in regions if r.code not in existing), key=lambda r: (r.level, r.code))
    changed = [r for r in regions if r.code in existing and existing[r.code] != r.values()]
    manager = Region.objects.unrestricted()
    manager.bulk_create([r.to_model() for r in new], batch_size=BATCH_SIZE)
    for fields, group in _group_by_changed_fields(changed, existing).items():
        manager.bulk_update([r.to_model() for r in group], list(fields), batch_size=BATCH_SIZE)
    return ImportSummary(
        created=len(new), updated=len(changed), unchanged=len(regions) - len(new) - len(changed)
    )


def _group_by_changed_fields(
    changed: list[_Resolved], existing: dict[str, tuple[str, int, str | None, str]]
) -> dict[tuple[str, ...], list[_Resolved]]:
    """Changed regions keyed by which fields differ.

    bulk_update's cost grows with rows × fields (one CASE per field), and a new edition of the
    code list mostly renames; updating only the changed columns keeps that case fast.
    """
    groups: dict[tuple[str, ...], list[_Resolved]] = {}
    for region in changed:
        fields = tuple(
            field
            for field, old, new in zip(UPDATE_FIELDS, existing[region.code], region.values(), strict=True)
            if old != new
        )
        groups.setdefault(fields, []).append(region)
    return groups
