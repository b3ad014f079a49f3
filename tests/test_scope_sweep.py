"""Every URL that carries an object's key, for every persona, against objects of other jurisdictions:
404 exactly as for a key that does not exist, and nothing changed (see tests/sweep.py)."""

from __future__ import annotations

import pytest
from django.db.models import Q
from django.test import Client

from filing.models.duties import ComplaintQuerySet
from registry.choices import Role
from tests.conftest import make_user
from tests.sweep import Place, fingerprint, outside, scoped_routes, sweep

PERSONAS = (
    "bureau_district",
    "bureau_district_b",
    "street_a",
    "community_a",
    "operator",
    "org_a",
    "applicant",
)


@pytest.fixture
def places(tree, admin_user) -> list[Place]:
    """Communities of the tree: one of street A (a sibling of the organization's own), one of street B
    (a sibling street in district A) and one of district B (unrelated)."""
    return [
        Place(community, admin_user) for community in (tree.community_a, tree.community_b, tree.village_c)
    ]


@pytest.fixture
def everyone(personas, tree) -> dict:
    return {**personas, "applicant": make_user("applicant", Role.APPLICANT)}


@pytest.fixture
def routes(db) -> list:
    return scoped_routes()


def run(everyone, places, routes, names=PERSONAS) -> list:
    for place in places:  # build every object first, so the fingerprints compare like with like
        for route in routes:
            place.get(route.model)
    leaks = []
    for name in names:
        user = everyone[name]
        foreign = [place for place in places if outside(user, place.community)]
        client = Client()
        client.force_login(user)
        before = fingerprint()
        leaks += sweep(client, name, foreign, routes)
        after = fingerprint()
        changed = sorted(label for label in before if before[label] != after[label])
        assert not changed, f"{name}'s requests changed {changed}"
    return leaks


def test_the_sweep_reaches_every_kind_of_object_url(routes):
    names = {route.name for route in routes}
    # A few of each family, so that a resolver walk that finds nothing cannot pass.
    for expected in (
        "organization-detail",
        "application-action",
        "material-download",
        "complaint-detail",
        "quota-policy-edit",
        "api:filing-approve",
        "api:filing-material-remove",
        "api:quota-report-rows",
        "api:organization-reveal",
        "incubation-base-action",
        "tenancy-admit",
        "incubation-operator-action",
    ):
        assert expected in names, expected
    assert "certificate-verify" not in names  # a public page, deliberately readable by anyone


@pytest.mark.django_db
def test_no_persona_reaches_an_object_of_another_jurisdiction(everyone, places, routes):
    leaks = run(everyone, places, routes)
    assert not leaks, "\n".join(map(str, leaks))


@pytest.mark.django_db
def test_the_sweep_finds_a_scope_taken_away(everyone, places, routes, monkeypatch):
    """Complaints lose their scope (a plain rule that lets everyone see every row): the sweep must say so."""
    monkeypatch.setattr(ComplaintQuerySet, "scope_filter", lambda self, user, action: Q())
    complaint_routes = [route for route in routes if route.name.split(":")[-1].startswith("complaint-")]
    leaks = run(everyone, places, complaint_routes, names=("street_a",))
    assert {leak.route for leak in leaks} >= {"complaint-detail", "api:complaint-detail"}
