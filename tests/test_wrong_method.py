"""An address that only takes a form's POST, opened by typing it: a Chinese page, not an empty 405."""

from __future__ import annotations

from django.urls import reverse
from rest_framework.test import APIClient


def test_typing_the_sign_out_address_explains_itself_in_chinese(client, personas):
    client.force_login(personas["street_a"])

    response = client.get(reverse("logout"))

    assert response.status_code == 405
    assert response.headers["Allow"] == "POST, OPTIONS"
    assert "不能在浏览器地址栏中直接打开" in response.content.decode()
    assert client.get(reverse("home")).status_code == 200  # still signed in


def test_an_action_address_opened_directly_explains_itself(client, personas):
    client.force_login(personas["street_a"])

    response = client.get(reverse("notification-read-all"))

    assert response.status_code == 405
    assert "返回工作台" in response.content.decode()


def test_the_api_keeps_its_json_answer(personas):
    api = APIClient()
    api.force_authenticate(personas["street_a"])

    response = api.delete("/api/v1/organizations/")

    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
