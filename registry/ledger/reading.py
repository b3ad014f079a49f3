"""Reading an organization ledger: headers to columns, and each row's cells to the values an
organization would hold, with every problem found on the way (row, column, code, message).

Nothing here looks at existing organizations; ``registry.ledger.planning`` matches the rows
against them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from core.errors import Code
from core.spreadsheets import Cell, Record, SheetCode, SheetError, cell_text

from ..choices import FundingSource, PartyBuilding, Tier
from ..divisions import normalize_code
from ..errors import LedgerCode
from ..identifiers import normalize_resident_id, validate_credit_code, validate_mobile, validate_resident_id
from ..models import Category, Organization, Region, ServiceDomain, TargetGroup, User
from ..models.organizations import validate_not_in_future
from . import cells
from .cells import CellError
from .columns import ORGANIZATION_COLUMNS, Column

MASK = "*"
PERSONAL = ("leader_id_number", "leader_phone")
# Where a column's value is stored (the community is found from three columns together).
STORED_AS = {"category": "category_id"}
PLACE_KEYS = ("street", "community", "community_code")
MAX_LENGTHS = {
    name: Organization._meta.get_field(name).max_length for name in ("name", "leader_name", "venue")
}


@dataclass(frozen=True)
class Issue:
    line: int
    column: str
    code: str
    message: str
    warning: bool = False


@dataclass
class ParsedRow:
    """One data row: the values read (by stored field name), which personal fields came masked, and
    the row's problems so far."""

    line: int
    values: dict[str, Any] = field(default_factory=dict)
    masked: set[str] = field(default_factory=set)
    issues: list[Issue] = field(default_factory=list)
    foreign_code: str = ""  # a community code not in the uploader's jurisdiction

    def fail(self, column: str, code: str, message: str) -> None:
        self.issues.append(Issue(self.line, column, code, message))

    def warn(self, column: str, code: str, message: str) -> None:
        self.issues.append(Issue(self.line, column, code, message, warning=True))

    @property
    def ok(self) -> bool:
        return not any(not issue.warning for issue in self.issues)


def _keyed(pairs: Sequence[tuple[str, object]]) -> dict[str, object]:
    return {key: value for key, value in pairs}


@dataclass
class Vocabularies:
    """The lists a row's cells are looked up in, loaded once per file."""

    tiers: dict[str, object]
    categories: dict[str, object]
    domains: dict[str, object]
    target_groups: dict[str, object]
    party: dict[str, object]
    funding: dict[str, object]

    @classmethod
    def load(cls) -> Vocabularies:
        def both(rows: Sequence[tuple[str, str, object]]) -> dict[str, object]:
            return {
                **_keyed([(code, value) for code, _, value in rows]),
                **_keyed([(n, v) for _, n, v in rows]),
            }

        return cls(
            tiers=both([(value, label, value) for value, label in Tier.choices]),
            categories=both(list(Category.objects.filter(is_active=True).values_list("code", "name", "pk"))),
            domains=both(list(ServiceDomain.objects.values_list("code", "name", "pk"))),
            target_groups=both(list(TargetGroup.objects.values_list("code", "name", "pk"))),
            party=both([(value, label, value) for value, label in PartyBuilding.choices]),
            funding=both([(value, label, value) for value, label in FundingSource.choices]),
        )


@dataclass
class Places:
    """The communities of the uploader's jurisdiction, by code and by name."""

    by_code: dict[str, tuple[str, str]]  # code → (name, street name)
    by_name: dict[str, list[str]]

    @classmethod
    def load(cls, actor: User) -> Places:
        rows = Region.objects.for_user(actor).communities().values_list("code", "name", "parent__name")
        by_code = {code: (name, street or "") for code, name, street in rows}
        by_name: dict[str, list[str]] = {}
        for code, (name, _) in by_code.items():
            by_name.setdefault(_normal(name), []).append(code)
        return cls(by_code, by_name)


def _normal(header: object) -> str:
    return "".join(unicodedata.normalize("NFKC", cell_text(header)).split())


def map_columns(
    header: Sequence[Cell],
    columns: Sequence[Column] = ORGANIZATION_COLUMNS,
    either: dict[str, tuple[str, ...]] | None = None,
) -> dict[str, int]:
    """Column index of each ledger column present; missing required columns refuse the file, and so
    does a missing group of ``either`` (at least one column of each group must be there)."""
    wanted = {_normal(column.header): column for column in columns if column.imported}
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        column = wanted.get(_normal(cell.value))
        if column is not None and column.key not in found:
            found[column.key] = index
    missing = [c.header for c in columns if c.required and c.key not in found]
    groups = {"社区/村 或 区划代码": ("community", "community_code")} if either is None else either
    missing += [label for label, keys in groups.items() if not any(key in found for key in keys)]
    if missing:
        raise SheetError(
            SheetCode.MISSING_COLUMNS,
            f"表头缺少以下列：{'、'.join(missing)}。请使用平台提供的导入模板（第一行为表头）",
        )
    return found


def read_rows(records: list[Record], actor: User, progress: Callable[[int], None]) -> list[ParsedRow]:
    """Every data row read and checked on its own; the first non-blank row is the header."""
    if not records:
        raise SheetError(SheetCode.NO_HEADER, "文件中没有内容：第一行应为表头")
    columns = map_columns(records[0][1])
    if len(records) == 1:
        raise SheetError(SheetCode.NO_DATA, "文件中只有表头，没有组织数据")
    reader = _RowReader(columns, Vocabularies.load(), Places.load(actor))
    parsed = []
    for done, (line, row) in enumerate(records[1:], start=1):
        parsed.append(reader.read(line, row))
        if done % 1000 == 0:
            progress(done)
    name_foreign_communities(parsed)
    return parsed


def name_foreign_communities(rows: list[ParsedRow]) -> None:
    """A community code that exists outside the uploader's jurisdiction is said to be outside it (one
    query for the whole file); one that exists nowhere stays unknown."""
    foreign = {row.foreign_code for row in rows if row.foreign_code}
    if not foreign:
        return
    outside = set(
        Region.objects.unrestricted().filter(code__in=foreign).communities().values_list("code", flat=True)
    )
    for row in rows:
        if row.foreign_code in outside:
            row.issues = [
                Issue(
                    row.line,
                    "区划代码",
                    Code.OUTSIDE_JURISDICTION,
                    f"社区/村“{row.foreign_code}”不在您的辖区内，不能导入",
                )
                if issue.code == LedgerCode.UNKNOWN_COMMUNITY
                else issue
                for issue in row.issues
            ]


def usable(parsed: ParsedRow, column: Column, cell: Cell) -> bool:
    """Whether a cell can be read: a formula, or a required cell left blank, is the row's error."""
    if cell.formula:
        parsed.fail(column.header, LedgerCode.FORMULA, "单元格中是公式，请复制后“粘贴为数值”再上传")
        return False
    if column.required and not cell_text(cell.value):
        parsed.fail(column.header, Code.REQUIRED, f"“{column.header}”不能为空")
        return False
    return True


def read_value(parsed: ParsedRow, column: Column, convert: Callable[[], object]) -> None:
    """Store ``convert()`` as the column's value, or its error as the row's."""
    try:
        parsed.values[column.key] = convert()
    except CellError as error:
        parsed.fail(column.header, error.code, error.message)
    except ValidationError as error:
        parsed.fail(column.header, error.code or Code.INVALID, error.messages[0])


class _RowReader:
    def __init__(self, columns: dict[str, int], vocabularies: Vocabularies, places: Places) -> None:
        self.columns, self.vocabularies, self.places = columns, vocabularies, places
        self.by_key = {column.key: column for column in ORGANIZATION_COLUMNS}

    def read(self, line: int, row: Sequence[Cell]) -> ParsedRow:
        parsed = ParsedRow(line)
        for key, index in self.columns.items():
            if key in PLACE_KEYS:
                continue
            column = self.by_key[key]
            cell = row[index] if index < len(row) else Cell(None)
            if usable(parsed, column, cell):
                self._read_cell(parsed, column, cell.value)
        self._read_place(parsed, row)
        return parsed

    def _read_cell(self, parsed: ParsedRow, column: Column, value: object) -> None:
        try:
            parsed.values[STORED_AS.get(column.key, column.key)] = self._value(column, value, parsed)
        except CellError as error:
            parsed.fail(column.header, error.code, error.message)
        except ValidationError as error:
            parsed.fail(column.header, error.code or Code.INVALID, error.messages[0])

    def _value(self, column: Column, value: object, parsed: ParsedRow) -> object:
        key, v = column.key, self.vocabularies
        lists = {
            "tier": (v.tiers, "管理方式"),
            "category": (v.categories, "组织类别"),
            "party_building": (v.party, "党建情况"),
        }
        many = {
            "domains": (v.domains, "服务领域"),
            "target_groups": (v.target_groups, "服务对象"),
            "funding_sources": (v.funding, "经费来源"),
        }
        if key == "party_building" and not cell_text(value):
            return PartyBuilding.NONE
        if key in lists:
            return cells.choice(value, *lists[key])
        if key in many:
            return cells.choices(value, *many[key])
        if key == "founded_on":
            founded = cells.date(value)
            validate_not_in_future(founded)
            return founded
        if key == "member_count":
            return cells.positive_integer(value)
        if key == "leader_party_member":
            return cells.yes_no(value)
        if key in PERSONAL:
            return self._personal(key, value, parsed)
        if key == "credit_code":
            code = cells.code_text(value)
            if code:
                validate_credit_code(code)
            return code
        text = cells.text(value)
        if len(text) > MAX_LENGTHS.get(key, 10_000):
            raise CellError(Code.TOO_LONG, f"不能超过{MAX_LENGTHS[key]}个字")
        return text

    def _personal(self, key: str, value: object, parsed: ParsedRow) -> str:
        raw = cells.code_text(value)
        if MASK in raw:
            parsed.masked.add(key)  # the export's masked value: judged against the matched organization
            return raw
        if key == "leader_id_number":
            raw = normalize_resident_id(raw)
            validate_resident_id(raw)
        else:
            validate_mobile(raw)
        return raw

    def _read_place(self, parsed: ParsedRow, row: Sequence[Cell]) -> None:
        read_place(parsed, row, self.columns, self.places)


def read_place(parsed: ParsedRow, row: Sequence[Cell], columns: dict[str, int], places: Places) -> None:
    """The community of a row, from its division code or its name (and street): ``community_id``."""

    def read(key: str) -> str:
        index = columns.get(key)
        return cell_text(row[index].value) if index is not None and index < len(row) else ""

    code, name, street = cells.code_text(read("community_code")), read("community"), read("street")
    if code:
        code = normalize_code(code)
        if code not in places.by_code:
            parsed.fail("区划代码", LedgerCode.UNKNOWN_COMMUNITY, f"区划代码“{code}”不是已知的社区或村")
            parsed.foreign_code = code
            return
        parsed.values["community_id"] = code
        return
    if not name:
        parsed.fail("社区/村", Code.REQUIRED, "须填写“社区/村”或“区划代码”")
        return
    codes = places.by_name.get(_normal(name), [])
    if street:
        codes = [c for c in codes if _normal(places.by_code[c][1]) == _normal(street)] or codes
    if not codes:
        parsed.fail("社区/村", LedgerCode.UNKNOWN_COMMUNITY, f"您的辖区内没有名为“{name}”的社区或村")
    elif len(codes) > 1:
        parsed.fail(
            "社区/村",
            LedgerCode.AMBIGUOUS_COMMUNITY,
            f"辖区内有{len(codes)}个名为“{name}”的社区或村，请填写“街道/乡镇”或 12 位区划代码",
        )
    else:
        parsed.values["community_id"] = codes[0]
