"""The social-work talent ledger (社会工作人才): one row per person, matched on the certificate number.

A row whose certificate number is already registered in the uploader's jurisdiction updates that
entry (only the columns that differ); one registered outside it is an error (the number is unique
platform-wide); any other row adds a person. The talent export writes these same columns, so an
exported file imports back unchanged. Writes go through the register's own services.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from core.errors import Code
from core.spreadsheets import Cell, Record, SheetCode, SheetError, cell_text

from ..choices import QualificationLevel, RowAction
from ..errors import LedgerCode
from ..models import Region, SocialWorker, User
from ..services.networks import social_worker_create, social_worker_update
from . import cells
from .cells import CellError
from .columns import NO, YES, Column
from .planning import Plan, PlannedRow
from .reading import (
    PLACE_KEYS,
    ParsedRow,
    Places,
    map_columns,
    name_foreign_communities,
    read_place,
    read_value,
    usable,
)

TALENT_COLUMNS: tuple[Column, ...] = (
    Column("name", "姓名", "人才的姓名", lambda w: w.name, required=True, width=10),
    Column(
        "qualification",
        "职业资格",
        "从下拉列表中选择",
        lambda w: QualificationLevel(w.qualification).label,
        required=True,
        choices=lambda: list(QualificationLevel.labels),
        width=16,
    ),
    Column(
        "certificate_number",
        "证书编号",
        "职业资格证书编号，平台内唯一；已登记的编号视为修改该人才",
        lambda w: w.certificate_number,
        required=True,
        width=20,
    ),
    Column("certified_on", "取得资格日期", "如 2024-05-01，可不填", lambda w: w.certified_on, width=12),
    Column("street", "街道/乡镇", "按名称查找社区时用于区分同名社区", lambda w: w.community.parent.name),
    Column(
        "community", "社区/村", "所在社区或村的名称（填写了区划代码时以代码为准）", lambda w: w.community.name
    ),
    Column(
        "community_code",
        "区划代码",
        "12 位统计用区划代码；与“社区/村”至少填一项",
        lambda w: w.community_id,
        width=16,
    ),
    Column(
        "is_active",
        "在岗",
        "是或否，不填为是",
        lambda w: YES if w.is_active else NO,
        choices=lambda: [YES, NO],
    ),
)
HEADERS = {column.key: column.header for column in TALENT_COLUMNS} | {"community": "社区/村"}
TEXT_KEYS = ("certificate_number", "community_code")
NOTES = (
    "证书编号已在本辖区登记的行修改该人才的信息（只改不同的列），其他行新登记人才。",
    "上传后平台先检查每一行并列出将新登记、修改和跳过的人才及全部错误，确认后才导入。",
)
FIELDS = ("name", "qualification", "certificate_number", "certified_on", "community_id", "is_active")
QUALIFICATIONS = {label: value for value, label in QualificationLevel.choices} | {
    value: value for value in QualificationLevel.values
}
MAX_LENGTHS = {name: SocialWorker._meta.get_field(name).max_length for name in ("name", "certificate_number")}


def plan_talent(actor: User, records: list[Record], progress: Callable[[int], None]) -> Plan:
    """What each row would do, and every problem, without writing anything."""
    if not records:
        raise SheetError(SheetCode.NO_HEADER, "文件中没有内容：第一行应为表头")
    columns = map_columns(records[0][1], TALENT_COLUMNS)
    if len(records) == 1:
        raise SheetError(SheetCode.NO_DATA, "文件中只有表头，没有人才数据")
    places = Places.load(actor)
    rows = [_read(line, row, columns, places) for line, row in records[1:]]
    name_foreign_communities(rows)
    progress(len(rows))
    numbers = {row.values.get("certificate_number") for row in rows} - {None}
    mine = {
        worker["certificate_number"]: worker
        for worker in SocialWorker.objects.for_user(actor, "change")
        .filter(certificate_number__in=numbers)
        .values("id", *FIELDS)
    }
    taken = set(
        SocialWorker.objects.unrestricted()
        .filter(certificate_number__in=numbers)
        .values_list("certificate_number", flat=True)
    )
    seen: dict[str, int] = {}
    planned = [_plan_row(row, mine, taken, seen) for row in rows]
    issues = sorted((issue for row in rows for issue in row.issues), key=lambda issue: issue.line)
    return Plan(rows=planned, issues=issues)


def _plan_row(row: ParsedRow, mine: dict[str, dict], taken: set[str], seen: dict[str, int]) -> PlannedRow:
    values, name = row.values, row.values.get("name", "")
    number = values.get("certificate_number", "")
    if number and seen.setdefault(number, row.line) != row.line:
        row.fail(
            HEADERS["certificate_number"], LedgerCode.DUPLICATE_IN_FILE, f"与第{seen[number]}行的证书编号相同"
        )
    elif number in taken and number not in mine:
        row.fail(HEADERS["certificate_number"], Code.OUTSIDE_JURISDICTION, "该证书编号已在您辖区以外登记")
    if not row.ok:
        return PlannedRow(row.line, RowAction.ERROR, name)
    existing = mine.get(number)
    if existing is None:
        return PlannedRow(row.line, RowAction.CREATE, name, values=dict(values))
    changes = [key for key in FIELDS if key in values and existing[key] != values[key]]
    action = RowAction.UPDATE if changes else RowAction.UNCHANGED
    headers = [HEADERS["community" if key == "community_id" else key] for key in changes]
    planned = PlannedRow(row.line, action, name, changes=headers, values={k: values[k] for k in changes})
    planned.subject_id = existing["id"]
    return planned


def _read(line: int, row: Sequence[Cell], columns: dict[str, int], places: Places) -> ParsedRow:
    parsed = ParsedRow(line)
    for column in TALENT_COLUMNS:
        if column.key in PLACE_KEYS or column.key not in columns:
            continue
        index = columns[column.key]
        cell = row[index] if index < len(row) else Cell(None)
        if usable(parsed, column, cell):
            read_value(parsed, column, lambda key=column.key, value=cell.value: _value(key, value))
    read_place(parsed, row, columns, places)
    return parsed


def _value(key: str, value: object) -> object:
    if key == "qualification":
        return cells.choice(value, QUALIFICATIONS, "职业资格")
    if key == "certified_on":
        return cells.date(value) if cell_text(value) else None
    if key == "is_active":
        return cells.yes_no(value) if cell_text(value) else True
    text = cells.code_text(value) if key == "certificate_number" else cells.text(value)
    if len(text) > MAX_LENGTHS[key]:
        raise CellError(Code.TOO_LONG, f"不能超过{MAX_LENGTHS[key]}个字")
    return text


def _data(values: dict[str, Any], communities: dict[str, Region]) -> dict[str, Any]:
    data = {key: value for key, value in values.items() if key != "community_id"}
    if "community_id" in values:
        data["community"] = communities[values["community_id"]]
    return data


def talent_write(*, actor: User, plan: Plan, reason: str) -> None:
    """Add and change the plan's people through the register's services, inside the caller's
    transaction (each with its trail event)."""
    codes = {row.values["community_id"] for row in plan.rows if "community_id" in row.values}
    communities = Region.objects.unrestricted().in_bulk(codes)
    for row in plan.creates:
        social_worker_create(actor=actor, data=_data(row.values, communities))
    for row in plan.updates:
        social_worker_update(
            actor=actor, social_worker_id=row.subject_id, data=_data(row.values, communities)
        )
