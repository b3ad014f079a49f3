"""The API's rate limits apply: anonymous callers per client address, signed-in ones per account;
past the limit a 429 with a stable code and a Chinese message, and a Retry-After."""

from __future__ import annotations

from rest_framework.settings import api_settings
from rest_framework.test import APIClient

from core.rest import throttling


def test_anonymous_calls_past_the_rate_are_refused_with_429(db, monkeypatch):
    monkeypatch.setattr(throttling.AnonymousThrottle, "THROTTLE_RATES", {"anon": "3/min"})
    client = APIClient()

    def sign_in(number: int, address: str):
        credentials = {"username": f"guess{number}", "password": "wrong-password"}
        return client.post("/api/v1/auth/token/", credentials, format="json", REMOTE_ADDR=address)

    answers = [sign_in(number, "203.0.113.9").status_code for number in range(4)]
    assert answers[:3] == [400, 400, 400] and answers[3] == 429
    refused = sign_in(5, "203.0.113.9")
    assert refused.json()["code"] == "throttled" and "Retry-After" in refused
    assert any("\u4e00" <= char <= "\u9fff" for char in refused.json()["message"])
    # Another address has its own allowance.
    assert sign_in(6, "203.0.113.10").status_code == 400


def test_a_signed_in_account_is_limited_per_account(monkeypatch, personas):
    monkeypatch.setattr(throttling.AccountThrottle, "THROTTLE_RATES", {"user": "2/min"})
    client = APIClient()
    client.force_authenticate(personas["street_a"])
    answers = [client.get("/api/v1/organizations/").status_code for _ in range(3)]
    assert answers == [200, 200, 429]


def test_every_api_view_is_throttled_by_default():
    names = {throttle.__name__ for throttle in api_settings.DEFAULT_THROTTLE_CLASSES}
    assert names == {"AnonymousThrottle", "AccountThrottle"}
