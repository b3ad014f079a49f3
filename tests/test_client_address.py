"""The client's address behind the deployment's proxies: the trail and the rate limits see the person,
not the proxy, and a forged X-Forwarded-For earns nothing."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from core.http import client_ip


@pytest.mark.parametrize(
    ("proxies", "forwarded", "remote", "expected"),
    [
        (0, "", "10.0.0.5", "10.0.0.5"),
        (0, "203.0.113.7", "10.0.0.5", "10.0.0.5"),  # no proxy configured: the header is anyone's claim
        (1, "203.0.113.7", "10.0.0.5", "203.0.113.7"),
        (1, "1.2.3.4, 203.0.113.7", "10.0.0.5", "203.0.113.7"),  # a forged first entry is ignored
        (2, "1.2.3.4, 203.0.113.7, 10.0.0.9", "10.0.0.5", "203.0.113.7"),
        (2, "203.0.113.7", "10.0.0.5", "203.0.113.7"),
        (1, "", "10.0.0.5", "10.0.0.5"),
    ],
)
def test_the_client_is_read_behind_the_trusted_proxies(settings, proxies, forwarded, remote, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR=remote)
    assert client_ip(request) == expected


def test_public_lookups_behind_a_proxy_are_limited_per_client_not_for_everyone(client, settings, db):
    from django.urls import reverse

    settings.TRUSTED_PROXY_COUNT = 1
    settings.PUBLIC_LOOKUP_RATE = (2, 600)
    url = reverse("public-status")
    for _ in range(2):
        client.get(
            url, {"receipt": "BA2345678923"}, HTTP_X_FORWARDED_FOR="203.0.113.7", REMOTE_ADDR="10.0.0.1"
        )
    limited = client.get(
        url, {"receipt": "BA2345678923"}, HTTP_X_FORWARDED_FOR="203.0.113.7", REMOTE_ADDR="10.0.0.1"
    )
    other = client.get(
        url, {"receipt": "BA2345678923"}, HTTP_X_FORWARDED_FOR="198.51.100.2", REMOTE_ADDR="10.0.0.1"
    )
    assert (limited.status_code, other.status_code) == (429, 200)
