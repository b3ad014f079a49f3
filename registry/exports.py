"""Excel exports. Personal data is always masked in an export."""

from __future__ import annotations

from django.db.models import QuerySet

from core.exports import workbook_bytes

from .choices import FundingSource, OrganizationStatus, PartyBuilding, Tier
from .identifiers import mask_phone, mask_resident_id
from .models import Organization

ORGANIZATION_COLUMNS = (
    "组织名称",
    "管理方式",
    "组织类别",
    "街道/乡镇",
    "社区/村",
    "区划代码",
    "成立日期",
    "成员人数",
    "负责人",
    "负责人身份证号",
    "负责人手机号",
    "统一社会信用代码",
    "党建情况",
    "经费来源",
    "活动场所",
    "品牌组织",
    "状态",
)


def organizations_workbook(queryset: QuerySet[Organization]) -> bytes:
    funding = dict(FundingSource.choices)
    rows = (
        (
            org.name,
            Tier(org.tier).label,
            org.category.name,
            org.community.parent.name if org.community.parent else "",
            org.community.name,
            org.community_id,
            org.founded_on,
            org.member_count,
            org.leader_name,
            mask_resident_id(org.leader_id_number),
            mask_phone(org.leader_phone),
            org.credit_code,
            PartyBuilding(org.party_building).label,
            "、".join(funding.get(code, code) for code in org.funding_sources),
            org.venue,
            "是" if org.is_brand else "否",
            OrganizationStatus(org.status).label,
        )
        for org in queryset.iterator(chunk_size=2000)
    )
    return workbook_bytes("社区社会组织", ORGANIZATION_COLUMNS, rows)
