"""A real browser (Debian's Chromium driven by Playwright) against a live server of the test database.

The journeys click through the pages as each role would; every step leaves a full-page screenshot
under ``var/browser/<test>/`` (kept by CI as artifacts). Without Chromium or Playwright the suite is
skipped, unless ``BROWSER_TESTS=required`` (as ``.ci/run`` sets it), when that is a failure.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.urls import reverse

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "browser"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


def _unavailable() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed"
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM}"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator:
    """Chromium for one module of journeys. Playwright's sync API keeps an event loop running in this
    thread meanwhile; the tests' own database calls stay synchronous and are safe, so Django is told
    so while the browser is open, and no longer once it is closed (the variable must not reach the
    processes other tests start)."""
    missing = _unavailable()
    if missing:
        if os.environ.get("BROWSER_TESTS") == "required":
            pytest.fail(f"browser tests are required here: {missing}")
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    before = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            yield launched
            launched.close()
    finally:
        if before is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = before


class Journey:
    """One visitor's browser tab with a numbered screenshot per step."""

    def __init__(self, browser, base_url: str, folder: Path, viewport: dict[str, int]) -> None:
        self.context = browser.new_context(
            base_url=base_url,
            viewport=viewport,
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            accept_downloads=True,
        )
        self.context.set_default_timeout(15_000)
        self.page = self.context.new_page()
        self.folder = folder
        self.shots = 0

    def shot(self, name: str) -> None:
        self.shots += 1
        # Every declared typeface loaded first: no half-drawn text in the picture.
        self.page.evaluate("Promise.all(Array.from(document.fonts, (face) => face.load())).then(() => true)")
        self.page.screenshot(path=self.folder / f"{self.shots:02d}-{name}.png", full_page=True)

    def sign_in(self, username: str, password: str) -> None:
        self.page.goto(reverse("login"))
        self.page.get_by_label("用户名").fill(username)
        self.page.get_by_label("密码").fill(password)
        self.page.get_by_role("button", name="登录").click()
        self.page.wait_for_load_state()

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="session")
def site(request: pytest.FixtureRequest):
    """The live server. Uploads have no public URL (``MEDIA_URL = None``), which Django's live
    server cannot start with; it gets a prefix nothing is ever served under while it starts."""
    from django.conf import settings

    saved = settings.MEDIA_URL
    settings.MEDIA_URL = "/__uploads_are_never_served__/"
    try:
        return request.getfixturevalue("live_server")
    finally:
        settings.MEDIA_URL = saved


@pytest.fixture
def journeys(browser, site, request) -> Iterator:
    """Open journeys on the live server: ``journeys("clerk")`` or ``journeys("org", phone=True)``."""
    folder = ARTIFACTS / re.sub(r"[^\w-]+", "_", request.node.name)
    shutil.rmtree(folder, ignore_errors=True)
    opened: list[Journey] = []

    def open_journey(role: str, *, phone: bool = False) -> Journey:
        where = folder / role
        where.mkdir(parents=True, exist_ok=True)
        journey = Journey(browser, site.url, where, PHONE if phone else DESKTOP)
        opened.append(journey)
        return journey

    yield open_journey
    for journey in opened:
        journey.close()


@pytest.fixture(autouse=True)
def seeded_vocabularies(vocabularies) -> None:
    """The live server needs committed rows, so these tests flush tables, the seeded vocabularies too."""
