"""The Content-Security-Policy in a real browser: the admin, a claim page, the browsable API and
Swagger UI run with nothing blocked; a locked-out login and two-factor enrolment as a user sees
them."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings

from tests.factories import ClaimFactory, EvidenceFactory, ReviewerFactory

PASSWORD = "pw-for-tests"

pytestmark = [pytest.mark.django_db(transaction=True)]


def _page(browser, errors: list[str]):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on(
        "console",
        lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return page


def _log_in(page, base: str, username: str, password: str = PASSWORD):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Log in").click()


def test_admin_and_api_pages_run_under_the_policy(browser, live_admin, shot):
    from playwright.sync_api import expect

    base = live_admin.url
    reviewer = ReviewerFactory(username="csp-reviewer")
    claim = ClaimFactory()
    EvidenceFactory(claim=claim)
    errors: list[str] = []
    page = _page(browser, errors)
    _log_in(page, base, reviewer.username)
    expect(page).to_have_url(f"{base}/admin/")
    for path in (
        "/admin/",
        f"/admin/claims/claim/{claim.pk}/change/",
        "/admin/claims/usertoken/",
        "/api/claims/",
        "/api/docs/",
    ):
        response = page.goto(f"{base}{path}")
        assert response.status == 200, path
        assert "Content-Security-Policy" in {k.title(): v for k, v in response.headers.items()}
        if path == "/api/docs/":
            # Swagger UI (served from this site by drf-spectacular-sidecar) ran under the policy.
            expect(page.locator(".swagger-ui .opblock").first).to_be_visible(timeout=30_000)
        shot(page, f"csp {path}")
        assert errors == [], (path, errors)


def test_a_locked_out_login_says_so_in_the_browser(browser, live_admin, shot):
    from playwright.sync_api import expect

    reviewer = ReviewerFactory(username="locked-reviewer")
    errors: list[str] = []
    page = _page(browser, errors)
    for n in range(django_settings.AXES_FAILURE_LIMIT):
        _log_in(page, live_admin.url, reviewer.username, f"wrong-{n}")
    _log_in(page, live_admin.url, reviewer.username, PASSWORD)
    expect(page.locator(".errornote")).to_contain_text("Sign-in locked: too many failed logins")
    shot(page, "locked out")
    page.goto(f"{live_admin.url}/admin/")
    expect(page).to_have_url(f"{live_admin.url}/admin/login/?next=/admin/")
    assert errors == []
