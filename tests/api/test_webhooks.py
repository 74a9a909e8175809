import hashlib
import hmac
import json
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction
from django.utils import timezone

from claims.services.workflow import claim_publish, claim_submit
from cms import services
from cms.models import WebhookDelivery, WebhookEndpoint
from tests.api.conftest import ready_for_review
from tests.factories import ClaimFactory

SECRET = "whsec-test-secret"


class Receiver:
    """A real HTTP endpoint on 127.0.0.1 that fails the first `failures` requests with 500."""

    def __init__(self, failures=0):
        self.requests = []
        self.failures = failures
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                code = 500 if len(receiver.requests) <= receiver.failures else 200
                self.send_response(code)
                self.end_headers()
                self.wfile.write(b"ok" if code == 200 else b"boom")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/factcheck"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    r = Receiver(failures=1)
    yield r
    r.close()


def verify(headers, body, secret=SECRET, tolerance=300):
    """The recipe from docs/api.md, as a consumer would write it."""
    timestamp = headers["X-Factcheck-Timestamp"]
    expected = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    signature = headers["X-Factcheck-Signature"].removeprefix("v1=")
    assert abs(time.time() - int(timestamp)) < tolerance
    return hmac.compare_digest(expected.hexdigest(), signature)


def wait_for(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def _publish(editor, reviewer):
    claim = ready_for_review(ClaimFactory(), editor, reviewer)
    claim = claim_submit(claim=claim, actor=editor)
    return claim_publish(claim=claim, actor=reviewer)


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_published_claim_is_delivered_signed_retried_after_500_and_logged(
    celery_worker, receiver, editor, reviewer
):
    WebhookEndpoint.objects.create(name="CMS", url=receiver.url, secret=SECRET)
    claim = _publish(editor, reviewer)
    delivery = WebhookDelivery.objects.get()

    def done():
        delivery.refresh_from_db()
        return delivery.status == WebhookDelivery.Status.SUCCEEDED

    assert wait_for(done), list(delivery.attempts.values())
    attempts = list(delivery.attempts.order_by("id"))
    assert [a.status_code for a in attempts] == [500, 200]
    assert attempts[0].error == "HTTP 500" and attempts[1].error == ""
    assert attempts[1].attempted_at > attempts[0].attempted_at
    assert delivery.attempt_count == 2

    assert len(receiver.requests) == 2
    for headers, body in receiver.requests:
        assert verify(headers, body)
        assert not verify(headers, body, secret="wrong")
        assert headers["X-Factcheck-Event"] == "claim.published"
        assert headers["X-Factcheck-Event-Id"] == f"evt_{delivery.publication_event_id}"
    payload = json.loads(receiver.requests[-1][1])
    assert payload["type"] == "claim.published"
    assert payload["data"]["claim_id"] == claim.pk
    assert payload["data"]["claimReview"]["@type"] == "ClaimReview"

    # The admin's "redeliver" sends it again, with the same event id for the receiver to dedupe.
    services.webhook_delivery_redeliver(delivery=delivery)
    assert wait_for(lambda: len(receiver.requests) == 3)
    assert receiver.requests[2][0]["X-Factcheck-Event-Id"] == f"evt_{delivery.publication_event_id}"
    assert wait_for(lambda: delivery.attempts.count() == 3)


@pytest.mark.django_db
def test_deliveries_are_created_with_the_event_for_subscribed_active_endpoints_only(
    editor, reviewer, django_capture_on_commit_callbacks
):
    subscribed = WebhookEndpoint.objects.create(name="a", url="https://a.example/", secret="s")
    WebhookEndpoint.objects.create(
        name="b", url="https://b.example/", secret="s", events=["claim.unpublished"]
    )
    WebhookEndpoint.objects.create(name="c", url="https://c.example/", secret="s", active=False)
    with django_capture_on_commit_callbacks() as callbacks:
        _publish(editor, reviewer)
    [delivery] = WebhookDelivery.objects.all()
    assert delivery.endpoint == subscribed
    assert delivery.event_type == "claim.published"
    assert callbacks  # enqueued on commit, not before


@pytest.mark.django_db
def test_a_rolled_back_publication_leaves_no_delivery(editor, reviewer):
    WebhookEndpoint.objects.create(name="a", url="https://a.example/", secret="s")
    claim = claim_submit(claim=ready_for_review(ClaimFactory(), editor, reviewer), actor=editor)
    with pytest.raises(RuntimeError), transaction.atomic():
        claim_publish(claim=claim, actor=reviewer)
        raise RuntimeError("crash before commit")
    assert not WebhookDelivery.objects.exists()


@pytest.mark.django_db
def test_the_sweep_resends_pending_deliveries_past_due(editor, reviewer, monkeypatch):
    WebhookEndpoint.objects.create(name="a", url="https://a.example/", secret="s")
    _publish(editor, reviewer)
    sent = []
    from cms import tasks

    monkeypatch.setattr(tasks.deliver_webhook, "delay", lambda pk: sent.append(pk))
    assert services.webhook_deliveries_sweep() == 0  # just created: its own task will send it
    WebhookDelivery.objects.update(next_attempt_at=timezone.now() - timedelta(minutes=5))
    assert services.webhook_deliveries_sweep() == 1
    assert sent == [WebhookDelivery.objects.get().pk]


@pytest.mark.django_db
def test_an_attempt_against_a_dead_endpoint_is_logged_and_rescheduled(editor, reviewer):
    WebhookEndpoint.objects.create(name="a", url="http://127.0.0.1:9/", secret="s")
    _publish(editor, reviewer)
    delivery = WebhookDelivery.objects.get()
    assert services.webhook_delivery_attempt(delivery_id=delivery.pk) == "retry"
    delivery.refresh_from_db()
    [attempt] = delivery.attempts.all()
    assert attempt.status_code is None and "ConnectionError" in attempt.error
    assert delivery.status == "pending" and delivery.next_attempt_at > timezone.now()
    # Not due yet: a duplicate task does nothing.
    assert services.webhook_delivery_attempt(delivery_id=delivery.pk) == "not-due"
