"""The major-event report API inside each user's scope."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from filing import services
from tests.filing.event_reports.conftest import API, event_data, login, past

# -- the API -------------------------------------------------------------------------------------


@pytest.fixture
def api(users):
    def as_persona(name):
        client = APIClient()
        client.force_authenticate(users[name])
        return client

    return as_persona


def api_data(**overrides) -> dict:
    data = event_data(**overrides)
    for name in ("starts_at", "ends_at"):
        if isinstance(data[name], datetime.datetime):
            data[name] = data[name].isoformat()
    return data


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("org_a", {"own"}),
        ("org_filed", set()),
        ("street_a", {"own"}),
        ("street_b", {"b"}),
        ("community_a", {"own"}),
        ("bureau_district", {"own", "b"}),
        ("bureau_district_b", set()),
    ],
)
def test_the_api_lists_reports_in_scope(api, own_report, report_b, persona, visible):
    ids = {"own": own_report.pk, "b": report_b.pk}
    response = api(persona).get(API)
    assert response.status_code == 200
    assert {row["id"] for row in response.json()["results"]} == {ids[key] for key in visible}


def test_the_api_hides_a_report_outside_scope(api, own_report):
    assert api("street_b").get(f"{API}{own_report.pk}/").status_code == 404
    assert api("org_filed").post(f"{API}{own_report.pk}/acknowledge/").status_code == 404


def test_an_organization_reports_through_the_api(api, world):
    response = api("org_a").post(API, api_data(), format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["organization"] == {"id": world.orgs["a_guided"].pk, "name": world.orgs["a_guided"].name}
    assert body["state"] == "submitted" and body["allowed_actions"] == []


def test_the_api_refuses_a_past_event_with_a_field_code(api):
    response = api("org_a").post(API, api_data(starts_at=past(days=2), ends_at=past(days=1)), format="json")
    assert response.status_code == 400
    assert ("starts_at", "starts_in_past") in {(e["field"], e["code"]) for e in response.json()["errors"]}


def test_the_api_lets_the_street_report_for_its_organizations_only(api, world):
    street = api("street_a")
    response = street.post(API, {**api_data(), "organization": world.orgs["va_filed"].pk}, format="json")
    assert response.status_code == 201
    response = street.post(API, {**api_data(), "organization": world.orgs["b_filed"].pk}, format="json")
    assert response.status_code == 404
    response = street.post(API, api_data(), format="json")
    assert response.status_code == 400
    assert ("organization", "required") in {(e["field"], e["code"]) for e in response.json()["errors"]}


@pytest.mark.parametrize("persona", ["community_a", "bureau_district"])
def test_the_api_refuses_reports_from_other_roles(api, world, persona):
    response = api(persona).post(API, {**api_data(), "organization": world.orgs["a_filed"].pk}, format="json")
    assert response.status_code == 403


def test_the_api_moves_a_report_and_answers_each_refusal(api, own_report):
    url = f"{API}{own_report.pk}"
    assert api("org_a").post(f"{url}/acknowledge/", format="json").status_code == 403
    response = api("street_a").post(f"{url}/more_info/", {"response": ""}, format="json")
    assert response.status_code == 400
    assert {(e["field"], e["code"]) for e in response.json()["errors"]} == {("response", "response_required")}
    response = api("street_a").post(f"{url}/more_info/", {"response": "请补充安保方案"}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "more_info"
    assert api("org_a").get(f"{url}/").json()["allowed_actions"] == ["resubmit"]
    assert api("street_a").post(f"{url}/acknowledge/", format="json").status_code == 409
    response = api("org_a").post(f"{url}/resubmit/", api_data(expected_participants=80), format="json")
    assert response.status_code == 200
    assert response.json()["state"] == "submitted" and response.json()["expected_participants"] == 80
    response = api("street_a").post(f"{url}/acknowledge/", {"response": "已知悉"}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "acknowledged"
    assert response.json()["response"] == "已知悉"


def test_the_api_offers_no_way_to_edit_or_delete(api, own_report):
    client = api("org_a")
    assert client.patch(f"{API}{own_report.pk}/", {"title": "改"}, format="json").status_code == 405
    assert client.delete(f"{API}{own_report.pk}/").status_code == 405


def test_the_list_page_and_api_cost_the_same_for_many_reports(
    client, api, users, world, django_assert_max_num_queries
):
    for key in ("a_filed", "a_guided", "va_filed", "a_registered") * 3:
        report = services.event_report_submit(
            actor=users["street_a"], organization_id=world.orgs[key].pk, data=event_data()
        )
        services.event_report_acknowledge(actor=users["street_a"], report_id=report.pk, response="已知悉")
    login(client, users["street_a"])
    with django_assert_max_num_queries(6):
        assert client.get(reverse("event-report-list")).status_code == 200
    street = api("street_a")
    with django_assert_max_num_queries(1):
        assert len(street.get(API).json()["results"]) == 12
