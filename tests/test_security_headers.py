"""Headers a browser enforces: a Content-Security-Policy that admits no inline script, a
Permissions-Policy, long lifetimes for content-hashed static files; the API schema and its
documentation for signed-in staff only."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_every_page_carries_the_content_security_policy_and_permissions_policy(client):
    response = client.get("/login/")
    policy = dict(
        directive.strip().split(" ", 1) for directive in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"  # no 'unsafe-inline', no 'unsafe-eval'
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_no_template_holds_an_inline_script_or_event_handler():
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
    handler = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
    offenders = [
        str(path.relative_to(ROOT))
        for path in ROOT.glob("**/templates/**/*.html")
        if ".venv" not in path.parts
        and (inline_script.search(path.read_text()) or handler.search(path.read_text()))
    ]
    assert offenders == []


@pytest.mark.parametrize("path", ["/api/schema/", "/api/docs/"])
def test_the_api_schema_and_docs_are_for_staff_only(path, client, personas):
    anonymous = client.get(path)
    assert anonymous.status_code in (302, 401, 403)
    if anonymous.status_code == 302:
        assert anonymous["Location"].startswith("/login/")
    client.force_login(personas["org_a"])
    assert client.get(path).status_code == 403
    client.force_login(personas["street_a"])
    assert client.get(path).status_code == 200


def test_the_docs_load_their_script_from_the_platform_not_inline(client, personas):
    client.force_login(personas["street_a"])
    page = client.get("/api/docs/").content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert client.get("/api/docs/?script=").status_code == 200


def test_hashed_static_files_are_served_with_a_year_long_immutable_lifetime(tmp_path):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'static.sqlite3'}",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/15",
        "STATIC_ROOT": str(tmp_path / "static"),
        "ALLOWED_HOSTS": "testserver",
    }
    script = """
import django
django.setup()
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client
call_command("collectstatic", interactive=False, verbosity=0)
from whitenoise.middleware import WhiteNoiseMiddleware  # after collectstatic, as at a server's start
url = static("platform/site.css")
response = Client().get(url, secure=True)
print(url, response.status_code, response["Cache-Control"], sep="|")
"""
    served = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300
    )
    assert served.returncode == 0, served.stderr
    url, status, cache_control = served.stdout.strip().splitlines()[-1].split("|")
    assert re.fullmatch(r"/static/platform/site\.[0-9a-f]{12}\.css", url)
    assert status == "200"
    assert "immutable" in cache_control and "max-age=315360000" in cache_control
