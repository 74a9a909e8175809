"""Browser tests: Playwright (sync API) driving Debian's chromium against the live server.

Every page a test visits is saved as a full-page screenshot under test-artifacts/browser/, named in
visiting order, so a person can look through the flow as a user saw it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Chromium, for the tests of one module. While Playwright's sync API is running, its event
    loop counts as running in this thread, so Django would refuse ORM calls from the (plain
    synchronous) test body; the async-safety check is switched off for that time only."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is not installed (apt-get install chromium)"
        if os.environ.get("CI", "").lower() == "true":
            # CI installs chromium: a skip there would pass a build that never ran the flow.
            pytest.fail(f"{message}; CI must run the browser tests", pytrace=False)
        pytest.skip(f"{message}; browser tests skipped")
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            chromium = p.chromium.launch(
                executable_path=str(CHROMIUM),
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            try:
                yield chromium
            finally:
                chromium.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def live_admin(settings, live_server):
    """The live server as a browser on plain http reaches it: no secure-only cookies, static
    files from the apps (no collectstatic run)."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    return live_server


class Screenshots:
    """Numbers and saves a full-page screenshot of each page visited."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.count = 0
        directory.mkdir(parents=True, exist_ok=True)
        for old in directory.glob("*.png"):
            old.unlink()

    def __call__(self, page, name: str) -> Path:
        self.count += 1
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        path = self.directory / f"{self.count:02d}-{slug}.png"
        page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def shot() -> Screenshots:
    return Screenshots(ARTIFACTS)
