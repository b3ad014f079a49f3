"""Shared fixtures: a small division tree and one persona per role on each side of every boundary.

清河市 990100 (city)
├── 临江区 990101 (district A)
│   ├── 江滨街道 990101001 (street A)   ── 幸福里社区 …001 (urban), 桃源村 …002 (rural)
│   └── 望湖街道 990101002 (street B)   ── 湖畔社区 …001 (urban)
└── 青山区 990102 (district B)
    └── 松林镇 990102001 (township C)  ── 松林村 …001 (rural)
"""

from __future__ import annotations

import importlib
import itertools
from dataclasses import dataclass

import pytest
from django.apps import apps as django_apps

from registry.choices import Role, Tier
from registry.identifiers import credit_code_check_char
from registry.models import Category, Organization, Region, User
from tests import factories
from tests.celery_support import celery_worker_process  # noqa: F401
from tests.factories import PASSWORD, OrganizationFactory, RegionFactory, UserFactory

_serial = itertools.count(1)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The demo tests (``@pytest.mark.demo``) run first, as one block, before any other test.

    They share one seed of the whole demo (``tests/demo/conftest.py``), made inside a transaction
    that is rolled back once the block is over: so they need the database just as ``migrate`` left
    it (a transactional test's flush removes the vocabularies the demo is built from), no other test
    may run while the seed is in place (the demo city uses the same 99… codes as the test tree),
    and the block must not be split (its package would be set up, and seeded, twice).
    """
    for item in items:
        if "seeded" in getattr(item, "fixturenames", ()) and not item.get_closest_marker("demo"):
            raise pytest.UsageError(f"{item.nodeid} uses the demo seed: mark it with @pytest.mark.demo")
    demo = [item for item in items if item.get_closest_marker("demo")]
    items[:] = demo + [item for item in items if not item.get_closest_marker("demo")]


@dataclass
class Tree:
    city: Region
    district_a: Region
    district_b: Region
    street_a: Region
    street_b: Region
    street_c: Region
    community_a: Region
    village_a: Region
    community_b: Region
    village_c: Region


@pytest.fixture
def tree(db) -> Tree:
    city = RegionFactory(code="990100000000", name="清河市")
    district_a = RegionFactory(code="990101000000", name="临江区", parent=city)
    district_b = RegionFactory(code="990102000000", name="青山区", parent=city)
    street_a = RegionFactory(code="990101001000", name="江滨街道", parent=district_a)
    street_b = RegionFactory(code="990101002000", name="望湖街道", parent=district_a)
    street_c = RegionFactory(code="990102001000", name="松林镇", parent=district_b)
    return Tree(
        city=city,
        district_a=district_a,
        district_b=district_b,
        street_a=street_a,
        street_b=street_b,
        street_c=street_c,
        community_a=RegionFactory(code="990101001001", name="幸福里社区", parent=street_a),
        village_a=RegionFactory(code="990101001002", name="桃源村", parent=street_a),
        community_b=RegionFactory(code="990101002001", name="湖畔社区", parent=street_b),
        village_c=RegionFactory(code="990102001001", name="松林村", parent=street_c),
    )


def make_user(username: str, role: str = "", region: Region | None = None, **extra) -> User:
    return UserFactory(username=username, role=role, region=region, **extra)


def valid_resident_id(serial: int | None = None) -> str:
    return factories.valid_resident_id(serial or next(_serial))


def organization_data(community: Region, **overrides) -> dict:
    """Valid input for organization_create: a filed organization unless overridden."""
    return OrganizationFactory.build(community=community, **overrides)


@pytest.fixture
def vocabularies(db) -> None:
    """Transactional tests flush every table, the vocabularies the migrations seeded included;
    tests that run after such a flush put them back with the migration's own seed."""
    importlib.import_module("registry.migrations.0002_seed_vocabularies").seed(django_apps, None)


@pytest.fixture
def admin_user(db) -> User:
    return User.objects.create_superuser("admin", password=PASSWORD)


def make_organization(community: Region, **overrides) -> Organization:
    return OrganizationFactory(community=community, **overrides)


@pytest.fixture
def personas(tree: Tree) -> dict[str, User]:
    """alice-style fixed personas, named after the demo accounts."""
    org_a = make_organization(tree.community_a, name="幸福里社区夕阳红合唱队", tier=Tier.GUIDED)
    return {
        "bureau_city": make_user("bureau_city", Role.BUREAU, tree.city),
        "bureau_district": make_user("bureau_district", Role.BUREAU, tree.district_a),
        "bureau_district_b": make_user("bureau_district_b", Role.BUREAU, tree.district_b),
        "street_a": make_user("street_a", Role.STREET, tree.street_a),
        "street_b": make_user("street_b", Role.STREET, tree.street_b),
        "community_a": make_user("community_a", Role.COMMUNITY, tree.community_a),
        "operator": make_user("operator", Role.OPERATOR, tree.street_a),
        "org_a": make_user("org_a", Role.ORGANIZATION, tree.community_a, organization=org_a),
    }


def valid_credit_code(serial: int | None = None, division: str = "990101") -> str:
    body = f"52{division}MJ{(serial or next(_serial)) % 10_000_000:07d}"
    return body + credit_code_check_char(body)


@dataclass
class World:
    """Organizations of every tier placed on both sides of every boundary of the tree."""

    orgs: dict[str, Organization]

    def ids(self, *keys: str) -> set[int]:
        return {self.orgs[key].pk for key in keys}


ALL_ORGS = ("a_guided", "a_filed", "a_registered", "va_filed", "b_filed", "b_registered", "c_filed")

# What each persona may see, and what it may change (分类管理: bureau → registered,
# street → filed and guided, community → guided of its own community; others read only).
VISIBLE = {
    "bureau_city": set(ALL_ORGS),
    "bureau_district": {"a_guided", "a_filed", "a_registered", "va_filed", "b_filed", "b_registered"},
    "bureau_district_b": {"c_filed"},
    "street_a": {"a_guided", "a_filed", "a_registered", "va_filed"},
    "street_b": {"b_filed", "b_registered"},
    "community_a": {"a_guided", "a_filed", "a_registered"},
    "operator": {"a_guided", "a_filed", "a_registered", "va_filed"},
    "org_a": {"a_guided"},
}
CHANGEABLE = {
    "bureau_city": {"a_registered", "b_registered"},
    "bureau_district": {"a_registered", "b_registered"},
    "bureau_district_b": set(),
    "street_a": {"a_guided", "a_filed", "va_filed"},
    "street_b": {"b_filed"},
    "community_a": {"a_guided"},
    "operator": set(),
    "org_a": set(),
}


@pytest.fixture
def world(tree: Tree, personas: dict[str, User]) -> World:
    registered = {"tier": Tier.REGISTERED, "category": Category.objects.get(code="culture")}
    return World(
        orgs={
            "a_guided": personas["org_a"].organization,
            "a_filed": make_organization(tree.community_a, name="幸福里社区邻里互助站"),
            "a_registered": make_organization(
                tree.community_a, name="幸福里社区文体协会", credit_code=valid_credit_code(), **registered
            ),
            "va_filed": make_organization(tree.village_a, name="桃源村红白理事会"),
            "b_filed": make_organization(tree.community_b, name="湖畔社区平安巡逻队"),
            "b_registered": make_organization(
                tree.community_b, name="湖畔社区书画协会", credit_code=valid_credit_code(), **registered
            ),
            "c_filed": make_organization(tree.village_c, name="松林村乡贤理事会"),
        }
    )


@pytest.fixture(autouse=True)
def _fresh_counters():
    """Rate-limit and sign-in counters live in the cache; every test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
