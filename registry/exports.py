"""The registry's lists as Excel exports (run in the background by ``core.export_jobs``). Personal data is
masked, except on the rows of an organization the user manages when the full data was asked for."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from core.exports import Column, ExportSpec, Reveal, register
from core.expressions import JoinedText

from .choices import FundingSource, OrganizationStatus, PartyBuilding, QualificationLevel, Tier
from .filtersets import FederationFilterSet, OrganizationFilterSet, SocialWorkerFilterSet
from .identifiers import mask_phone, mask_resident_id
from .ledger.columns import HEADERS, JOIN, NO, YES
from .models import Federation, Organization, SocialWorker

# The export's columns are the ledger's (registry.ledger.columns): what is exported imports back.
ORGANIZATION_COLUMNS = HEADERS
YES_NO = {True: YES, False: NO}

_FUNDING = dict(FundingSource.choices)


def funding_labels(codes: list[str] | None) -> str:
    return JOIN.join(_FUNDING.get(code, code) for code in codes or ())


# Where each column of ORGANIZATION_COLUMNS is read from and how it shows. One header row and no merged
# group headers: the export is the ledger's own layout, so it imports back as it is.
ORGANIZATION_FIELDS: dict[str, dict[str, Any]] = {
    "组织名称": {"field": "name", "width": 32},
    "管理方式": {"field": "tier", "labels": dict(Tier.choices)},
    "组织类别": {"field": "category__name", "width": 12},
    "服务领域": {"field": "domain_names", "width": 24},
    "服务对象": {"field": "target_group_names", "width": 20},
    "街道/乡镇": {"field": "community__parent__name", "width": 16},
    "社区/村": {"field": "community__name", "width": 16},
    "区划代码": {"field": "community_id", "width": 14},
    "成立日期": {"field": "founded_on", "width": 11},
    "成员人数": {"field": "member_count"},
    "负责人": {"field": "leader_name", "width": 10},
    "负责人身份证号": {"field": "leader_id_number", "mask": mask_resident_id, "width": 20},
    "负责人手机号": {"field": "leader_phone", "mask": mask_phone, "width": 13},
    "负责人为中共党员": {"field": "leader_party_member", "labels": YES_NO},
    "统一社会信用代码": {"field": "credit_code", "width": 20},
    "党建情况": {"field": "party_building", "labels": dict(PartyBuilding.choices), "width": 11},
    "经费来源": {"field": "funding_sources", "render": funding_labels, "width": 18},
    "活动场所": {"field": "venue", "width": 24},
    "品牌组织": {"field": "is_brand", "labels": YES_NO},
    "状态": {"field": "status", "labels": dict(OrganizationStatus.choices)},
}


def community_columns(path: str, *, with_code: bool = True) -> tuple[Column, ...]:
    """The street, community and (``with_code``) division code of the community at ``path``, under one
    merged header."""
    columns = (
        Column("街道/乡镇", f"{path}__parent__name", group="所在区划", width=16),
        Column("社区/村", f"{path}__name", group="所在区划", width=16),
    )
    return (*columns, Column("区划代码", f"{path}_id", group="所在区划", width=14)) if with_code else columns


def managed_rows(user: Any) -> Q:
    """The organizations of an export whose personal data the user may see in full: those of a tier
    the user manages (the export is already cut to the user's jurisdiction)."""
    return Q(tier__in=sorted(user.editable_tiers)) if user.editable_tiers else Q(pk__in=[])


ORGANIZATIONS = ExportSpec(
    name="registry.organizations",
    title="社区社会组织名录",
    model=Organization,
    columns=tuple(Column(header, **ORGANIZATION_FIELDS[header]) for header in ORGANIZATION_COLUMNS),
    # The service domains and target groups of each organization, joined as the ledger writes them.
    annotations={
        "domain_names": JoinedText(Organization.domains.through, "organization", "servicedomain__name", JOIN),
        "target_group_names": JoinedText(
            Organization.target_groups.through, "organization", "targetgroup__name", JOIN
        ),
    },
    filterset_class=OrganizationFilterSet,
    permission="registry.see_organizations",
    reveal=Reveal(rule="registry.export_personal_data", rows=managed_rows),
    list_url="organization-list",
)

SOCIAL_WORKERS = ExportSpec(
    name="registry.social_workers",
    title="社会工作人才",
    model=SocialWorker,
    # The talent ledger's columns (registry.ledger.talent), one header row: what is exported imports back.
    columns=(
        Column("姓名", "name", width=10),
        Column("职业资格", "qualification", labels=dict(QualificationLevel.choices), width=16),
        Column("证书编号", "certificate_number", width=20),
        Column("取得资格日期", "certified_on", width=12),
        Column("街道/乡镇", "community__parent__name", width=16),
        Column("社区/村", "community__name", width=16),
        Column("区划代码", "community_id", width=14),
        Column("在岗", "is_active", labels=YES_NO),
    ),
    filterset_class=SocialWorkerFilterSet,
    ordering=("community_id", "name"),
    list_url="social-worker-list",
)

FEDERATION_MEMBERS = ExportSpec(
    name="registry.federations",
    title="联合会及会员组织",
    model=Federation,
    columns=(
        Column("联合会", "organization__name", group="联合会", width=30),
        Column("街道/乡镇", "street__name", group="联合会", width=16),
        Column("区划代码", "street_id", group="联合会", width=14),
        Column("成立日期", "founded_on", group="联合会", width=11),
        Column("会员组织", "members__name", group="会员组织", width=30),
        Column("管理方式", "members__tier", group="会员组织", labels=dict(Tier.choices)),
        Column("组织类别", "members__category__name", group="会员组织", width=12),
        Column("社区/村", "members__community__name", group="会员组织", width=16),
        Column("状态", "members__status", group="会员组织", labels=dict(OrganizationStatus.choices)),
    ),
    filterset_class=FederationFilterSet,
    ordering=("street_id", "members__name_pinyin"),
    list_url="federation-list",
)

register(ORGANIZATIONS, SOCIAL_WORKERS, FEDERATION_MEMBERS)
