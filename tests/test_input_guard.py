"""Input no one types and no database stores is refused with a 400, never a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

PAGES = [
    "quota-dashboard",
    "quota-export",
    "quarterly-statistics",
    "quarterly-statistics-export",
    "organization-list",
]


@pytest.mark.parametrize("name", PAGES)
def test_a_nul_character_in_a_query_parameter_is_a_400(client, personas, name):
    client.force_login(personas["bureau_district"])
    response = client.get(reverse(name), {"region": "990101\x00"})
    assert response.status_code == 400
    assert "请求中含有无效字符" in response.content.decode()


def test_a_nul_character_in_a_posted_field_is_a_400(client, personas):
    client.force_login(personas["street_a"])
    response = client.post(reverse("announcement-create"), {"title": "通知\x00", "body": "正文"})
    assert response.status_code == 400


def test_the_api_answers_json_for_a_nul_in_a_parameter_or_in_the_body(personas, tree):
    api = APIClient()
    api.force_authenticate(personas["street_a"])
    response = api.get("/api/v1/organizations/", {"q": "\x00"})
    assert response.status_code == 400 and response.json()["code"] == "invalid"
    response = api.post(
        "/api/v1/filings/", {"kind": "new", "contact_name": "张\x00", "contact_phone": "1"}, format="json"
    )
    assert response.status_code == 400 and response.json()["code"] == "parse_error"


@pytest.mark.django_db
def test_a_json_body_nested_too_deeply_is_a_400_even_before_signing_in():
    body = "[" * 100_000 + "]" * 100_000
    response = APIClient().post("/api/v1/auth/token/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


@pytest.mark.parametrize("page_size", ["0", "-1", "abc", "201", "1e3"])
def test_a_bad_page_size_is_refused_on_its_field(personas, page_size):
    api = APIClient()
    api.force_authenticate(personas["street_a"])
    response = api.get("/api/v1/organizations/", {"page_size": page_size})
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["page_size"]


@pytest.mark.parametrize("path", ["/api/v1/organizations/", "/api/v1/trainings/", "/api/v1/quota-reports/"])
def test_a_cursor_the_api_never_gave_is_refused_on_its_field(personas, path):
    api = APIClient()
    api.force_authenticate(personas["bureau_city"])
    response = api.get(path, {"cursor": "not-a-cursor"})
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["cursor"]


@pytest.mark.parametrize("year", ["0.5", "1e3", "twenty"])
def test_a_year_filter_takes_whole_numbers_only(personas, year):
    api = APIClient()
    api.force_authenticate(personas["bureau_city"])
    response = api.get("/api/v1/selections/", {"year": year})
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["year"]


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_unknown_api_path_answers_json(client, method):
    response = getattr(client, method)("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "不存在或不在辖区内"}


def test_an_unknown_page_answers_the_platforms_own_page(client, personas):
    client.force_login(personas["street_a"])
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "页面不存在" in response.content.decode()


def test_an_unexpected_error_under_the_api_answers_json(client, personas, monkeypatch):
    from registry.api.views import OrganizationViewSet

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(OrganizationViewSet, "list", broken)
    client.raise_request_exception = False
    client.force_login(personas["street_a"])
    response = client.get("/api/v1/organizations/")
    assert response.status_code == 500
    assert response.json()["code"] == "server_error"
