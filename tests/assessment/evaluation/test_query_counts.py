"""Query counts of the evaluation's list pages, the round page and the API lists are pinned, and do not
grow with the number of rows."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from assessment import services
from registry.choices import RegionLevel, UrbanRural
from registry.models import Region
from tests.assessment.evaluation.conftest import TODAY, attend, open_round, project, submit, training
from tests.conftest import make_organization
from tests.factories import system_user

_numbers = itertools.count(10)


def grow(tree, count: int) -> None:
    """``count`` more communities in 江滨街道, each with an organization that reported, ran a project,
    is a brand, was trained and is in its community's round."""
    admin = system_user()
    for _ in range(count):
        number = next(_numbers)
        community = Region.objects.create(
            code=f"990101001{number:03d}",
            name=f"新建{number}社区",
            level=RegionLevel.COMMUNITY,
            parent=tree.street_a,
            urban_rural=UrbanRural.URBAN,
        )
        organization = make_organization(community, name=f"新建{number}社区志愿服务队")
        submit(admin, organization)
        project(organization, TODAY - datetime.timedelta(days=10), TODAY)
        services.brand_designate(
            actor=admin, organization_id=organization.pk, data={"year": TODAY.year, "reason": "成效突出"}
        )
        attend(training(tree.street_a, TODAY), organization)
        open_round(community)


def queries(request) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = request()
    assert response.status_code == 200, response.status_code
    return len(captured)


# A list page: session, user, the user's region, the unread-message badge, the count, the page's rows.
LIST_PAGE = 6
PAGES = {
    "work reports": (lambda c, a: c.get(reverse("work-report-list")), LIST_PAGE),
    "missing reports": (lambda c, a: c.get(reverse("work-report-missing")), LIST_PAGE),
    "rounds": (lambda c, a: c.get(reverse("evaluation-round-list")), LIST_PAGE),
    "brands": (lambda c, a: c.get(reverse("brand-list")), LIST_PAGE),
    "projects": (lambda c, a: c.get(reverse("service-project-list")), LIST_PAGE),
    "trainings": (lambda c, a: c.get(reverse("training-list")), LIST_PAGE),
    # An API page (cursor pagination, no count): its rows, and their prefetched relations.
    "api work reports": (lambda c, a: a.get("/api/v1/work-reports/"), 3),  # + activities, attachments
    "api rounds": (lambda c, a: a.get("/api/v1/evaluation-rounds/"), 1),
    "api entries": (lambda c, a: a.get("/api/v1/evaluation-entries/"), 1),
    "api brands": (lambda c, a: a.get("/api/v1/brand-designations/"), 1),
    "api projects": (lambda c, a: a.get("/api/v1/service-projects/"), 2),  # + target groups
    "api trainings": (lambda c, a: a.get("/api/v1/trainings/"), 1),
    "api attendees": (lambda c, a: a.get("/api/v1/training-attendees/"), 1),
}


@pytest.fixture
def street_client(client, personas):
    client.force_login(personas["street_a"])
    return client


@pytest.fixture
def street_api(personas):
    api = APIClient()
    api.force_authenticate(personas["street_a"])
    return api


@pytest.mark.parametrize("name", PAGES)
def test_it_keeps_the_query_count_pinned_and_flat(name, world, tree, street_client, street_api):
    request, pinned = PAGES[name]
    grow(tree, 2)
    few = queries(lambda: request(street_client, street_api))
    grow(tree, 12)
    many = queries(lambda: request(street_client, street_api))
    assert (few, many) == (pinned, pinned)


def test_the_round_page_reads_every_line_at_once(world, tree, street_client, orgs):
    evaluation_round = open_round(tree.community_a)
    url = reverse("evaluation-round-detail", args=[evaluation_round.pk])
    few = queries(lambda: street_client.get(url))
    for number in range(8):
        make_organization(tree.community_a, name=f"幸福里社区第{number}兴趣小组")
    bigger = open_round(tree.community_a, year=evaluation_round.year - 1)
    many = queries(lambda: street_client.get(reverse("evaluation-round-detail", args=[bigger.pk])))
    # session, user, region, badge; the round, its lines, its trail
    assert (few, many) == (7, 7)
