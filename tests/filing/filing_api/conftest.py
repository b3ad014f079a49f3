"""Fixtures and helpers of the filing API tests: applications on both sides of every boundary and
the personas who see them."""

import datetime

import pytest
from rest_framework.test import APIClient

from filing import services
from filing.choices import ApplicationKind
from registry.choices import Role
from tests.conftest import make_organization, make_user
from tests.filing.conftest import attach_required, new_proposal

LIST = "/api/v1/filings/"
LEADER_PHONE = "13911112222"
CONTACT_PHONE = "13700001111"
APPS = ("a", "va", "b", "c", "a_change")

# Who sees which application: staff by jurisdiction, accounts only their own.
VISIBLE = {
    "bureau_city": set(APPS),
    "bureau_district": {"a", "va", "b", "a_change"},
    "bureau_district_b": {"c"},
    "street_a": {"a", "va", "a_change"},
    "street_b": {"b"},
    "community_a": {"a", "a_change"},
    "operator": {"a", "va", "a_change"},
    "org_a": set(),
    "org_filed": {"a_change"},
    "applicant": {"va"},
}
PERSONAS = sorted(VISIBLE)


def detail(application, action=""):
    return f"{LIST}{application.pk}/{action + '/' if action else ''}"


def error_codes(response):
    return {(error["field"], error["code"]) for error in response.json()["errors"]}


def new_application(actor, community, name="幸福里社区银龄志愿服务队", complete=True):
    application = services.application_create(
        actor=actor,
        kind=ApplicationKind.NEW,
        community=community,
        contact_name="赵红",
        contact_phone=CONTACT_PHONE,
        proposal=new_proposal(name, leader_phone=LEADER_PHONE),
    )
    if complete:
        attach_required(actor, application)
    return application


@pytest.fixture
def users(personas, applicant, tree):
    filed = make_organization(tree.community_a, name="幸福里社区邻里互助站")
    org_filed = make_user("org_filed", Role.ORGANIZATION, tree.community_a, organization=filed)
    return {**personas, "applicant": applicant, "org_filed": org_filed}


@pytest.fixture
def api(users):
    def as_persona(name):
        client = APIClient()
        client.force_authenticate(users[name])
        return client

    return as_persona


@pytest.fixture
def apps(users, tree, admin_user):
    """Applications on both sides of every boundary, and one for a filed organization's change."""
    change = services.application_create(
        actor=users["street_a"],
        kind=ApplicationKind.CHANGE,
        organization=users["org_filed"].organization,
        contact_name="王建国",
        contact_phone=CONTACT_PHONE,
        fact_date=datetime.date.today(),
        proposal={"member_count": 30},
    )
    attach_required(users["street_a"], change)
    return {
        "a": new_application(users["street_a"], tree.community_a),
        "va": new_application(users["applicant"], tree.village_a, "桃源村广场舞队"),
        "b": new_application(users["street_b"], tree.community_b, "湖畔社区读书社"),
        "c": new_application(admin_user, tree.village_c, "松林村乡村振兴服务队"),
        "a_change": change,
    }


def ids(apps, *keys):
    return {apps[key].pk for key in keys}


def create_payload(tree, **overrides):
    data = {
        "kind": "new",
        "community": tree.community_a.code,
        "contact_name": "赵红",
        "contact_phone": CONTACT_PHONE,
        "proposal": new_proposal("幸福里社区书法社", leader_phone=LEADER_PHONE),
    }
    data.update(overrides)
    return data
