"""The organization list pages by keyset: forward, backward, to the last page, in any ordering, with
the same queries on every page."""

from __future__ import annotations

import datetime
import itertools
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registry.models import Organization
from registry.views.organizations import OrganizationListView
from tests.conftest import make_organization

LIST = reverse("organization-list")


@pytest.fixture
def street_office(client, personas, tree, monkeypatch):
    """The street office of street A, with its 11 organizations or more in its communities and pages of 3."""
    for n in range(10):
        community = tree.community_a if n % 2 else tree.village_a
        make_organization(community, name=f"第{n}号互助站", founded_on=datetime.date(2020, 1, 1 + n % 4))
    monkeypatch.setattr(OrganizationListView, "paginate_by", 3)
    client.force_login(personas["street_a"])
    return client


def names(response) -> list[str]:
    return [org.name for org in response.context["object_list"]]


def link(response, label: str) -> str | None:
    found = re.search(rf'href="\?([^"]*)">{label}</a>', response.content.decode())
    return "?" + found.group(1).replace("&amp;", "&") if found else None


def walk(client, start: str, label: str) -> list[list[str]]:
    pages, url = [], start
    while url is not None:
        response = client.get(LIST + url)
        assert response.status_code == 200
        pages.append(names(response))
        url = link(response, label)
    return pages


def flat(pages: list[list[str]]) -> list[str]:
    return list(itertools.chain.from_iterable(pages))


def expected(ordering: tuple[str, ...]) -> list[str]:
    street = Organization.objects.unrestricted().filter(community__code__startswith="990101001")
    return list(street.order_by(*ordering).values_list("name", flat=True))


def test_paging_forward_shows_every_organization_once_in_order(street_office):
    pages = walk(street_office, "", "下一页")

    assert [len(page) for page in pages] == [3, 3, 3, 2]
    assert flat(pages) == expected(("name_pinyin", "id"))


def test_paging_back_from_the_last_page_shows_the_same_pages(street_office):
    forward = walk(street_office, "", "下一页")
    backward = walk(street_office, "?page=last", "上一页")

    assert flat(backward[::-1]) == flat(forward)
    assert backward[0] == expected(("name_pinyin", "id"))[-3:]


def test_paging_keeps_a_chosen_ordering_with_ties(street_office):
    pages = walk(street_office, "?ordering=-founded_on", "下一页")

    assert flat(pages) == expected(("-founded_on", "id"))


def test_a_tampered_cursor_opens_the_first_page(street_office):
    first = names(street_office.get(LIST))

    assert names(street_office.get(LIST, {"after": "not-a-cursor"})) == first
    assert names(street_office.get(LIST, {"before": "x:y:z"})) == first


def test_the_last_page_costs_the_queries_of_the_first(street_office):
    with CaptureQueriesContext(connection) as first:
        street_office.get(LIST)
    with CaptureQueriesContext(connection) as last:
        street_office.get(LIST, {"page": "last"})

    assert len(last.captured_queries) == len(first.captured_queries)
    assert not any("OFFSET" in query["sql"] for query in last.captured_queries)
