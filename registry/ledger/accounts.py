"""The account ledger (批量开设账号): one row per account to open in the uploader's jurisdiction.

Each row is checked by the rules of account management themselves (``check_grant`` and the account's
own validation): a street cannot open a bureau account nor one in another street, and an
organization's account only for an organization it manages. The dry run writes nothing; the import
opens every valid account through ``account_open``, each with a one-time password.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.db.models.functions import Lower

from core.errors import Code
from core.spreadsheets import Cell, Record, SheetCode, SheetError, cell_text

from ..choices import Role, RowAction
from ..errors import LedgerCode, RegistryCode
from ..models import Organization, Region, User
from ..permissions import grantable_roles
from ..services.passwords import account_open
from ..services.users import check_grant
from . import cells
from .columns import Column
from .planning import Plan, PlannedRow
from .reading import ParsedRow, map_columns, usable

# Opened in the request that confirms them (their one-time passwords go back in that response only),
# so a file is kept small: hashing one password takes about 0.35 s with the production hasher.
MAX_ACCOUNTS = 50
NO_OBJECT: Callable[[Any], object] = lambda account: ""  # noqa: E731 - nothing is exported


def _roles() -> list[str]:
    return [label for value, label in Role.choices if value != Role.APPLICANT]


ACCOUNT_COLUMNS: tuple[Column, ...] = (
    Column(
        "username", "用户名", "登录用的用户名，平台内唯一（不区分大小写）", NO_OBJECT, required=True, width=16
    ),
    Column("full_name", "姓名", "使用账号的人的姓名", NO_OBJECT, required=True, width=10),
    Column(
        "role", "角色", "从下拉列表中选择；只能开设本级及以下的角色", NO_OBJECT, required=True, choices=_roles
    ),
    Column(
        "region", "辖区代码", "工作人员账号所在辖区的统计用区划代码（须在您的辖区内）", NO_OBJECT, width=16
    ),
    Column(
        "organization",
        "组织名称或统一社会信用代码",
        "组织负责人账号所属的组织（须为您管理的组织）；其他角色不填",
        NO_OBJECT,
        width=30,
    ),
    Column("mobile", "手机号", "11 位手机号码，可不填", NO_OBJECT, width=14),
    Column("email", "邮箱", "可不填", NO_OBJECT, width=24),
)
HEADERS = {column.key: column.header for column in ACCOUNT_COLUMNS}
TEXT_KEYS = ("username", "region", "mobile")
CODE_KEYS = ("region", "mobile")
NOTES = (
    "每行开设一个账号；用户名已被使用或在文件中重复的行不会导入。",
    "上传后平台先检查每一行并列出将开设的账号及全部错误；确认导入时立即开设，并仅此一次提供各账号一次性密码的下载。",
    "一次性密码在首次登录时须修改；下载的文件请妥善保管，用后删除。",
)
ROLE_BY_LABEL = {label: value for value, label in Role.choices} | {value: value for value in Role.values}


def plan_accounts(actor: User, records: list[Record], progress: Callable[[int], None]) -> Plan:
    """What each row would open, and every problem, without writing anything."""
    if not records:
        raise SheetError(SheetCode.NO_HEADER, "文件中没有内容：第一行应为表头")
    columns = map_columns(records[0][1], ACCOUNT_COLUMNS, either={})
    if len(records) == 1:
        raise SheetError(SheetCode.NO_DATA, "文件中只有表头，没有账号数据")
    if len(records) - 1 > MAX_ACCOUNTS:
        raise SheetError(SheetCode.TOO_MANY_ROWS, f"一个文件最多开设{MAX_ACCOUNTS}个账号，请分成几个文件")
    raw = [(line, _cells(columns, row)) for line, row in records[1:]]
    planner = _Planner(actor, raw)
    plan = Plan(rows=[], issues=[])
    for line, values in raw:
        parsed = ParsedRow(line)
        plan.rows.append(planner.plan(parsed, values))
        plan.issues += parsed.issues
    progress(len(raw))
    return plan


def _cells(columns: dict[str, int], row: Sequence[Cell]) -> dict[str, Cell]:
    return {key: row[index] if index < len(row) else Cell(None) for key, index in columns.items()}


class _Planner:
    """The regions, organizations and taken usernames a file names, loaded with one query each."""

    def __init__(self, actor: User, raw: list[tuple[int, dict[str, Cell]]]) -> None:
        self.actor = actor
        texts = [{key: cells.code_text(cell.value) for key, cell in row.items()} for _, row in raw]
        codes = {row.get("region") for row in texts} - {None, ""}
        self.regions = Region.objects.unrestricted().in_bulk(codes)
        names = {cell_text(row["organization"].value) for _, row in raw if "organization" in row} - {""}
        managed = Organization.objects.for_user(actor, "change").filter(
            Q(name__in=names) | Q(credit_code__in=names)
        )
        self.organizations: dict[str, list[Organization]] = {}
        for organization in managed:
            for key in {organization.name, organization.credit_code} - {""}:
                self.organizations.setdefault(key, []).append(organization)
        usernames = {cell_text(row["username"].value).lower() for _, row in raw if "username" in row}
        users = User.objects.unrestricted().annotate(lower=Lower("username"))
        self.taken = set(users.filter(lower__in=usernames).values_list("lower", flat=True))
        self.seen: dict[str, int] = {}
        self.grantable = grantable_roles(actor)

    def plan(self, row: ParsedRow, values: dict[str, Cell]) -> PlannedRow:
        data = self._read(row, values)
        username = data.get("username", "")
        if row.ok:
            self._check(row, data)
        if not row.ok:
            return PlannedRow(row.line, RowAction.ERROR, username)
        return PlannedRow(row.line, RowAction.CREATE, username, values=data)

    def _read(self, row: ParsedRow, values: dict[str, Cell]) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for column in ACCOUNT_COLUMNS:
            cell = values.get(column.key, Cell(None))
            raw = cells.code_text(cell.value) if column.key in CODE_KEYS else cell_text(cell.value)
            if usable(row, column, cell) and raw:
                self._value(row, column, raw, data)
        return data

    def _value(self, row: ParsedRow, column: Column, raw: str, data: dict[str, Any]) -> None:
        key = column.key
        if key in ("username", "full_name", "mobile", "email"):
            data[key] = "".join(raw.split()) if key == "username" else raw
        elif key == "role":
            role = ROLE_BY_LABEL.get(raw)
            if role is None or role == Role.APPLICANT:
                row.fail(
                    column.header,
                    LedgerCode.UNKNOWN_CHOICE,
                    f"“{raw}”不在角色列表中（可选：{'、'.join(_roles())}）",
                )
            else:
                data["role"] = role
        elif key == "region":
            region = self.regions.get(raw)
            if region is None:
                row.fail(column.header, LedgerCode.UNKNOWN_REGION, f"辖区代码“{raw}”不是已知的区划")
            else:
                data["region"] = region
        else:
            found = self.organizations.get(raw, [])
            if len(found) == 1:
                data["organization"] = found[0]
            elif found:
                row.fail(
                    column.header,
                    LedgerCode.AMBIGUOUS_ORGANIZATION,
                    f"您管理的组织中有{len(found)}个名为“{raw}”，请填写统一社会信用代码",
                )
            else:
                row.fail(column.header, Code.OUTSIDE_JURISDICTION, f"您管理的组织中没有“{raw}”")

    def _check(self, row: ParsedRow, data: dict[str, Any]) -> None:
        username = data["username"]
        earlier = self.seen.setdefault(username.lower(), row.line)
        if earlier != row.line:
            row.fail(HEADERS["username"], LedgerCode.DUPLICATE_IN_FILE, f"与第{earlier}行的用户名相同")
            return
        if username.lower() in self.taken:
            row.fail(HEADERS["username"], RegistryCode.USERNAME_TAKEN, f"用户名“{username}”已被使用")
            return
        account = User(**data)
        try:
            check_grant(self.actor, account)
            account.full_clean(exclude=["password"], validate_unique=False)
        except ValidationError as error:
            for field, errors in error.error_dict.items():
                header = HEADERS.get(field, HEADERS["region"] if field == "__all__" else field)
                for item in errors:
                    row.fail(header, item.code or Code.INVALID, item.messages[0])
        if account.region_id and "region" not in data:
            data["region"] = account.region


def accounts_write(*, actor: User, plan: Plan, reason: str) -> list[tuple[str, str, str, str]]:
    """Open every account the plan would create, inside the caller's transaction; each row of the
    result is (username, name, role, one-time password), for the actor only."""
    opened = []
    for row in plan.creates:
        account, password = account_open(actor=actor, data=row.values)
        opened.append((account.username, account.full_name, account.get_role_display(), password))
    return opened
