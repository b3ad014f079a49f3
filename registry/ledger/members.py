"""The federation member ledger (联合会会员): organizations to add to a street's federation.

Each row names a member organization by its name (and, to tell namesakes apart, its credit code) and
the street whose federation it joins; a street's own staff may leave the street blank. Only an
active organization of that street, inside the uploader's jurisdiction, can join; one that is already
a member is left as it is. The members are added through ``federation_update`` (one trail event per
federation), the federation's existing members kept.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

from core.errors import Code
from core.spreadsheets import Cell, Record, SheetCode, SheetError, cell_text

from ..choices import OrganizationStatus, RegionLevel, RowAction
from ..errors import LedgerCode, RegistryCode
from ..models import Federation, Organization, Region, User
from ..services.networks import federation_update
from . import cells
from .columns import Column
from .planning import Plan, PlannedRow
from .reading import ParsedRow, map_columns, usable

NO_OBJECT: Callable[[Any], object] = lambda member: ""  # noqa: E731 - the federation export has its own layout

MEMBER_COLUMNS: tuple[Column, ...] = (
    Column(
        "street",
        "街道/乡镇",
        "联合会所在街道或乡镇的名称或区划代码；街道（乡镇）工作人员可不填，即本街道（乡镇）",
        NO_OBJECT,
        width=16,
    ),
    Column(
        "name",
        "会员组织",
        "加入联合会的组织的全称，须为该街道（乡镇）的在册组织",
        NO_OBJECT,
        required=True,
        width=30,
    ),
    Column("credit_code", "统一社会信用代码", "可不填；填写时按代码查找组织", NO_OBJECT, width=21),
)
HEADERS = {column.key: column.header for column in MEMBER_COLUMNS}
TEXT_KEYS = ("street", "credit_code")
NOTES = (
    "每行一个会员组织；已是会员的组织不变，联合会现有的会员保留。",
    "上传后平台先检查每一行并列出将加入的组织及全部错误，确认后才导入。",
)


def _normal(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def plan_members(actor: User, records: list[Record], progress: Callable[[int], None]) -> Plan:
    """What each row would do, and every problem, without writing anything."""
    if not records:
        raise SheetError(SheetCode.NO_HEADER, "文件中没有内容：第一行应为表头")
    columns = map_columns(records[0][1], MEMBER_COLUMNS, either={})
    if len(records) == 1:
        raise SheetError(SheetCode.NO_DATA, "文件中只有表头，没有会员数据")
    planner = _Planner(actor, [row for _, row in records[1:]], columns)
    plan = Plan(rows=[], issues=[])
    for line, row in records[1:]:
        parsed = ParsedRow(line)
        plan.rows.append(planner.plan(parsed, row))
        plan.issues += parsed.issues
    progress(len(records) - 1)
    return plan


class _Planner:
    """The streets, federations and organizations a file may name, loaded once."""

    def __init__(self, actor: User, rows: list[Sequence[Cell]], columns: dict[str, int]) -> None:
        self.actor, self.columns = actor, columns
        streets = Region.objects.for_user(actor).filter(level=RegionLevel.STREET)
        self.streets: dict[str, list[Region]] = {}
        for street in streets:
            for key in (street.code, street.prefix, _normal(street.name)):
                self.streets.setdefault(key, []).append(street)
        own = [street for street in streets if street.code == actor.region_id]
        self.own = own[0] if own else None
        federations = Federation.objects.for_user(actor, "change").prefetch_related("members")
        self.federations = {fed.street_id: fed for fed in federations}
        self.members = {fed.street_id: {org.pk for org in fed.members.all()} for fed in federations}
        names = {_normal(self._text(row, "name")) for row in rows} - {""}
        codes = {cells.code_text(self._text(row, "credit_code")) for row in rows} - {""}
        visible = Organization.objects.for_user(actor).only(
            "id", "name", "credit_code", "community_id", "status"
        )
        found = list(visible.filter(name__in=names)) + list(visible.filter(credit_code__in=codes))
        self.by_name: dict[str, list[Organization]] = {}
        self.by_code: dict[str, Organization] = {}
        for org in {org.pk: org for org in found}.values():
            self.by_name.setdefault(_normal(org.name), []).append(org)
            if org.credit_code:
                self.by_code[org.credit_code] = org
        self.seen: dict[tuple[str, int], int] = {}

    def _text(self, row: Sequence[Cell], key: str) -> str:
        index = self.columns.get(key)
        return cell_text(row[index].value) if index is not None and index < len(row) else ""

    def plan(self, parsed: ParsedRow, row: Sequence[Cell]) -> PlannedRow:
        for column in MEMBER_COLUMNS:
            index = self.columns.get(column.key)
            usable(parsed, column, row[index] if index is not None and index < len(row) else Cell(None))
        name = self._text(row, "name")
        street = self._street(parsed, self._text(row, "street")) if parsed.ok else None
        org = (
            self._organization(parsed, name, cells.code_text(self._text(row, "credit_code")))
            if street
            else None
        )
        if org is None or not parsed.ok:
            return PlannedRow(parsed.line, RowAction.ERROR, name)
        federation = self.federations.get(street.code)
        column = HEADERS["name"]
        if federation is None:
            parsed.fail(HEADERS["street"], LedgerCode.NO_FEDERATION, f"{street.name}尚未设立联合会")
        elif not org.community_id.startswith(street.prefix):
            parsed.fail(column, RegistryCode.MEMBER_OUTSIDE_STREET, f"“{org.name}”不属于{street.name}")
        elif org.pk == federation.organization_id:
            parsed.fail(column, RegistryCode.HUB_AS_MEMBER, "联合会本身不能作为会员")
        elif org.status != OrganizationStatus.ACTIVE:
            parsed.fail(column, RegistryCode.MEMBER_INACTIVE, f"“{org.name}”不是在册组织，不能入会")
        elif (earlier := self.seen.setdefault((street.code, org.pk), parsed.line)) != parsed.line:
            parsed.fail(column, LedgerCode.DUPLICATE_IN_FILE, f"与第{earlier}行是同一组织")
        if not parsed.ok:
            return PlannedRow(parsed.line, RowAction.ERROR, name)
        joined = org.pk in self.members[street.code]
        action = RowAction.UNCHANGED if joined else RowAction.CREATE
        planned = PlannedRow(parsed.line, action, org.name, org.pk, values={"street": street.code})
        planned.subject_id = federation.pk
        return planned

    def _street(self, parsed: ParsedRow, raw: str) -> Region | None:
        if not raw:
            if self.own is None:
                parsed.fail(HEADERS["street"], Code.REQUIRED, "请填写联合会所在的街道/乡镇")
            return self.own
        found = self.streets.get(cells.code_text(raw)) or self.streets.get(_normal(raw), [])
        if len(found) == 1:
            return found[0]
        if found:
            parsed.fail(
                HEADERS["street"], LedgerCode.AMBIGUOUS_COMMUNITY, f"辖区内有多个“{raw}”，请填写区划代码"
            )
        else:
            parsed.fail(HEADERS["street"], Code.OUTSIDE_JURISDICTION, f"您的辖区内没有街道/乡镇“{raw}”")
        return None

    def _organization(self, parsed: ParsedRow, name: str, code: str) -> Organization | None:
        if code:
            org = self.by_code.get(code)
            if org is None:
                parsed.fail(
                    HEADERS["credit_code"],
                    LedgerCode.UNKNOWN_ORGANIZATION,
                    f"辖区内没有统一社会信用代码为“{code}”的组织",
                )
            return org
        found = self.by_name.get(_normal(name), [])
        if len(found) > 1:
            parsed.fail(
                HEADERS["name"],
                LedgerCode.AMBIGUOUS_ORGANIZATION,
                f"辖区内有{len(found)}个“{name}”，请填写统一社会信用代码",
            )
        elif not found:
            parsed.fail(HEADERS["name"], LedgerCode.UNKNOWN_ORGANIZATION, f"辖区内没有名为“{name}”的组织")
        return found[0] if len(found) == 1 else None


def members_write(*, actor: User, plan: Plan, reason: str) -> None:
    """Add the plan's organizations to their federations through ``federation_update``, keeping the
    members each federation has, inside the caller's transaction."""
    joining: dict[int, set[int]] = {}
    for row in plan.creates:
        joining.setdefault(row.subject_id, set()).add(row.organization_id)
    for federation in Federation.objects.for_user(actor, "change").filter(pk__in=list(joining)):
        kept = set(
            Federation.members.through.objects.filter(federation=federation).values_list(
                "organization_id", flat=True
            )
        )
        members = Organization.objects.unrestricted().filter(pk__in=kept | joining[federation.pk])
        federation_update(actor=actor, federation_id=federation.pk, data={"members": list(members)})
