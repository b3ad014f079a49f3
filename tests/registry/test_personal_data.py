"""Personal data: masked in lists, API and exports; the full value only on request, and audited."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from core.models import Event
from registry.identifiers import mask_phone, mask_resident_id
from tests.exports_support import data_rows, run_export

REVEALED = "personal_data.viewed"


def reveals(org):
    return Event.objects.unrestricted().filter(organization_id=org.pk, action=REVEALED)


@pytest.fixture
def org(world):
    return world.orgs["a_filed"]


def test_it_masks_phones_and_never_lists_id_numbers(client, personas, world, org):
    client.force_login(personas["street_a"])
    page = client.get(reverse("organization-list")).content.decode()
    assert mask_phone(org.leader_phone) in page
    assert org.leader_phone not in page
    assert org.leader_id_number not in page


def test_it_masks_the_detail_page_until_revealed(client, personas, org):
    client.force_login(personas["street_a"])
    page = client.get(reverse("organization-detail", args=[org.pk])).content.decode()
    assert mask_resident_id(org.leader_id_number) in page
    assert org.leader_id_number not in page and org.leader_phone not in page
    assert not reveals(org).exists()


def test_it_reveals_on_post_and_records_who_where_and_when(client, personas, org):
    client.force_login(personas["street_a"])
    response = client.post(reverse("organization-reveal", args=[org.pk]), REMOTE_ADDR="10.1.2.3")
    page = response.content.decode()
    assert org.leader_id_number in page and org.leader_phone in page
    assert response["Cache-Control"] == "no-store"
    event = reveals(org).get()
    assert (event.actor, event.ip_address) == (personas["street_a"], "10.1.2.3")
    assert event.details == {"fields": ["leader_id_number", "leader_phone"]}


def test_it_does_not_reveal_on_get(client, personas, org):
    client.force_login(personas["street_a"])
    assert client.get(reverse("organization-reveal", args=[org.pk])).status_code == 405


@pytest.mark.parametrize(
    ("persona", "status"), [("operator", 403), ("street_b", 404), ("bureau_district", 403)]
)
def test_it_refuses_to_reveal_to_those_who_do_not_manage_the_record(client, personas, org, persona, status):
    client.force_login(personas[persona])
    response = client.post(reverse("organization-reveal", args=[org.pk]))
    assert response.status_code == status
    assert org.leader_id_number not in response.content.decode()
    assert not reveals(org).exists()


def test_it_lets_an_organization_account_see_its_own_leader(client, personas, world):
    own = world.orgs["a_guided"]
    client.force_login(personas["org_a"])
    assert own.leader_phone in client.post(reverse("organization-reveal", args=[own.pk])).content.decode()
    assert reveals(own).count() == 1


def test_it_masks_the_api_and_reveals_through_an_audited_action(personas, org):
    client = APIClient()
    client.force_authenticate(personas["street_a"])
    body = client.get(f"/api/v1/organizations/{org.pk}/").json()
    assert body["leader_id_number"] == mask_resident_id(org.leader_id_number)
    assert body["leader_phone"] == mask_phone(org.leader_phone)
    listed = client.get("/api/v1/organizations/").content.decode()
    assert org.leader_id_number not in listed and org.leader_phone not in listed
    revealed = client.post(f"/api/v1/organizations/{org.pk}/reveal/").json()
    assert revealed == {"leader_id_number": org.leader_id_number, "leader_phone": org.leader_phone}
    assert reveals(org).count() == 1


def test_it_refuses_api_reveal_to_read_only_roles(personas, org):
    client = APIClient()
    client.force_authenticate(personas["operator"])
    assert client.post(f"/api/v1/organizations/{org.pk}/reveal/").status_code == 403
    assert not reveals(org).exists()


def test_it_exports_the_scoped_list_with_masked_personal_data(personas, world):
    job = run_export(personas["street_a"], "registry.organizations", tier="filed")
    rows = data_rows(job)
    names = {row[0] for row in rows}
    assert names == {world.orgs["a_filed"].name, world.orgs["va_filed"].name}
    org = world.orgs["a_filed"]
    exported = next(row for row in rows if row[0] == org.name)
    assert mask_resident_id(org.leader_id_number) in exported
    assert mask_phone(org.leader_phone) in exported
    assert org.leader_id_number not in exported


def test_it_keeps_personal_values_out_of_the_audit_trail(client, personas, org):
    client.force_login(personas["street_a"])
    url = reverse("organization-update", args=[org.pk])
    form = client.get(url).context["form"]
    assert org.leader_id_number not in client.get(url).content.decode()  # never pre-filled
    data = {name: form[name].value() for name in form.fields if name not in ("charter",)}
    data.update(leader_phone="13700001111", founded_on=org.founded_on.isoformat())
    data = {key: value for key, value in data.items() if value is not None}
    assert client.post(url, data).status_code == 302
    event = Event.objects.unrestricted().filter(organization_id=org.pk, action="organization.updated").get()
    assert event.details == {"fields": ["leader_phone"]}
    assert "13700001111" not in str(event.details) + event.reason
