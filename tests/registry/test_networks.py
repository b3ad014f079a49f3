"""Street federations and the social-work talent register: scoped pages, API and services."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from core.models import Event
from registry import services
from registry.models import Federation, SocialWorker


def worker_data(community, **overrides):
    data = {
        "name": "周敏",
        "community": community,
        "qualification": "intermediate",
        "certificate_number": "S2020-99-000001",
        "certified_on": datetime.date(2020, 6, 1),
        "is_active": True,
    }
    data.update(overrides)
    return data


def codes(error: ValidationError) -> set[tuple[str, str]]:
    return {(field, item.code) for field, items in error.error_dict.items() for item in items}


# -- social-work talent ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "community"),
    [("street_a", "village_a"), ("community_a", "community_a"), ("bureau_district", "community_b")],
)
def test_it_registers_social_workers_inside_the_jurisdiction(personas, tree, persona, community):
    worker = services.social_worker_create(
        actor=personas[persona], data=worker_data(getattr(tree, community))
    )
    assert SocialWorker.objects.for_user(personas[persona]).filter(pk=worker.pk).exists()
    assert (
        Event.objects.unrestricted().filter(action="social_worker.created", subject_label="周敏").count() == 1
    )


def test_it_refuses_a_community_outside_the_jurisdiction(personas, tree):
    with pytest.raises(ValidationError) as raised:
        services.social_worker_create(actor=personas["street_a"], data=worker_data(tree.community_b))
    assert codes(raised.value) == {("community", "outside_jurisdiction")}
    assert not SocialWorker.objects.unrestricted().exists()


def test_it_refuses_talent_registration_to_read_only_roles(personas, tree):
    with pytest.raises(PermissionDenied) as raised:
        services.social_worker_create(actor=personas["operator"], data=worker_data(tree.community_a))
    assert str(raised.value) == "您的角色不能登记社会工作人才"


def test_it_reports_a_duplicate_certificate_on_its_field(client, personas, tree):
    services.social_worker_create(actor=personas["street_a"], data=worker_data(tree.community_a))
    client.force_login(personas["street_a"])
    response = client.post(
        reverse("social-worker-create"),
        {
            "name": "李强",
            "community": tree.village_a.pk,
            "qualification": "assistant",
            "certificate_number": "S2020-99-000001",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["certificate_number"] == ["具有 证书编号 的 社会工作人才 已存在。"]


def test_it_lists_and_edits_talent_only_inside_the_jurisdiction(client, personas, tree):
    worker = services.social_worker_create(actor=personas["street_a"], data=worker_data(tree.community_a))
    client.force_login(personas["street_b"])
    assert "周敏" not in client.get(reverse("social-worker-list")).content.decode()
    assert client.get(reverse("social-worker-update", args=[worker.pk])).status_code == 404
    client.force_login(personas["community_a"])
    assert "周敏" in client.get(reverse("social-worker-list")).content.decode()
    response = client.post(
        reverse("social-worker-update", args=[worker.pk]),
        {
            "name": "周敏",
            "community": tree.community_a.pk,
            "qualification": "senior",
            "certificate_number": worker.certificate_number,
        },
    )
    assert response.status_code == 302
    worker.refresh_from_db()
    assert (worker.qualification, worker.is_active) == ("senior", False)


# -- federations ----------------------------------------------------------------------------


@pytest.fixture
def federation(personas, world):
    return services.federation_create(
        actor=personas["street_a"],
        organization=world.orgs["a_registered"],
        founded_on=datetime.date(2022, 5, 1),
        members=[world.orgs["a_filed"], world.orgs["va_filed"]],
    )


def test_it_sets_up_a_street_federation_with_members(federation, world, tree):
    assert federation.street == tree.street_a
    assert set(federation.members.unrestricted()) == {world.orgs["a_filed"], world.orgs["va_filed"]}
    event = Event.objects.unrestricted().get(action="federation.created")
    assert event.details == {"members": 2}


def test_it_allows_one_federation_per_street(federation, personas, world):
    with pytest.raises(ValidationError) as raised:
        services.federation_create(
            actor=personas["street_a"],
            organization=world.orgs["a_filed"],
            founded_on=datetime.date(2023, 1, 1),
            members=[],
        )
    assert codes(raised.value) == {("organization", "federation_exists")}


@pytest.mark.parametrize(
    ("hub", "members", "error"),
    [
        ("b_filed", [], ("organization", "invalid_hub")),  # a hub outside the jurisdiction
        ("a_registered", ["b_filed"], ("members", "member_outside_street")),
        ("a_registered", ["a_registered"], ("members", "hub_as_member")),
    ],
)
def test_it_refuses_federations_that_cross_the_street(personas, world, hub, members, error):
    with pytest.raises(ValidationError) as raised:
        services.federation_create(
            actor=personas["street_a"],
            organization=world.orgs[hub],
            founded_on=datetime.date(2023, 1, 1),
            members=[world.orgs[m] for m in members],
        )
    assert codes(raised.value) == {error}
    assert not Federation.objects.unrestricted().exists()


def test_it_changes_members_and_records_who_joined_and_left(client, personas, federation, world):
    client.force_login(personas["street_a"])
    response = client.post(
        reverse("federation-update", args=[federation.pk]),
        {"founded_on": "2022-05-01", "members": [world.orgs["a_guided"].pk]},
    )
    assert response.status_code == 302
    assert list(federation.members.unrestricted()) == [world.orgs["a_guided"]]
    event = Event.objects.unrestricted().get(action="federation.updated")
    assert event.details == {"joined": 1, "left": 2}


def test_it_hides_a_federation_outside_the_jurisdiction(client, personas, federation):
    client.force_login(personas["street_b"])
    assert client.get(reverse("federation-detail", args=[federation.pk])).status_code == 404
    assert client.get(reverse("federation-update", args=[federation.pk])).status_code == 404
    client.force_login(personas["operator"])
    assert client.get(reverse("federation-detail", args=[federation.pk])).status_code == 200
    assert client.get(reverse("federation-update", args=[federation.pk])).status_code == 404
    assert client.get(reverse("federation-create")).status_code == 403


def test_it_serves_federations_and_talent_through_the_scoped_api(personas, federation, tree):
    services.social_worker_create(actor=personas["street_a"], data=worker_data(tree.community_a))
    api = APIClient()
    api.force_authenticate(personas["street_a"])
    assert [row["id"] for row in api.get("/api/v1/federations/").json()["results"]] == [federation.pk]
    assert [row["name"] for row in api.get("/api/v1/social-workers/").json()["results"]] == ["周敏"]
    api.force_authenticate(personas["street_b"])
    assert api.get("/api/v1/federations/").json()["results"] == []
    assert api.get(f"/api/v1/federations/{federation.pk}/").status_code == 404
    assert api.get("/api/v1/social-workers/").json()["results"] == []
