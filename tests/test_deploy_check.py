"""The production settings pass Django's deployment checklist with warnings counted as failures."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_production_settings_pass_the_deploy_check(tmp_path):
    # Not the test process's own allowances: the browser journeys set DJANGO_ALLOW_ASYNC_UNSAFE for
    # Playwright, which a deployment must never carry and the check rightly refuses.
    inherited = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'check.sqlite3'}",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/15",
    }
    check = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "no issues" in check.stdout


def test_the_demo_answers_with_the_platforms_own_error_pages():
    environment = {
        key: value for key, value in os.environ.items() if key not in ("DEBUG", "DJANGO_SETTINGS_MODULE")
    }
    environment["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert shown.stdout.strip() == "False", shown.stderr
