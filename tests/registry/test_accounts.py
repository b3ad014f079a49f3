"""Accounts: each staff user has exactly one jurisdiction of the level its role sits on."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from registry.choices import Role
from registry.models import User


@pytest.mark.parametrize(
    ("role", "region", "error"),
    [
        (Role.BUREAU, "street_a", "“民政局”的辖区应为省、市、区/县级区划"),
        (Role.STREET, "community_a", "“街道办事处/乡镇政府”的辖区应为街道/乡镇级区划"),
        (Role.COMMUNITY, "street_a", "“村/社区「两委」”的辖区应为社区/村级区划"),
        (Role.STREET, None, "工作人员须指定唯一的辖区"),
    ],
)
def test_it_refuses_a_jurisdiction_of_the_wrong_level(tree, role, region, error):
    user = User(username="x", role=role, region=getattr(tree, region) if region else None)
    with pytest.raises(ValidationError) as raised:
        user.full_clean()
    assert raised.value.message_dict["region"] == [error]


@pytest.mark.parametrize(
    ("role", "region"),
    [
        (Role.BUREAU, "city"),
        (Role.BUREAU, "district_a"),
        (Role.STREET, "street_b"),
        (Role.COMMUNITY, "village_a"),
        (Role.OPERATOR, "street_a"),
    ],
)
def test_it_accepts_a_jurisdiction_of_the_right_level(tree, role, region):
    User(username="x", role=role, region=getattr(tree, region)).full_clean(exclude=["password"])


def test_it_requires_an_organization_for_an_organization_account(tree):
    with pytest.raises(ValidationError) as raised:
        User(username="x", role=Role.ORGANIZATION).full_clean()
    assert raised.value.message_dict["organization"] == ["组织负责人账号须关联一个组织"]


def test_it_enforces_one_jurisdiction_in_the_database_too(tree):
    with pytest.raises(IntegrityError):
        User.objects.create(username="x", role=Role.STREET, region=None)


def test_it_keeps_an_organization_account_in_its_organizations_community(world, tree):
    user = User(
        username="x", role=Role.ORGANIZATION, organization=world.orgs["a_filed"], region=tree.community_b
    )
    with pytest.raises(ValidationError) as raised:
        user.full_clean(exclude=["password"])
    assert raised.value.message_dict["region"] == ["组织负责人账号的区划应为其组织所在的社区/村"]
