"""Signing in is guarded against guessing: five wrong passwords lock an account for a while, twenty
from one address lock the address; the right password does not get through a lock; the lock is
written to the account's trail."""

from __future__ import annotations

from django.urls import reverse
from rest_framework.test import APIClient

from core.models import Event
from registry.services.signin import LOCKED
from tests.conftest import PASSWORD


def login(client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_five_wrong_passwords_lock_the_account_even_from_another_address(client, personas):
    for _ in range(5):
        assert "用户名" in login(client, "street_a", "wrong").content.decode()
    refused = login(client, "street_a", PASSWORD, address="10.0.0.2")
    assert refused.status_code == 200 and LOCKED in refused.content.decode()
    event = Event.objects.unrestricted().get(action="signin.locked")
    assert event.subject_label == "street_a" and event.ip_address == "10.0.0.1"


def test_a_right_password_before_the_limit_signs_in_and_starts_the_count_again(client, personas):
    for _ in range(4):
        login(client, "street_a", "wrong")
    assert login(client, "street_a", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        login(client, "street_a", "wrong")
    assert login(client, "street_a", PASSWORD).status_code == 302


def test_twenty_wrong_passwords_from_one_address_lock_the_address(client, personas):
    for number in range(20):
        login(client, f"nobody{number}", "wrong")
    assert LOCKED in login(client, "street_b", PASSWORD).content.decode()
    assert login(client, "street_b", PASSWORD, address="10.0.0.9").status_code == 302


def test_the_token_endpoint_is_guarded_the_same_way(personas):
    api = APIClient(REMOTE_ADDR="10.0.0.1")
    for _ in range(5):
        response = api.post(
            "/api/v1/auth/token/", {"username": "street_a", "password": "wrong"}, format="json"
        )
        assert response.status_code == 400
        assert response.json()["errors"][0]["code"] == "signin_failed"
    response = api.post("/api/v1/auth/token/", {"username": "street_a", "password": PASSWORD}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0] == {
        "field": "non_field_errors",
        "code": "signin_locked",
        "message": LOCKED,
    }


def test_a_session_idle_for_too_long_is_signed_out(client, personas, settings):
    import time

    from core.middleware import IdleSessionMiddleware

    client.force_login(personas["street_a"])
    assert client.get(reverse("organization-list")).status_code == 200
    session = client.session
    session[IdleSessionMiddleware.SEEN] = int(time.time()) - settings.SESSION_IDLE_SECONDS - 1
    session.save()
    response = client.get(reverse("organization-list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
