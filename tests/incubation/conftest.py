"""Fixtures of incubation: bases at each level of the tree, spaces, and tenancies taken to a state.

清河市社会组织发展服务中心        city base (990100)
临江区社会组织发展服务中心        district base of 临江区
江滨街道社会组织培育孵化中心      street base of 江滨街道: operator ``operator``; spaces 流动工位 (2),
                                 301办公室 (1), 会议室 (not for tenants)
望湖街道社会组织培育孵化中心      street base of 望湖街道: operator ``operator_b``
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest

from incubation import services
from incubation.models import IncubationBase, Space, Tenancy
from registry.choices import Role
from registry.models import Organization, Region, User
from tests.conftest import Tree, make_organization, make_user
from tests.factories import system_user

D = datetime.date
OPENED = D(2024, 1, 1)
TERM = (D(2025, 3, 1), D(2026, 2, 28))


def base_data(name: str, **overrides: Any) -> dict[str, Any]:
    return {
        "name": name,
        "operator_name": "清河市益众社会工作服务中心",
        "address": "江滨路88号党群服务中心三楼",
        "contact_name": "周敏",
        "phone": "0571-88886666",
        "opened_on": OPENED,
        "funding": "budget",
        "area": 600,
        "staff_count": 4,
        "services": ["office", "capacity", "registration", "policy_advice"],
        "description": "为初创期社区社会组织提供场地、能力建设和注册协助。",
        **overrides,
    }


def register_base(region: Region, name: str, *, approve: bool = True, **overrides: Any) -> IncubationBase:
    admin = system_user()
    base = services.base_register(actor=admin, region=region, data=base_data(name, **overrides))
    if approve:
        base = services.base_approve(actor=admin, base_id=base.pk)
    return base


def bind(base: IncubationBase, user: User) -> None:
    services.operator_bind(actor=system_user(), base_id=base.pk, username=user.username)


def add_space(base: IncubationBase, name: str, capacity: int = 1, *, for_tenants: bool = True) -> Space:
    data = {"name": name, "kind": "office" if for_tenants else "training", "capacity": capacity}
    return services.space_add(actor=system_user(), base_id=base.pk, data={**data, "for_tenants": for_tenants})


def apply_for(
    base: IncubationBase, actor: User | None = None, organization: Organization | None = None, **group: Any
) -> Tenancy:
    data = {"contact_name": "刘桂兰", "contact_phone": "13911112222", "needs": "需要办公场地和注册指导"}
    if organization is not None:
        data["organization"] = organization.pk
    else:
        data.update({"group_name": "幸福里社区银龄志愿服务队", "category": "charity", **group})
    return services.tenancy_apply(actor=actor or system_user(), base=base.pk, data=data)


def admitted(tenancy: Tenancy, space: Space | None = None, term: tuple[D, D] = TERM) -> Tenancy:
    return services.tenancy_admit(
        actor=system_user(),
        tenancy_id=tenancy.pk,
        planned_start=term[0],
        planned_end=term[1],
        space=space.pk if space else None,
    )


def active(tenancy: Tenancy, space: Space | None = None, term: tuple[D, D] = TERM) -> Tenancy:
    admitted(tenancy, space, term)
    return services.tenancy_move_in(actor=system_user(), tenancy_id=tenancy.pk, started_on=term[0])


def graduated(tenancy: Tenancy, ended_on: D, space: Space | None = None, term: tuple[D, D] = TERM) -> Tenancy:
    active(tenancy, space, term)
    scores = {"governance": 16, "capacity": 15, "projects": 14, "resources": 12, "influence": 13}
    return services.tenancy_graduate(
        actor=system_user(),
        tenancy_id=tenancy.pk,
        ended_on=ended_on,
        scores=scores,
        narrative="章程健全、骨干稳定，已能独立开展为老服务项目。",
    )


def reload(obj: Any) -> Any:
    return type(obj).objects.unrestricted().get(pk=obj.pk)


@dataclass
class Bases:
    city: IncubationBase
    district_a: IncubationBase
    street_a: IncubationBase
    street_b: IncubationBase
    desks: Space
    office: Space
    meeting_room: Space
    operator_b: User


@pytest.fixture
def bases(tree: Tree, personas: dict[str, User]) -> Bases:
    street_a = register_base(tree.street_a, "江滨街道社会组织培育孵化中心")
    street_b = register_base(tree.street_b, "望湖街道社会组织培育孵化中心", address="望湖路1号")
    operator_b = make_user("operator_b", Role.OPERATOR, tree.street_b)
    bind(street_a, personas["operator"])
    bind(street_b, operator_b)
    return Bases(
        city=register_base(tree.city, "清河市社会组织发展服务中心"),
        district_a=register_base(tree.district_a, "临江区社会组织发展服务中心"),
        street_a=street_a,
        street_b=street_b,
        desks=add_space(street_a, "流动工位", 2),
        office=add_space(street_a, "301办公室", 1),
        meeting_room=add_space(street_a, "会议室", 30, for_tenants=False),
        operator_b=operator_b,
    )


@pytest.fixture
def tenant_org(tree: Tree) -> Organization:
    return make_organization(tree.community_a, name="幸福里社区邻里互助站")
