"""Query counts of list pages and API lists are pinned, and do not grow with the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from registry.models import ServiceDomain, TargetGroup
from tests.conftest import make_organization


def add_organizations(tree, count):
    domains, groups = list(ServiceDomain.objects.all()[:2]), list(TargetGroup.objects.all()[:2])
    for _ in range(count):
        make_organization(tree.community_a, domains=domains, target_groups=groups)


def queries(request):
    with CaptureQueriesContext(connection) as captured:
        response = request()
    assert response.status_code == 200
    return len(captured)


@pytest.fixture
def street_client(client, personas):
    client.force_login(personas["street_a"])
    return client


@pytest.fixture
def street_api(personas):
    api = APIClient()
    api.force_authenticate(personas["street_a"])
    return api


PAGES = {
    "list page": (lambda c, a: c.get(reverse("organization-list")), 7),
    "filtered list page": (
        lambda c, a: c.get(reverse("organization-list"), {"q": "社区", "tier": "filed"}),
        7,
    ),
    # + the work reports due for the last period and the rounds waiting (assessment's workbench panel)
    # + the to-do list: applications, complaints, event reports, dormancy flags, tenancies, rounds
    "home page": (lambda c, a: c.get(reverse("home")), 16),
    "api list": (lambda c, a: a.get("/api/v1/organizations/"), 3),
    "api regions": (lambda c, a: a.get("/api/v1/regions/"), 1),
}


@pytest.mark.parametrize("name", PAGES)
def test_it_keeps_the_query_count_pinned_and_flat(name, world, tree, street_client, street_api):
    request, pinned = PAGES[name]
    add_organizations(tree, 3)
    few = queries(lambda: request(street_client, street_api))
    add_organizations(tree, 25)
    many = queries(lambda: request(street_client, street_api))
    assert few == many == pinned


# + grades, brand designations, projects, trainings attended and work reports (assessment's panel)
# + the organization's accounts, for the street that keeps them
ORGANIZATION_PAGE = 15


def test_the_organization_page_reads_its_whole_trail_in_a_pinned_number_of_queries(
    world, street_client, personas
):
    """The page reads the trail once, whatever its length; each event's visibility is part of that query."""
    from registry import services

    organization = world.orgs["a_filed"]
    url = reverse("organization-detail", args=[organization.pk])
    few = queries(lambda: street_client.get(url))
    for count in range(12, 24):
        services.organization_update(
            actor=personas["street_a"], organization_id=organization.pk, data={"member_count": count}
        )
        services.organization_personal_data(
            actor=personas["street_a"], organization=organization, reveal=True
        )
    response = street_client.get(url)
    assert response.content.decode().count("查看完整个人信息") >= 12
    assert queries(lambda: street_client.get(url)) == few == ORGANIZATION_PAGE
