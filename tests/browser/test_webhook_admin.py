"""The webhook endpoint admin in a real browser: create an endpoint, see its secret once, send a
test event to a real receiver and see the result."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from standardwebhooks import Webhook

from cms.models import WebhookEndpoint
from tests.cms.conftest import Receiver

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_creates_an_endpoint_sees_the_secret_once_and_sends_a_test_event(
    browser, live_admin, settings
):
    from playwright.sync_api import expect

    get_user_model().objects.create_superuser("root", "root@newsroom.example", "pw-root-1")
    r = Receiver("ok")
    settings.OUTBOUND_ALLOWED_HOSTS = [r.host]  # the live server runs in this process
    base = live_admin.url
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto(f"{base}/admin/login/?next=/admin/cms/webhookendpoint/add/")
        page.fill("#id_username", "root")
        page.fill("#id_password", "pw-root-1")
        page.get_by_role("button", name="Log in").click()
        page.fill("#id_name", "Newsroom CMS")
        page.fill("#id_url", "http://169.254.169.254/latest/")
        page.get_by_role("button", name="Save and continue editing").click()
        expect(page.locator("#id_url_error")).to_contain_text(
            "169.254.169.254 is the cloud metadata address"
        )
        page.fill("#id_url", r.url)
        expect(page.get_by_label("claim.corrected")).to_be_checked()  # all events by default
        page.get_by_role("button", name="Save and continue editing").click()
        endpoint = WebhookEndpoint.objects.get()
        expect(page.locator("ul.messagelist")).to_contain_text(endpoint.secret)
        page.reload()
        expect(page.locator("ul.messagelist")).to_have_count(0)
        assert endpoint.secret not in page.content()

        page.get_by_role("button", name="Save and send a test event (webhook.test)").click()
        expect(page.locator("ul.messagelist li.success")).to_contain_text(
            "Test event to Newsroom CMS delivered: HTTP 200"
        )
    finally:
        context.close()
        r.close()
    headers, body = r.requests[-1]
    assert Webhook(endpoint.secret).verify(body, headers)["type"] == "webhook.test"
