"""The workbench: figures of the user's own jurisdiction, with a drill-down into its child regions."""

from django.urls import reverse


def drilldown(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.context


def test_it_counts_the_jurisdiction_and_drills_into_districts(client, personas, world):
    context = drilldown(client, personas["bureau_city"])
    assert context["counts"]["active"] == 7
    assert context["counts"]["registered"] == 2
    assert [(row.region.name, row.active) for row in context["children"]] == [("临江区", 6), ("青山区", 1)]


def test_it_drills_a_street_into_its_communities(client, personas, world):
    context = drilldown(client, personas["street_a"])
    assert context["counts"]["active"] == 4
    assert [(row.region.name, row.active) for row in context["children"]] == [
        ("幸福里社区", 3),
        ("桃源村", 1),
    ]


def test_it_shows_a_community_committee_no_children(client, personas, world):
    context = drilldown(client, personas["community_a"])
    assert context["counts"]["active"] == 3
    assert context["children"] == []


def test_it_shows_an_organization_account_its_own_record(client, personas, world):
    client.force_login(personas["org_a"])
    page = client.get(reverse("home"))
    assert page.context["own_organization"] == world.orgs["a_guided"]
    assert "counts" not in page.context
