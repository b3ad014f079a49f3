"""Matching a ledger's rows against the organizations already registered: what each row would do.

A row is the same organization as an existing one when it carries the same credit code, or the same
name in the same street; it then updates that organization (only the columns that differ) instead of
creating a twin. Names that differ only in spaces, character width or a final 社/队 are flagged for a
person to judge. Two rows of one file that are the same organization are an error on the later one.
The plan is computed with a handful of set-based queries, whatever the file's size.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models.functions import Substr

from ..choices import OrganizationStatus, RowAction, Tier
from ..errors import LedgerCode, RegistryCode
from ..identifiers import mask_phone, mask_resident_id
from ..models import Organization, User
from .cells import near_key
from .columns import ORGANIZATION_COLUMNS
from .reading import Issue, ParsedRow

M2M = ("domains", "target_groups")
SCALARS = (
    "name",
    "tier",
    "category_id",
    "community_id",
    "founded_on",
    "member_count",
    "leader_name",
    "leader_id_number",
    "leader_phone",
    "leader_party_member",
    "credit_code",
    "party_building",
    "funding_sources",
    "venue",
)
HEADERS = {"category_id": "组织类别", "community_id": "社区/村"} | {
    column.key: column.header for column in ORGANIZATION_COLUMNS
}
MASKERS = {"leader_id_number": mask_resident_id, "leader_phone": mask_phone}
TIER_LABELS = dict(Tier.choices)


@dataclass
class PlannedRow:
    line: int
    action: RowAction
    name: str
    organization_id: int | None = None
    changes: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    subject_id: int | None = None  # what a row of another kind than organizations changes


@dataclass
class Plan:
    rows: list[PlannedRow]
    issues: list[Issue]

    def counts(self) -> dict[str, int]:
        counts = {action.value: 0 for action in RowAction}
        for row in self.rows:
            counts[row.action] += 1
        errors = sum(1 for issue in self.issues if not issue.warning)
        return {**counts, "rows": len(self.rows), "errors": errors, "warnings": len(self.issues) - errors}

    @property
    def creates(self) -> list[PlannedRow]:
        return [row for row in self.rows if row.action == RowAction.CREATE]

    @property
    def updates(self) -> list[PlannedRow]:
        return [row for row in self.rows if row.action == RowAction.UPDATE]


def _same(field_name: str, old: Any, new: Any) -> bool:
    if field_name in M2M or field_name == "funding_sources":
        return set(old or ()) == set(new or ())
    return old == new


class _Existing:
    """The organizations a file may touch: those of its streets (in the uploader's view) and those
    holding its credit codes, with their service domains and target groups; plus which credit codes
    any organization anywhere already holds (the code is unique platform-wide)."""

    def __init__(self, actor: User, rows: list[ParsedRow]) -> None:
        streets = {row.values["community_id"][:9] for row in rows if "community_id" in row.values}
        codes = {row.values.get("credit_code") for row in rows} - {None, ""}
        visible = Organization.objects.for_user(actor).annotate(street=Substr("community_id", 1, 9))
        found = list(visible.filter(street__in=streets).values("id", "status", "street", *SCALARS))
        found += list(
            visible.filter(credit_code__in=codes)
            .exclude(street__in=streets)
            .values("id", "status", "street", *SCALARS)
        )
        self.orgs = {org["id"]: org for org in found}
        for name in M2M:
            for org in self.orgs.values():
                org[name] = set()
            through = Organization._meta.get_field(name).remote_field.through
            target = f"{Organization._meta.get_field(name).m2m_reverse_name()}"
            pairs = through.objects.filter(organization_id__in=list(self.orgs)).values_list(
                "organization_id", target
            )
            for org_id, item in pairs:
                self.orgs[org_id][name].add(item)
        self.by_credit = {org["credit_code"]: org["id"] for org in found if org["credit_code"]}
        self.by_name: dict[tuple[str, str], int] = {}
        self.near: dict[tuple[str, str], list[str]] = {}
        # Active organizations win a name: the name is unique in a street only among them.
        for org in sorted(found, key=lambda org: org["status"] == OrganizationStatus.ACTIVE):
            self.by_name[org["street"], org["name"]] = org["id"]
            self.near.setdefault((org["street"], near_key(org["name"])), []).append(org["name"])
        taken = (
            Organization.objects.unrestricted().filter(credit_code__in=codes).values_list("credit_code", "id")
        )
        self.credit_holders = dict(taken)


def plan_organizations(*, actor: User, rows: list[ParsedRow]) -> Plan:
    """What each row would do, and every problem, without writing anything."""
    existing = _Existing(actor, [row for row in rows if row.ok])
    planner = _Planner(actor, existing)
    planned = [planner.plan(row) for row in rows]
    issues = [issue for row in rows for issue in row.issues]
    return Plan(rows=planned, issues=sorted(issues, key=lambda issue: issue.line))


class _Planner:
    def __init__(self, actor: User, existing: _Existing) -> None:
        self.actor, self.existing = actor, existing
        self.tiers = actor.editable_tiers
        self.seen_orgs: dict[int, int] = {}
        self.seen_names: dict[tuple[str, str], int] = {}
        self.seen_near: dict[tuple[str, str], tuple[int, str]] = {}

    def plan(self, row: ParsedRow) -> PlannedRow:
        name = row.values.get("name", "")
        if not row.ok:
            return PlannedRow(row.line, RowAction.ERROR, name)
        street = row.values["community_id"][:9]
        credit = row.values.get("credit_code", "")
        match = self.existing.by_credit.get(credit) if credit else None
        match = match or self.existing.by_name.get((street, name))
        earlier = self.seen_orgs.get(match) if match else self.seen_names.get((street, name))
        if earlier:
            row.fail(
                "组织名称", LedgerCode.DUPLICATE_IN_FILE, f"与第{earlier}行是同一组织，同一组织只能出现一次"
            )
            return PlannedRow(row.line, RowAction.ERROR, name)
        self.seen_names[street, name] = row.line
        if match:
            self.seen_orgs[match] = row.line
            planned = self._update(row, self.existing.orgs[match])
        else:
            planned = self._create(row, street)
        if planned.action != RowAction.ERROR:
            self._check_credit_code(row, planned)
        return PlannedRow(row.line, RowAction.ERROR, name) if not row.ok else planned

    def _update(self, row: ParsedRow, org: dict[str, Any]) -> PlannedRow:
        values = dict(row.values)
        for key in row.masked:
            if MASKERS[key](org[key]) == values[key]:
                values[key] = org[key]  # the export's masked value: unchanged
            else:
                row.fail(
                    HEADERS[key],
                    LedgerCode.MASKED,
                    f"“{HEADERS[key]}”是脱敏的号码，与该组织现有的不符，请填写完整号码",
                )
        changes = [key for key in (*SCALARS, *M2M) if key in values and not _same(key, org[key], values[key])]
        planned = PlannedRow(
            row.line, RowAction.UPDATE, org["name"], org["id"], changes, {k: values[k] for k in changes}
        )
        if not changes:
            planned.action = RowAction.UNCHANGED
            return planned
        if org["status"] != OrganizationStatus.ACTIVE:
            row.fail("组织名称", RegistryCode.NOT_ACTIVE, f"“{org['name']}”已不在册，不能通过导入修改")
        for tier in {org["tier"], values.get("tier", org["tier"])}:
            self._check_tier(row, tier)
        final = {**org, **values}
        self._check_tier_code(row, final)
        if "name" in changes or "community_id" in changes:
            holder = self.existing.by_name.get((final["community_id"][:9], final["name"]))
            if (
                holder
                and holder != org["id"]
                and self.existing.orgs[holder]["status"] == OrganizationStatus.ACTIVE
            ):
                row.fail("组织名称", RegistryCode.DUPLICATE_NAME, "本街道（乡镇）已有同名的在册组织")
        return planned

    def _create(self, row: ParsedRow, street: str) -> PlannedRow:
        values = row.values
        for key in sorted(row.masked):
            row.fail(
                HEADERS[key], LedgerCode.MASKED, f"新建组织须填写完整的“{HEADERS[key]}”，不能是脱敏的号码"
            )
        self._check_tier(row, values["tier"])
        self._check_tier_code(row, values)
        key = (street, near_key(values["name"]))
        similar = [n for n in self.existing.near.get(key, []) if n != values["name"]]
        if similar:
            row.warn(
                "组织名称",
                LedgerCode.NEAR_DUPLICATE,
                f"与已有组织“{similar[0]}”名称相近，请核实是否为同一组织",
            )
        elif key in self.seen_near and self.seen_near[key][1] != values["name"]:
            line, other = self.seen_near[key]
            row.warn(
                "组织名称", LedgerCode.NEAR_DUPLICATE, f"与第{line}行“{other}”名称相近，请核实是否为同一组织"
            )
        self.seen_near.setdefault(key, (row.line, values["name"]))
        return PlannedRow(row.line, RowAction.CREATE, values["name"], values=dict(values))

    def _check_tier(self, row: ParsedRow, tier: str) -> None:
        if tier not in self.tiers:
            row.fail(
                "管理方式", RegistryCode.TIER_NOT_ALLOWED, f"您无权登记或修改“{TIER_LABELS[tier]}”的组织"
            )

    def _check_tier_code(self, row: ParsedRow, values: dict[str, Any]) -> None:
        registered = values["tier"] == Tier.REGISTERED
        if registered != bool(values.get("credit_code")):
            row.fail(
                "统一社会信用代码",
                RegistryCode.CREDIT_CODE_TIER,
                "依法登记的组织须填写统一社会信用代码，其他组织不填",
            )

    def _check_credit_code(self, row: ParsedRow, planned: PlannedRow) -> None:
        code = planned.values.get("credit_code") or ""
        holder = self.existing.credit_holders.get(code) if code else None
        if holder and holder != planned.organization_id:
            row.fail(
                "统一社会信用代码", RegistryCode.DUPLICATE_CREDIT_CODE, "该统一社会信用代码已被其他组织使用"
            )


def changed_headers(fields: Iterable[str]) -> list[str]:
    return [HEADERS.get(name, name) for name in fields]
