import hashlib
import hmac
import json
import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from claims.services.workflow import claim_publish, claim_submit
from cms import services
from cms.models import WebhookDelivery, WebhookEndpoint
from tests.conftest import ready_for_review
from tests.factories import ClaimFactory

SECRET = "whsec-test-secret"
pytestmark = pytest.mark.usefixtures("loopback_allowed")


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
def test_deliveries_are_created_with_the_event_for_subscribed_endpoints_paused_ones_too(
    editor, reviewer, django_capture_on_commit_callbacks, monkeypatch
):
    from cms import tasks

    subscribed = WebhookEndpoint.objects.create(name="a", url="https://a.example/", secret="s")
    WebhookEndpoint.objects.create(
        name="b", url="https://b.example/", secret="s", events=["claim.unpublished"]
    )
    paused = WebhookEndpoint.objects.create(
        name="c", url="https://c.example/", secret="s", active=False
    )
    queued = []
    monkeypatch.setattr(
        tasks.deliver_webhook, "apply_async", lambda args, **kw: queued.append(args)
    )
    with django_capture_on_commit_callbacks(execute=True):
        _publish(editor, reviewer)
    deliveries = {d.endpoint: d for d in WebhookDelivery.objects.all()}
    assert set(deliveries) == {subscribed, paused}
    assert all(d.event_type == "claim.published" for d in deliveries.values())
    assert queued == [(deliveries[subscribed].pk,)]  # enqueued on commit; the paused one waits


@pytest.mark.django_db
def test_a_paused_endpoint_gets_its_events_once_active_again(editor, reviewer, make_receiver):
    r = make_receiver("ok")
    endpoint = WebhookEndpoint.objects.create(name="a", url=r.url, secret=SECRET, active=False)
    _publish(editor, reviewer)
    delivery = WebhookDelivery.objects.get()
    assert services.webhook_delivery_attempt(delivery_id=delivery.pk) == "endpoint-paused"
    WebhookDelivery.objects.update(next_attempt_at=timezone.now() - timedelta(minutes=5))
    assert services.webhook_deliveries_sweep() == 0
    assert not delivery.attempts.exists() and r.requests == []
    endpoint.active = True
    endpoint.save()
    assert services.webhook_deliveries_sweep() == 1
    assert services.webhook_delivery_attempt(delivery_id=delivery.pk) == "succeeded"
    assert len(r.requests) == 1


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
def test_the_sweep_sends_a_due_delivery_once_per_interval_not_on_every_run(
    editor, reviewer, monkeypatch, settings
):
    """A delivery still waiting in a long queue is not queued again on every sweep run."""
    settings.FACTCHECK_WEBHOOK_RESWEEP_SECONDS = 120
    WebhookEndpoint.objects.create(name="a", url="https://a.example/", secret="s")
    _publish(editor, reviewer)
    sent = []
    from cms import tasks

    monkeypatch.setattr(tasks.deliver_webhook, "delay", lambda pk: sent.append(pk))
    WebhookDelivery.objects.update(next_attempt_at=timezone.now() - timedelta(minutes=5))
    assert services.webhook_deliveries_sweep() == 1
    assert services.webhook_deliveries_sweep() == 0  # sent a moment ago: still in the queue
    assert services.webhook_deliveries_sweep() == 0
    WebhookDelivery.objects.update(swept_at=timezone.now() - timedelta(seconds=121))
    assert services.webhook_deliveries_sweep() == 1  # the message was lost: sent again
    delivery = WebhookDelivery.objects.get()
    assert sent == [delivery.pk, delivery.pk]
    # An admin's "send again" is not held back by the interval.
    services.webhook_delivery_redeliver(delivery=delivery)
    WebhookDelivery.objects.update(next_attempt_at=timezone.now() - timedelta(minutes=5))
    assert services.webhook_deliveries_sweep() == 1


def _due(delivery):
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=timezone.now() - timedelta(minutes=5)
    )


@pytest.mark.django_db
def test_an_attempt_against_a_dead_endpoint_is_logged_and_rescheduled(editor, reviewer):
    WebhookEndpoint.objects.create(name="a", url="http://127.0.0.1:9/", secret="s")
    _publish(editor, reviewer)
    delivery = WebhookDelivery.objects.get()
    assert services.webhook_delivery_attempt(delivery_id=delivery.pk) == "retry"
    delivery.refresh_from_db()
    [attempt] = delivery.attempts.all()
    assert attempt.status_code is None
    assert attempt.error == "cannot connect to 127.0.0.1:9: Connection refused"
    assert attempt.finished_at is not None
    assert delivery.status == "pending" and delivery.next_attempt_at > timezone.now()
    # Not due yet: a duplicate task does nothing.
    assert services.webhook_delivery_attempt(delivery_id=delivery.pk) == "not-due"


@pytest.mark.django_db
def test_a_trickling_receiver_is_cut_off_at_the_deadline_logged_and_retried(
    editor, reviewer, make_receiver, settings, monkeypatch
):
    """Each byte arrives well within the per-read timeout, so only a total deadline ends it."""
    settings.FACTCHECK_WEBHOOK_TIMEOUT_SECONDS = 10
    settings.FACTCHECK_WEBHOOK_DEADLINE_SECONDS = 1.5
    r = make_receiver("trickle")
    WebhookEndpoint.objects.create(name="slow", url=r.url, secret=SECRET)
    _publish(editor, reviewer)
    delivery = WebhookDelivery.objects.get()
    started = time.monotonic()
    assert services.webhook_delivery_attempt(delivery_id=delivery.pk) == "retry"
    assert time.monotonic() - started < 5
    delivery.refresh_from_db()
    [attempt] = delivery.attempts.all()
    assert attempt.status_code is None
    assert attempt.error.startswith("no complete answer within 1.5 s")
    assert attempt.finished_at is not None
    assert 1400 <= attempt.duration_ms < 5000
    assert delivery.attempt_count == 1 and delivery.next_attempt_at > timezone.now()


@pytest.mark.django_db
def test_a_receiver_that_hangs_up_is_logged_and_retried(editor, reviewer, make_receiver):
    r = make_receiver("close")
    WebhookEndpoint.objects.create(name="rude", url=r.url, secret=SECRET)
    _publish(editor, reviewer)
    delivery = WebhookDelivery.objects.get()
    assert services.webhook_delivery_attempt(delivery_id=delivery.pk) == "retry"
    [attempt] = delivery.attempts.all()
    assert attempt.status_code is None and "RemoteDisconnected" in attempt.error
    assert len(r.requests) == 1


@pytest.mark.django_db
def test_an_unexpected_error_is_logged_as_an_attempt_not_rolled_back(
    editor, reviewer, make_receiver, monkeypatch
):
    import http.client

    def broken(self):
        raise ValueError("parser exploded")

    monkeypatch.setattr(http.client.HTTPConnection, "getresponse", broken)
    r = make_receiver("ok")
    WebhookEndpoint.objects.create(name="a", url=r.url, secret=SECRET)
    _publish(editor, reviewer)
    delivery = WebhookDelivery.objects.get()
    assert services.webhook_delivery_attempt(delivery_id=delivery.pk) == "retry"
    delivery.refresh_from_db()
    [attempt] = delivery.attempts.all()
    assert attempt.error == f"request to {r.host.split(':')[0]} failed: ValueError: parser exploded"
    assert delivery.attempt_count == 1 and delivery.next_attempt_at > timezone.now()


@pytest.mark.django_db
def test_backoff_grows_and_the_delivery_gives_up_after_max_attempts(
    editor, reviewer, make_receiver, settings
):
    settings.FACTCHECK_WEBHOOK_MAX_ATTEMPTS = 3
    settings.FACTCHECK_WEBHOOK_RETRY_BASE_SECONDS = 30
    r = make_receiver("error")
    WebhookEndpoint.objects.create(name="down", url=r.url, secret=SECRET)
    _publish(editor, reviewer)
    delivery = WebhookDelivery.objects.get()
    waits = []
    for expected in ["retry", "retry", "gave-up"]:
        _due(delivery)
        before = timezone.now()
        assert services.webhook_delivery_attempt(delivery_id=delivery.pk) == expected
        delivery.refresh_from_db()
        waits.append((delivery.next_attempt_at - before).total_seconds())
    assert 29 < waits[0] < 32 and 59 < waits[1] < 62
    assert delivery.status == "failed" and delivery.attempt_count == 3
    assert [a.status_code for a in delivery.attempts.all()] == [500, 500, 500]
    assert [a.error for a in delivery.attempts.all()] == ["HTTP 500"] * 3
    _due(delivery)
    assert services.webhook_deliveries_sweep() == 0
    # The admin's redeliver starts a fresh round.
    services.webhook_delivery_redeliver(delivery=delivery)
    assert services.webhook_delivery_attempt(delivery_id=delivery.pk) == "retry"
    assert delivery.attempts.count() == 4


@pytest.mark.django_db
def test_a_worker_killed_mid_delivery_loses_no_event(editor, reviewer, make_receiver, monkeypatch):
    """The claim is committed with a lease before the POST; a worker that dies then records
    nothing. When the lease expires the sweep re-sends, and the log shows the lost attempt."""
    from cms import tasks

    r = make_receiver("ok")
    WebhookEndpoint.objects.create(name="a", url=r.url, secret=SECRET)
    _publish(editor, reviewer)
    delivery = WebhookDelivery.objects.get()
    claimed = services._delivery_claim(delivery.pk)  # ... and the worker is killed here
    assert not isinstance(claimed, str)
    delivery.refresh_from_db()
    assert delivery.attempt_count == 1 and delivery.next_attempt_at > timezone.now()
    # While the lease runs, neither a duplicate task nor the sweep sends it again.
    assert services.webhook_delivery_attempt(delivery_id=delivery.pk) == "not-due"
    sent = []
    monkeypatch.setattr(tasks.deliver_webhook, "delay", lambda pk: sent.append(pk))
    assert services.webhook_deliveries_sweep() == 0
    _due(delivery)  # the lease expired
    assert services.webhook_deliveries_sweep() == 1 and sent == [delivery.pk]
    assert services.webhook_delivery_attempt(delivery_id=delivery.pk) == "succeeded"
    lost, done = delivery.attempts.all()
    assert lost.finished_at is None and lost.error == services.LOST_ATTEMPT
    assert done.status_code == 200 and done.finished_at is not None
    assert len(r.requests) == 1


@pytest.mark.django_db
def test_a_late_outcome_after_redelivery_does_not_overwrite_it(editor, reviewer, make_receiver):
    r = make_receiver("ok")
    WebhookEndpoint.objects.create(name="a", url=r.url, secret=SECRET)
    _publish(editor, reviewer)
    delivery = WebhookDelivery.objects.get()
    slow = services._delivery_claim(delivery.pk)
    services.webhook_delivery_redeliver(delivery=delivery)
    assert services.webhook_delivery_attempt(delivery_id=delivery.pk) == "succeeded"
    late = services.SendResult(status_code=None, duration_ms=30000, error="Timeout")
    assert services._delivery_record(slow, late) == "superseded"
    delivery.refresh_from_db()
    assert delivery.status == "succeeded"
    assert sorted(a.error for a in delivery.attempts.all()) == ["", "Timeout"]


@pytest.mark.django_db
def test_long_retries_are_left_to_the_sweep_not_to_broker_countdowns(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    """A countdown longer than the Redis visibility timeout is handed to a second worker while
    the first still holds it; such waits go to the sweep instead."""
    from cms import tasks

    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 900}
    queued = []
    monkeypatch.setattr(
        tasks.deliver_webhook, "apply_async", lambda args, countdown: queued.append(countdown)
    )
    with django_capture_on_commit_callbacks(execute=True):
        services._enqueue_on_commit(1, countdown=240)
        services._enqueue_on_commit(2, countdown=services.retry_delay(8))
    assert queued == [240]
    assert services.retry_delay(8) > 900 / 2


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_the_worker_holds_no_lock_or_transaction_while_the_receiver_is_slow(
    celery_worker, make_receiver, editor, reviewer
):
    from django.db import connection

    r = make_receiver("hold")
    WebhookEndpoint.objects.create(name="slow", url=r.url, secret=SECRET)
    _publish(editor, reviewer)
    delivery = WebhookDelivery.objects.get()
    assert wait_for(lambda: len(r.requests) == 1)
    with transaction.atomic():  # NOWAIT: fails at once if the worker held the row lock
        WebhookDelivery.objects.select_for_update(nowait=True).get(pk=delivery.pk)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND state LIKE 'idle in transaction%%' AND pid <> pg_backend_pid()"
        )
        assert cursor.fetchone()[0] == 0
    delivery.refresh_from_db()
    assert delivery.attempt_count == 1 and delivery.attempts.get().finished_at is None
    r.release.set()

    def done():
        delivery.refresh_from_db()
        return delivery.status == WebhookDelivery.Status.SUCCEEDED

    assert wait_for(done)
    assert delivery.attempts.get().status_code == 200


# --- Corrections: the claimreview.corrected event ---

CORRECTION_NOTE = "We cited the preliminary count; the final count is 3.1 million."


def _correct(claim, reviewer):
    from claims.services.workflow import claim_correct
    from tests.factories import rating

    return claim_correct(
        claim=claim.pk, actor=reviewer, rating=rating("False"), note=CORRECTION_NOTE
    )


@pytest.mark.django_db
def test_a_correction_is_delivered_as_claimreview_corrected_signed(editor, reviewer, make_receiver):
    from standardwebhooks import Webhook

    r = make_receiver("ok")
    endpoint, secret = services.webhook_endpoint_create(name="CMS", url=r.url)
    assert "claimreview.corrected" in endpoint.events  # new endpoints get every event
    claim = _publish(editor, reviewer)
    _correct(claim, reviewer)
    published, corrected = WebhookDelivery.objects.order_by("id")
    assert published.event_type == "claim.published"
    assert corrected.event_type == "claimreview.corrected"
    assert corrected.publication_event.kind == "corrected"

    assert services.webhook_delivery_attempt(delivery_id=corrected.pk) == "succeeded"
    [(headers, body)] = r.requests
    headers = {k.lower(): v for k, v in headers.items()}
    payload = Webhook(secret).verify(body, headers)  # signed as every delivery is
    assert headers["x-factcheck-event"] == "claimreview.corrected"
    assert headers["webhook-id"] == f"evt_{corrected.publication_event_id}"
    assert payload["type"] == "claimreview.corrected"
    data = payload["data"]
    assert (data["type"], data["claim_id"]) == ("claim.corrected", claim.pk)
    assert data["claimReview"]["reviewRating"]["alternateName"] == "False"
    assert data["claimReview"]["correction"][0]["text"] == CORRECTION_NOTE
    assert data["correction"]["previous"]["reviewRating"]["alternateName"] == "Mostly false"
    corrected.refresh_from_db()
    assert corrected.status == WebhookDelivery.Status.SUCCEEDED


@pytest.mark.django_db
def test_a_correction_goes_once_to_each_endpoint_under_the_name_it_subscribed_to(editor, reviewer):
    def endpoint(name, events):
        return WebhookEndpoint.objects.create(
            name=name, url=f"https://{name}.example/", secret="s", events=events
        )

    new = endpoint("new", ["claimreview.corrected"])
    legacy = endpoint("legacy", ["claim.published", "claim.corrected"])
    both = endpoint("both", ["claim.corrected", "claimreview.corrected"])
    endpoint("publications", ["claim.published", "claim.unpublished"])
    claim = _publish(editor, reviewer)
    WebhookDelivery.objects.all().delete()
    _correct(claim, reviewer)
    got = dict(WebhookDelivery.objects.values_list("endpoint__name", "event_type"))
    assert got == {
        new.name: "claimreview.corrected",
        legacy.name: "claim.corrected",
        both.name: "claimreview.corrected",
    }


@pytest.mark.django_db
def test_verdict_stands_and_a_refused_correction_send_nothing(editor, reviewer):
    from claims.services.workflow import WorkflowError, claim_correct, claim_verdict_confirm

    WebhookEndpoint.objects.create(name="CMS", url="https://cms.example/", secret="s")
    claim = _publish(editor, reviewer)
    claim_verdict_confirm(claim=claim.pk, actor=reviewer, note="Still right.")
    with pytest.raises(WorkflowError):
        claim_correct(claim=claim.pk, actor=reviewer, note="Nothing changed.")
    assert list(WebhookDelivery.objects.values_list("event_type", flat=True)) == ["claim.published"]


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_the_worker_delivers_a_correction_after_the_publication(
    celery_worker, make_receiver, editor, reviewer
):
    r = make_receiver("ok")
    WebhookEndpoint.objects.create(name="CMS", url=r.url, secret=SECRET)
    claim = _publish(editor, reviewer)
    _correct(claim, reviewer)
    assert wait_for(lambda: len(r.requests) == 2), list(WebhookDelivery.objects.values())
    by_event = {headers["X-Factcheck-Event"]: (headers, body) for headers, body in r.requests}
    assert set(by_event) == {"claim.published", "claimreview.corrected"}
    headers, body = by_event["claimreview.corrected"]
    assert verify(headers, body)
    payload = json.loads(body)
    assert payload["data"]["claimReview"]["correction"][0]["text"] == CORRECTION_NOTE
    assert payload["data"]["claimReview"]["reviewRating"]["alternateName"] == "False"
    assert wait_for(
        lambda: WebhookDelivery.objects.filter(status=WebhookDelivery.Status.SUCCEEDED).count() == 2
    )
