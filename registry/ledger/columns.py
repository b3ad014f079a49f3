"""The columns of the organization ledger, defined once.

The export writes these columns and the import reads them, so a file exported from the platform
imports back unchanged; the template's headers, drop-down lists and explanation sheet come from the
same definitions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..choices import FundingSource, OrganizationStatus, PartyBuilding, Tier
from ..identifiers import mask_phone, mask_resident_id
from ..models import Category, Organization, ServiceDomain, TargetGroup

# Several values in one cell (service domains, target groups, funding) are joined with this mark;
# the import also accepts commas and semicolons, half- or full-width.
JOIN = "、"
YES, NO = "是", "否"


def _names(manager: object) -> str:
    return JOIN.join(item.name for item in manager.all())


def _yes_no(value: bool) -> str:
    return YES if value else NO


@dataclass(frozen=True)
class Column:
    """One column: its header, how an organization fills it, and what the import accepts."""

    key: str
    header: str
    note: str
    value: Callable[[Organization], object]
    required: bool = False
    imported: bool = True
    many: bool = False
    choices: Callable[[], list[str]] | None = field(default=None, compare=False)
    width: int = 14


def _active_categories() -> list[str]:
    return list(Category.objects.filter(is_active=True).values_list("name", flat=True))


def _domains() -> list[str]:
    return list(ServiceDomain.objects.values_list("name", flat=True))


def _target_groups() -> list[str]:
    return list(TargetGroup.objects.values_list("name", flat=True))


ORGANIZATION_COLUMNS: tuple[Column, ...] = (
    Column(
        "name",
        "组织名称",
        "组织的全称；同一街道（乡镇）内与已有组织同名的行视为修改该组织",
        lambda o: o.name,
        required=True,
        width=30,
    ),
    Column(
        "tier",
        "管理方式",
        "依法登记、街道备案或社区指导",
        lambda o: Tier(o.tier).label,
        required=True,
        choices=lambda: list(Tier.labels),
    ),
    Column(
        "category",
        "组织类别",
        "从下拉列表中选择",
        lambda o: o.category.name,
        required=True,
        choices=_active_categories,
    ),
    Column(
        "domains",
        "服务领域",
        f"可填多个，用“{JOIN}”分隔",
        lambda o: _names(o.domains),
        many=True,
        choices=_domains,
        width=20,
    ),
    Column(
        "target_groups",
        "服务对象",
        f"可填多个，用“{JOIN}”分隔",
        lambda o: _names(o.target_groups),
        many=True,
        choices=_target_groups,
        width=20,
    ),
    Column(
        "street",
        "街道/乡镇",
        "所在街道或乡镇的名称；按名称查找社区时用于区分同名社区",
        lambda o: o.community.parent.name if o.community.parent else "",
    ),
    Column(
        "community", "社区/村", "所在社区或村的名称（填写了区划代码时以代码为准）", lambda o: o.community.name
    ),
    Column(
        "community_code",
        "区划代码",
        "所在社区或村的 12 位统计用区划代码；与“社区/村”至少填一项",
        lambda o: o.community_id,
        width=16,
    ),
    Column(
        "founded_on",
        "成立日期",
        "如 2024-05-01，不能晚于今天",
        lambda o: o.founded_on,
        required=True,
        width=12,
    ),
    Column("member_count", "成员人数", "正整数", lambda o: o.member_count, required=True, width=10),
    Column("leader_name", "负责人", "负责人姓名", lambda o: o.leader_name, required=True, width=10),
    Column(
        "leader_id_number",
        "负责人身份证号",
        "18 位居民身份证号码（末位校验码须正确）；修改已有组织时，导出文件中的脱敏号码表示不变",
        lambda o: mask_resident_id(o.leader_id_number),
        required=True,
        width=21,
    ),
    Column(
        "leader_phone",
        "负责人手机号",
        "11 位手机号码；修改已有组织时，脱敏号码表示不变",
        lambda o: mask_phone(o.leader_phone),
        required=True,
        width=14,
    ),
    Column(
        "leader_party_member",
        "负责人为中共党员",
        "是或否",
        lambda o: _yes_no(o.leader_party_member),
        choices=lambda: [YES, NO],
        width=10,
    ),
    Column(
        "credit_code",
        "统一社会信用代码",
        "依法登记的组织必填（18 位），其他组织不填",
        lambda o: o.credit_code,
        width=21,
    ),
    Column(
        "party_building",
        "党建情况",
        "独立党组织、联合党支部或无",
        lambda o: PartyBuilding(o.party_building).label,
        choices=lambda: list(PartyBuilding.labels),
    ),
    Column(
        "funding_sources",
        "经费来源",
        f"可填多个，用“{JOIN}”分隔",
        lambda o: JOIN.join(FundingSource(c).label for c in o.funding_sources if c in FundingSource.values),
        many=True,
        choices=lambda: list(FundingSource.labels),
        width=20,
    ),
    Column("venue", "活动场所", "活动场所的地址", lambda o: o.venue, required=True, width=30),
    Column(
        "is_brand",
        "品牌组织",
        "仅供查看：品牌组织由品牌认定办理，导入时不读取",
        lambda o: _yes_no(o.is_brand),
        imported=False,
        width=10,
    ),
    Column(
        "status",
        "状态",
        "仅供查看：导入只新建在册组织，取消备案、注销另行办理，导入时不读取",
        lambda o: OrganizationStatus(o.status).label,
        imported=False,
        width=10,
    ),
)

HEADERS = tuple(column.header for column in ORGANIZATION_COLUMNS)
# What the export needs loaded alongside each organization to fill every column.
RELATED = ("category", "community__parent")
PREFETCHED = ("domains", "target_groups")


def organization_cells(organization: Organization) -> list[object]:
    return [column.value(organization) for column in ORGANIZATION_COLUMNS]
