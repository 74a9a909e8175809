"""Standard Webhooks signatures, verified with the `standardwebhooks` library a CMS would use;
secrets generated, rotated with an overlap, migrated; the outbound guard on delivery."""

import base64
import importlib
import json
from datetime import timedelta

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.utils import timezone
from standardwebhooks import Webhook, WebhookVerificationError

from cms import services
from cms.models import WebhookDelivery, WebhookEndpoint
from tests.cms.conftest import WORKER_RECEIVER_HOST
from tests.cms.test_webhooks import SECRET, _publish, verify, wait_for

pytestmark = pytest.mark.usefixtures("loopback_allowed")


def _delivered(r, index=-1):
    headers, body = r.requests[index]
    return {k.lower(): v for k, v in headers.items()}, body


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_a_delivery_by_the_worker_verifies_with_the_standardwebhooks_library(
    celery_worker, make_receiver, editor, reviewer
):
    r = make_receiver("ok")
    _, secret = services.webhook_endpoint_create(name="CMS", url=r.url)
    assert secret.startswith("whsec_") and len(base64.b64decode(secret[6:])) == 24
    claim = _publish(editor, reviewer)
    delivery = WebhookDelivery.objects.get()
    assert wait_for(lambda: r.requests), list(delivery.attempts.values())
    headers, body = _delivered(r)
    payload = Webhook(secret).verify(body, headers)
    assert payload["type"] == "claim.published" and payload["data"]["claim_id"] == claim.pk
    assert headers["webhook-id"] == f"evt_{delivery.publication_event_id}"
    signature = headers["webhook-signature"]
    assert signature.startswith("v1,") and " " not in signature
    with pytest.raises(WebhookVerificationError):
        Webhook(services.webhook_secret_generate()).verify(body, headers)
    tampered = body.replace(b"claim.published", b"claim.corrected")
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(tampered, headers)

    def done():
        delivery.refresh_from_db()
        return delivery.status == WebhookDelivery.Status.SUCCEEDED

    assert wait_for(done)


@pytest.mark.django_db
def test_during_rotation_both_secrets_sign_and_after_the_window_only_the_new_one(
    editor, reviewer, make_receiver
):
    r = make_receiver("ok")
    endpoint, old = services.webhook_endpoint_create(name="CMS", url=r.url)
    new = services.webhook_endpoint_rotate_secret(endpoint=endpoint, overlap=timedelta(hours=2))
    assert new != old and new.startswith("whsec_")
    _publish(editor, reviewer)
    delivery = WebhookDelivery.objects.get()
    assert services.webhook_delivery_attempt(delivery_id=delivery.pk) == "succeeded"
    headers, body = _delivered(r)
    assert len(headers["webhook-signature"].split(" ")) == 2
    Webhook(new).verify(body, headers)  # a receiver already switched
    Webhook(old).verify(body, headers)  # a receiver not yet switched

    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        previous_secret_expires_at=timezone.now() - timedelta(seconds=1)
    )
    services.webhook_delivery_redeliver(delivery=delivery)
    assert services.webhook_delivery_attempt(delivery_id=delivery.pk) == "succeeded"
    headers, body = _delivered(r)
    assert len(headers["webhook-signature"].split(" ")) == 1
    Webhook(new).verify(body, headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(old).verify(body, headers)


@pytest.mark.django_db
def test_rotating_twice_keeps_only_the_last_two_secrets(make_receiver):
    r = make_receiver("ok")
    endpoint, first = services.webhook_endpoint_create(name="CMS", url=r.url)
    second = services.webhook_endpoint_rotate_secret(endpoint=endpoint)
    third = services.webhook_endpoint_rotate_secret(endpoint=endpoint)
    endpoint.refresh_from_db()
    assert services.webhook_signing_secrets(endpoint) == [third, second]
    assert first not in services.webhook_signing_secrets(endpoint)


@pytest.mark.django_db
def test_existing_secrets_are_migrated_so_old_and_new_verifiers_both_work(
    editor, reviewer, make_receiver
):
    """The data step of cms.0004: the legacy X-Factcheck-Signature still verifies with the
    secret the CMS already has; the library verifies with the migrated whsec_ form."""
    r = make_receiver("ok")
    endpoint = WebhookEndpoint.objects.create(name="old", url=r.url, secret=SECRET)
    migration = importlib.import_module("cms.migrations.0004_webhooks_standard_secrets")
    migration.secrets_to_standard_form(django_apps, None)
    endpoint.refresh_from_db()
    assert endpoint.secret == "whsec_" + base64.b64encode(SECRET.encode()).decode()
    _publish(editor, reviewer)
    delivery = WebhookDelivery.objects.get()
    assert services.webhook_delivery_attempt(delivery_id=delivery.pk) == "succeeded"
    headers, body = r.requests[-1]
    assert verify(headers, body, secret=SECRET)  # the consumer's old recipe, old secret
    Webhook(endpoint.secret).verify(body, headers)


@pytest.mark.django_db
def test_a_url_the_guard_refuses_is_failed_at_once_not_retried(
    editor, reviewer, make_receiver, settings
):
    r = make_receiver("ok")
    endpoint = WebhookEndpoint.objects.create(name="inside", url=r.url, secret=SECRET)
    settings.OUTBOUND_ALLOWED_HOSTS = []  # saved while allowlisted, then the allowlist changed
    _publish(editor, reviewer)
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert services.webhook_delivery_attempt(delivery_id=delivery.pk) == "refused"
    delivery.refresh_from_db()
    [attempt] = delivery.attempts.all()
    assert delivery.status == WebhookDelivery.Status.FAILED and delivery.attempt_count == 1
    assert attempt.error == (
        f"Refused, not retried: refused: {WORKER_RECEIVER_HOST} is a loopback address"
    )
    assert r.requests == []  # never contacted


@pytest.mark.django_db
def test_a_redirect_is_not_followed_and_the_attempt_is_retried(editor, reviewer, make_receiver):
    elsewhere = make_receiver("ok")
    r = make_receiver("redirect")
    r.redirect_to = elsewhere.url
    WebhookEndpoint.objects.create(name="moved", url=r.url, secret=SECRET)
    _publish(editor, reviewer)
    delivery = WebhookDelivery.objects.get()
    assert services.webhook_delivery_attempt(delivery_id=delivery.pk) == "retry"
    [attempt] = delivery.attempts.all()
    assert attempt.status_code == 302
    assert attempt.error == f"HTTP 302 (redirects are not followed) to {elsewhere.url}"
    assert elsewhere.requests == []


@pytest.mark.django_db
def test_a_huge_answer_is_read_only_in_part(editor, reviewer, make_receiver):
    r = make_receiver("big")
    WebhookEndpoint.objects.create(name="chatty", url=r.url, secret=SECRET)
    _publish(editor, reviewer)
    delivery = WebhookDelivery.objects.get()
    assert services.webhook_delivery_attempt(delivery_id=delivery.pk) == "succeeded"
    [attempt] = delivery.attempts.all()
    assert attempt.status_code == 200 and attempt.response_excerpt == "x" * 500


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1:8000/hook", "refused: 127.0.0.1 is a loopback address"),
        ("http://169.254.169.254/latest/meta-data/", "the cloud metadata address"),
        ("https://10.1.2.3/hook", "refused: 10.1.2.3 is a private address"),
        ("http://[::1]/hook", "is a loopback address"),
        ("http://[::ffff:127.0.0.1]/hook", "loopback address (127.0.0.1 inside an IPv6"),
        ("ftp://cms.example/hook", "only http and https"),
        ("http://localhost:8000/hook", "localhost resolves to 127.0.0.1, which is a loopback"),
        ("http://2130706433/hook", "is a loopback address"),  # 127.0.0.1 as one number
        ("http://user:pw@127.0.0.1/hook", "refused: 127.0.0.1 is a loopback address"),
    ],
)
def test_creating_an_endpoint_with_an_internal_url_is_refused(settings, url, reason):
    settings.OUTBOUND_ALLOWED_HOSTS = []
    with pytest.raises(ValidationError) as raised:
        services.webhook_endpoint_create(name="x", url=url)
    assert reason in " ".join(raised.value.messages)
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.django_db
def test_a_test_event_is_signed_and_its_outcome_returned(make_receiver):
    r = make_receiver("ok")
    endpoint, secret = services.webhook_endpoint_create(name="CMS", url=r.url)
    result = services.webhook_endpoint_test(endpoint=endpoint)
    assert (result.status_code, result.error, result.excerpt) == (200, "", "ok")
    headers, body = _delivered(r)
    payload = Webhook(secret).verify(body, headers)
    assert payload["type"] == "webhook.test" and payload["data"]["endpoint"] == "CMS"
    assert json.loads(body)["id"] == headers["webhook-id"]
    assert not WebhookDelivery.objects.exists()  # a ping, not an event in the log
