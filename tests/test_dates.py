"""Every date that comes in from outside lies between 1900 and 2099: the model forms and the pages'
forms, the API's serializers (generated or declared) and its date filters all refuse the rest on the
field, with a Chinese sentence and a stable code, before any deadline is counted from them."""

from __future__ import annotations

import pytest
from django import forms
from rest_framework import serializers
from rest_framework.test import APIClient

from core.dates import MESSAGE
from core.errors import Code
from registry.choices import Tier
from registry.forms import OrganizationForm
from tests.conftest import organization_data

OUT_OF_RANGE = ["9999-12-31", "0001-01-01", "1899-12-31", "2100-01-01"]


@pytest.fixture
def api(personas):
    def as_persona(name: str) -> APIClient:
        client = APIClient()
        client.force_authenticate(personas[name])
        return client

    return as_persona


def field_codes(response) -> set[tuple[str, str]]:
    return {(error["field"], error["code"]) for error in response.json()["errors"]}


@pytest.mark.parametrize("value", OUT_OF_RANGE)
def test_an_api_serializer_refuses_a_date_out_of_range(api, tree, value):
    data = organization_data(tree.community_a, tier=Tier.GUIDED)  # entered directly by the committee
    data.update(category=data["category"].code, community=tree.community_a.code, founded_on=value)
    response = api("community_a").post("/api/v1/organizations/", data, format="json")
    assert response.status_code == 400
    assert ("founded_on", Code.DATE_OUT_OF_RANGE) in field_codes(response)


def test_a_date_at_either_end_of_the_range_is_taken(api, tree):
    for value in ("1900-01-01", "2026-01-05"):
        data = organization_data(tree.community_a, tier=Tier.GUIDED)
        data.update(category=data["category"].code, community=tree.community_a.code, founded_on=value)
        data["name"] = f"{data['name']}{value[:4]}"
        response = api("community_a").post("/api/v1/organizations/", data, format="json")
        assert response.status_code == 201, response.json()


def test_a_declared_date_of_a_transition_is_refused_too(api, tree, personas):
    response = api("street_a").post(
        "/api/v1/filings/",
        {"kind": "change", "organization": personas["org_a"].organization_id, "fact_date": "9999-12-31"},
        format="json",
    )
    assert response.status_code == 400
    assert ("fact_date", Code.DATE_OUT_OF_RANGE) in field_codes(response)


def test_a_date_filter_refuses_a_date_out_of_range(api):
    response = api("bureau_city").get("/api/v1/quota-reports/", {"as_of_after": "0001-01-01"})
    assert response.status_code == 400
    assert field_codes(response) == {("as_of_after", Code.DATE_OUT_OF_RANGE)}


def test_a_page_form_says_so_in_chinese(personas, tree):
    data = organization_data(tree.community_a)
    form = OrganizationForm(
        data={"name": data["name"], "founded_on": "9999-12-31"}, user=personas["street_a"]
    )
    assert not form.is_valid()
    assert form.errors["founded_on"] == [MESSAGE]
    assert form.has_error("founded_on", Code.DATE_OUT_OF_RANGE)


@pytest.mark.parametrize(
    ("form_field", "serializer_field", "time"),
    [
        (forms.DateField, serializers.DateField, ""),
        (forms.DateTimeField, serializers.DateTimeField, " 10:00"),  # an event's start and end
    ],
)
def test_a_date_field_declared_later_inherits_the_range(form_field, serializer_field, time):
    class Later(forms.Form):
        day = form_field()

    class LaterSerializer(serializers.Serializer):
        day = serializer_field()

    assert not Later(data={"day": f"9999-12-31{time}"}).is_valid()
    assert Later(data={"day": f"2030-06-30{time}"}).is_valid()
    serializer = LaterSerializer(data={"day": f"0001-01-01{time}"})
    assert not serializer.is_valid()
    assert serializer.errors["day"][0].code == Code.DATE_OUT_OF_RANGE
