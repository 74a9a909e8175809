"""The webhook admin: secret shown once, URLs checked on save, test event and rotation buttons,
a read-only delivery log."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from standardwebhooks import Webhook

from cms import services
from cms.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from tests.cms.test_webhooks import SECRET, _publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("loopback_allowed")]
ADD = reverse("admin:cms_webhookendpoint_add")
EVENTS = ["claim.published", "claim.corrected"]


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def test_a_new_endpoint_gets_a_secret_shown_once(admin_client, make_receiver):
    r = make_receiver("ok")
    response = admin_client.post(
        ADD, {"name": "CMS", "url": r.url, "events": EVENTS, "active": "on"}, follow=True
    )
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.secret.startswith("whsec_") and endpoint.events == EVENTS
    [message] = [m for m in _messages(response) if "signing secret" in m]
    assert endpoint.secret in message and "will not be shown again" in message
    page = admin_client.get(reverse("admin:cms_webhookendpoint_change", args=[endpoint.pk]))
    html = page.content.decode()
    assert endpoint.secret not in html and endpoint.secret[:10] + "…" in html


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("http://127.0.0.1:8000/hook", "refused: 127.0.0.1 is a loopback address"),
        ("http://169.254.169.254/latest/", "169.254.169.254 is the cloud metadata address"),
        ("http://192.168.1.10/hook", "refused: 192.168.1.10 is a private address"),
    ],
)
def test_an_internal_url_is_refused_on_save_with_the_reason(admin_client, settings, url, shown):
    settings.OUTBOUND_ALLOWED_HOSTS = []
    response = admin_client.post(ADD, {"name": "CMS", "url": url, "events": EVENTS})
    assert response.status_code == 200
    assert shown in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_changing_an_endpoint_to_an_internal_url_is_refused(admin_client, settings, make_receiver):
    r = make_receiver("ok")
    endpoint, _ = services.webhook_endpoint_create(name="CMS", url=r.url)
    settings.OUTBOUND_ALLOWED_HOSTS = []
    change = reverse("admin:cms_webhookendpoint_change", args=[endpoint.pk])
    response = admin_client.post(
        change, {"name": "CMS", "url": "http://169.254.169.254/", "events": EVENTS}
    )
    assert "the cloud metadata address" in response.content.decode()
    endpoint.refresh_from_db()
    assert endpoint.url == r.url


def test_the_test_button_delivers_a_signed_webhook_test_and_shows_the_result(
    admin_client, make_receiver
):
    r = make_receiver("ok")
    endpoint, secret = services.webhook_endpoint_create(name="CMS", url=r.url, events=EVENTS)
    change = reverse("admin:cms_webhookendpoint_change", args=[endpoint.pk])
    form = {"name": "CMS", "url": r.url, "events": EVENTS, "active": "on"}
    response = admin_client.post(change, {**form, "_send_test": "1"}, follow=True)
    [message] = _messages(response)
    assert message.startswith("Test event to CMS delivered: HTTP 200 in ")
    headers, body = r.requests[-1]
    assert Webhook(secret).verify(body, headers)["type"] == "webhook.test"

    r.behaviour = "error"
    response = admin_client.post(change, {**form, "_send_test": "1"}, follow=True)
    [message] = _messages(response)
    assert message.startswith("Test event to CMS failed: HTTP 500 in ")
    assert message.endswith(": HTTP 500. Response: boom")


def test_the_test_action_reports_an_endpoint_that_is_down(admin_client, make_receiver):
    r = make_receiver("ok")
    endpoint, _ = services.webhook_endpoint_create(name="Gone", url=r.url)
    r.close()
    response = admin_client.post(
        reverse("admin:cms_webhookendpoint_changelist"),
        {"action": "send_test_event", "_selected_action": [endpoint.pk]},
        follow=True,
    )
    [message] = _messages(response)
    assert message.startswith("Test event to Gone failed: no answer in ")
    assert "Connection refused" in message


def test_rotating_shows_the_new_secret_once_and_both_sign_meanwhile(admin_client, make_receiver):
    r = make_receiver("ok")
    endpoint, old = services.webhook_endpoint_create(name="CMS", url=r.url, events=EVENTS)
    change = reverse("admin:cms_webhookendpoint_change", args=[endpoint.pk])
    form = {"name": "CMS", "url": r.url, "events": EVENTS, "active": "on"}
    response = admin_client.post(change, {**form, "_rotate": "1"}, follow=True)
    endpoint.refresh_from_db()
    [message] = _messages(response)
    assert endpoint.secret != old and endpoint.secret in message
    assert "signed with both the new and the old secret" in message
    assert endpoint.previous_secret == old
    assert endpoint.previous_secret_expires_at > timezone.now() + timedelta(hours=23)
    html = admin_client.get(change).content.decode()
    assert endpoint.secret not in html and old not in html
    result = services.webhook_endpoint_test(endpoint=endpoint)
    assert result.status_code == 200
    headers, body = r.requests[-1]
    Webhook(old).verify(body, headers)
    Webhook(endpoint.secret).verify(body, headers)


def _log(editor, reviewer):
    endpoint = WebhookEndpoint.objects.create(name="CMS", url="https://cms.example/", secret=SECRET)
    _publish(editor, reviewer)
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    WebhookAttempt.objects.create(
        delivery=delivery, attempted_at=timezone.now(), status_code=500, error="HTTP 500"
    )
    return delivery


def test_the_delivery_log_is_read_only_and_shows_its_attempts(admin_client, editor, reviewer):
    delivery = _log(editor, reviewer)
    change = reverse("admin:cms_webhookdelivery_change", args=[delivery.pk])
    html = admin_client.get(change).content.decode()
    assert 'name="_save"' not in html and 'name="_continue"' not in html
    assert "deletelink" not in html
    assert "HTTP 500" in html  # the attempt is listed
    assert admin_client.post(change, {"status": "succeeded"}).status_code == 403
    delivery.refresh_from_db()
    assert delivery.status == "pending"
    delete = reverse("admin:cms_webhookdelivery_delete", args=[delivery.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert admin_client.get(reverse("admin:cms_webhookdelivery_add")).status_code == 403
    changelist = admin_client.get(reverse("admin:cms_webhookdelivery_changelist"))
    actions = [value for value, _ in changelist.context["action_form"].fields["action"].choices]
    assert "delete_selected" not in actions and "redeliver" in actions
    assert WebhookDelivery.objects.filter(pk=delivery.pk).exists()


def test_next_attempt_is_shown_only_for_pending_deliveries(admin_client, editor, reviewer):
    delivery = _log(editor, reviewer)
    changelist = reverse("admin:cms_webhookdelivery_changelist")

    def next_attempt_cell():
        html = admin_client.get(changelist).content.decode()
        return re.search(r'<td class="field-next_attempt[^"]*">(.*?)</td>', html).group(1)

    assert re.search(r"\d{4}|\d{1,2}:\d{2}", next_attempt_cell())  # a time
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status="succeeded")
    assert next_attempt_cell() == "—"
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status="failed")
    assert next_attempt_cell() == "—"
    html = admin_client.get(
        reverse("admin:cms_webhookdelivery_change", args=[delivery.pk])
    ).content.decode()
    assert re.search(r"Next attempt:</label>\s*<div class=\"readonly\">—</div>", html)


def test_redeliver_still_works_on_the_read_only_log(admin_client, editor, reviewer):
    delivery = _log(editor, reviewer)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status="failed", attempt_count=10)
    response = admin_client.post(
        reverse("admin:cms_webhookdelivery_changelist"),
        {"action": "redeliver", "_selected_action": [delivery.pk]},
        follow=True,
    )
    assert "Queued 1 delivery(ies) for redelivery." in _messages(response)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempt_count) == ("pending", 0)
