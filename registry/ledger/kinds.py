"""The kinds of ledger that can be imported, each with its permission, template, dry run and writer.

The upload, the check, the confirmation, the result pages and the API are the same for every kind;
only what is looked up here differs. A kind whose import hands something back to the person who
confirmed it (one-time passwords) is applied in that person's request (``immediate``): what it hands
back is never stored, queued or logged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from core.spreadsheets import Record

from ..choices import LedgerKind, RowAction
from ..models import User
from ..services.organizations_bulk import organizations_import
from . import accounts, members, talent
from .planning import Plan, plan_organizations
from .reading import read_rows
from .template import ledger_template, organization_template

Planner = Callable[[User, list[Record], Callable[[int], None]], Plan]


@dataclass(frozen=True)
class Kind:
    label: str
    permission: str
    denied: str
    file_label: str
    template: Callable[[], bytes]
    plan: Planner
    write: Callable[..., Any]
    list_url: str
    notes: tuple[str, ...] = ()
    immediate: bool = False


def _plan_organizations(actor: User, records: list[Record], progress: Callable[[int], None]) -> Plan:
    return plan_organizations(actor=actor, rows=read_rows(records, actor, progress))


def _write_organizations(*, actor: User, plan: Plan, reason: str) -> None:
    organizations_import(
        actor=actor,
        creates=[row.values for row in plan.creates],
        updates={row.organization_id: row.values for row in plan.rows if row.action == RowAction.UPDATE},
        reason=reason,
    )


KINDS: dict[str, Kind] = {
    LedgerKind.ORGANIZATIONS: Kind(
        label="组织台账",
        permission="registry.import_ledger",
        denied="您的角色不能导入台账",
        file_label="社区社会组织台账导入模板",
        template=organization_template,
        plan=_plan_organizations,
        write=_write_organizations,
        list_url="organization-list",
        notes=(
            "同一街道（乡镇）内名称相同或统一社会信用代码相同的行会修改已有组织，不会重复新建；"
            "导出文件中脱敏的身份证号和手机号表示不修改。",
        ),
    ),
    LedgerKind.ACCOUNTS: Kind(
        label="账号",
        permission="registry.manage_accounts",
        denied="您无权管理账号",
        file_label="批量开设账号模板",
        template=lambda: ledger_template(
            accounts.ACCOUNT_COLUMNS, "账号", accounts.TEXT_KEYS, accounts.NOTES
        ),
        plan=accounts.plan_accounts,
        write=accounts.accounts_write,
        list_url="account-list",
        notes=accounts.NOTES,
        immediate=True,
    ),
    LedgerKind.SOCIAL_WORKERS: Kind(
        label="社会工作人才",
        permission="registry.add_social_worker",
        denied="您的角色不能登记社会工作人才",
        file_label="社会工作人才导入模板",
        template=lambda: ledger_template(
            talent.TALENT_COLUMNS, "社会工作人才", talent.TEXT_KEYS, talent.NOTES
        ),
        plan=talent.plan_talent,
        write=talent.talent_write,
        list_url="social-worker-list",
        notes=talent.NOTES,
    ),
    LedgerKind.FEDERATION_MEMBERS: Kind(
        label="联合会会员",
        permission="registry.add_federation",
        denied="您的角色不能调整联合会",
        file_label="联合会会员导入模板",
        template=lambda: ledger_template(
            members.MEMBER_COLUMNS, "联合会会员", members.TEXT_KEYS, members.NOTES
        ),
        plan=members.plan_members,
        write=members.members_write,
        list_url="federation-list",
        notes=members.NOTES,
    ),
}


def kind_of(value: str | None) -> str:
    """A kind named in a request, or the organization ledger when none (or an unknown one) is named."""
    return value if value in KINDS else LedgerKind.ORGANIZATIONS
