"""The API docs work offline: Swagger UI (/api/docs/) and ReDoc (/api/redoc/) come from
drf-spectacular-sidecar's static files. The browser is cut off from everything but the test
server, as a newsroom without internet (or behind a strict proxy) would be.
Screenshots: test-artifacts/browser/api-docs/NN-*.png."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import ARTIFACTS, Screenshots
from tests.factories import ReviewerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests"  # what tests.factories.UserFactory gives every user
LOCAL = {"localhost", "127.0.0.1", "::1"}


@pytest.fixture(scope="module")
def shot() -> Screenshots:
    return Screenshots(ARTIFACTS / "api-docs")


@pytest.fixture
def offline_page(browser, live_admin):
    """A logged-in page whose every request to another host is aborted (and recorded)."""
    ReviewerFactory(username="desk-lead")
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    context.set_default_timeout(15_000)
    blocked: list[str] = []

    def only_local(route):
        if urlsplit(route.request.url).hostname in LOCAL:
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_admin.url}/admin/login/?next=/admin/")
    page.fill("#id_username", "desk-lead")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_admin.url}/admin/")
    page.blocked = blocked
    page.errors = errors
    yield page
    context.close()


def test_swagger_ui_renders_the_operations_with_outside_requests_blocked(
    offline_page, live_admin, shot
):
    from playwright.sync_api import expect

    page = offline_page
    page.goto(f"{live_admin.url}/api/docs/")
    operations = page.locator(".swagger-ui .opblock")
    expect(operations.first).to_be_visible(timeout=30_000)
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("factcheck API")
    expect(page.locator(".swagger-ui")).to_contain_text("/api/claims/")
    assert operations.count() > 20
    shot(page, "swagger ui offline")
    assert page.blocked == []  # it never even tried to reach another host
    assert page.errors == []


def test_redoc_renders_the_operations_with_outside_requests_blocked(offline_page, live_admin, shot):
    from playwright.sync_api import expect

    page = offline_page
    page.goto(f"{live_admin.url}/api/redoc/")
    # ReDoc renders the whole schema before the page shows it: slow on a busy machine.
    expect(page.locator("h1").first).to_contain_text("factcheck API", timeout=30_000)
    expect(page.get_by_text("/api/claims/{id}/").first).to_be_attached()
    # The viewport only: ReDoc's page is the whole schema, too tall for a full-page screenshot.
    page.screenshot(path=str(shot.directory / "redoc-offline.png"), timeout=30_000)
    # Only ReDoc's "API docs by Redocly" footer logo, hard-wired to its CDN in the bundle; the
    # bundle hides the image when it does not load.
    assert [u for u in page.blocked if not u.endswith("/redoc/logo-mini.svg")] == []
    assert page.errors == []
