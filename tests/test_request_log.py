"""One structured line per request: a request id (the proxy's, or a fresh one), the user's id,
status and duration, and nothing a person typed."""

from __future__ import annotations

import json
import logging

import pytest


@pytest.fixture
def request_lines():
    lines: list[dict] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(json.loads(record.getMessage()))

    logger = logging.getLogger("core.requests")
    handler, level = Keep(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield lines
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_each_request_is_logged_once_with_its_id_user_status_and_duration(client, personas, request_lines):
    client.force_login(personas["street_a"])
    response = client.get("/public/directory/?q=13911112222", HTTP_X_REQUEST_ID="proxy-id-12345678")
    assert response["X-Request-ID"] == "proxy-id-12345678"
    [line] = request_lines
    assert line["request_id"] == "proxy-id-12345678"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/public/directory/", 200)
    assert line["user"] == personas["street_a"].pk and line["duration_ms"] >= 0
    assert "13911112222" not in json.dumps(line)  # the query string is not logged


def test_a_request_without_a_sane_id_gets_a_fresh_one(client, request_lines):
    response = client.get("/login/", HTTP_X_REQUEST_ID="<script>")
    assert response["X-Request-ID"] != "<script>" and len(response["X-Request-ID"]) == 32
    assert request_lines[0]["request_id"] == response["X-Request-ID"]
    assert request_lines[0]["user"] is None
