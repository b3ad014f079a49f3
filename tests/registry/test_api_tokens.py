"""API tokens expire, and end when their user signs out of the pages or gets a new password."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from core.auth import token_digest
from registry.services import user_set_password
from tests.conftest import PASSWORD


def token_for(username: str) -> str:
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    return response.json()["token"]


def reads(key: str) -> int:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api.get("/api/v1/organizations/").status_code


def test_a_token_older_than_its_lifetime_is_refused_and_removed(personas, settings):
    key = token_for("street_a")
    assert reads(key) == 200
    Token.objects.filter(key=token_digest(key)).update(
        created=timezone.now() - datetime.timedelta(hours=settings.API_TOKEN_HOURS + 1)
    )
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = api.get("/api/v1/organizations/")
    assert response.status_code == 401 and response.json()["message"] == "令牌已过期，请重新获取"
    assert not Token.objects.filter(key=token_digest(key)).exists()


def test_signing_out_of_the_pages_ends_the_tokens(client, personas):
    key = token_for("street_a")
    client.force_login(personas["street_a"])
    client.post(reverse("logout"))
    assert reads(key) == 401


def test_a_new_password_ends_the_tokens(personas, admin_user):
    key = token_for("street_a")
    user_set_password(actor=admin_user, user_id=personas["street_a"].pk, password="Qinghe-2026-new!")
    assert reads(key) == 401


def test_the_database_keeps_only_a_digest_of_each_token(personas):
    key = token_for("street_a")
    assert not Token.objects.filter(key=key).exists()
    assert Token.objects.get(user=personas["street_a"]).key == token_digest(key)
    assert reads(key) == 200
    # The digest itself, as a dump would show it, is no credential.
    assert reads(token_digest(key)) == 401


def test_signing_in_again_replaces_the_token(personas):
    first = token_for("street_a")
    second = token_for("street_a")
    assert first != second and (reads(first), reads(second)) == (401, 200)
