"""Writes for the CMS side: API keys, webhook deliveries, idempotency-key cleanup."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import secrets
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from claims.models import PublicationEvent
from cms.auth import generate_key, hash_key
from cms.claimreview import events_queryset, feed_item
from cms.models import (
    ApiKey,
    IdempotencyKey,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from cms.queueing import DELIVER_WEBHOOK
from factcheck import outbound
from factcheck.outbound import validate_outbound_url
from factcheck.queueing import registered_task

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Factcheck-Signature"
TIMESTAMP_HEADER = "X-Factcheck-Timestamp"
EVENT_ID_HEADER = "X-Factcheck-Event-Id"
EVENT_TYPE_HEADER = "X-Factcheck-Event"
SECRET_PREFIX = "whsec_"
SWEEP_GRACE = timedelta(seconds=30)
RESPONSE_READ_BYTES = 4096  # of the receiver's answer; the rest is not read
RESPONSE_EXCERPT_CHARS = 500


# --- API keys ---


def api_key_create(
    *, name: str, created_by: Any, scope: str = ApiKey.Scope.EXPORT
) -> tuple[ApiKey, str]:
    """Create a key; returns it and the raw key, which is not stored and cannot be shown again."""
    raw, prefix = generate_key()
    key = ApiKey.objects.create(
        name=name, scope=scope, created_by=created_by, prefix=prefix, key_hash=hash_key(raw)
    )
    return key, raw


def api_key_revoke(*, api_key: ApiKey) -> None:
    ApiKey.objects.filter(pk=api_key.pk, revoked=False).update(
        revoked=True, revoked_at=timezone.now()
    )


# --- Webhooks ---


def event_type(event: PublicationEvent) -> str:
    """The feed's type of the event (`claim.published`, `claim.corrected`, ...)."""
    return f"claim.{event.kind}"


def event_names(event: PublicationEvent) -> list[str]:
    """The webhook events an endpoint may subscribe to for `event`, preferred first: a
    correction is `claimreview.corrected`, and still `claim.corrected` (its older name) for
    endpoints subscribed only to that."""
    if event.kind == PublicationEvent.Kind.CORRECTED:
        return [WebhookEvent.CLAIMREVIEW_CORRECTED, WebhookEvent.CORRECTED]
    return [event_type(event)]


def webhook_deliveries_create(*, event: PublicationEvent) -> list[WebhookDelivery]:
    """One pending delivery per endpoint subscribed to the event, active or not, named by the
    first of `event_names(event)` the endpoint subscribed to (one delivery per endpoint).

    An inactive endpoint is paused, not unsubscribed: its deliveries wait (nothing is sent, no
    attempt is spent) and go out, oldest first, when it is made active again. So a consumer
    never misses an event because it was paused at publication time. Delete the endpoint (or
    unsubscribe it from the event) to stop receiving.

    Precondition: called inside the transaction that writes `event`, so the event and its
    deliveries commit together (at-least-once). Sending is enqueued on commit; if the broker is
    down then, `webhook_deliveries_sweep` sends them later."""
    names = event_names(event)
    endpoints = list(WebhookEndpoint.objects.filter(events__overlap=names))
    now = timezone.now()
    deliveries = WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(
                endpoint=endpoint,
                publication_event=event,
                event_type=next(n for n in names if n in endpoint.events),
                next_attempt_at=now,
            )
            for endpoint in endpoints
        ]
    )
    for delivery, endpoint in zip(deliveries, endpoints, strict=True):
        if endpoint.active:
            _enqueue_on_commit(delivery.pk)
    return deliveries


def publication_event_created_receiver(
    sender: object, *, event: PublicationEvent, **kwargs: object
) -> None:
    """`claims.signals.publication_event_created`, inside the event's transaction."""
    webhook_deliveries_create(event=event)


def _max_countdown() -> float:
    """The longest countdown safe on the Redis broker. A task waiting for its ETA is held
    unacknowledged by a worker; past the visibility timeout Redis hands it to another worker
    too. Longer waits are left to the sweep, which sends any delivery once it is due."""
    options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", None) or {}
    return float(options.get("visibility_timeout", 3600)) / 2


def _enqueue_on_commit(delivery_id: int, countdown: float = 0) -> None:
    if countdown > _max_countdown():
        return  # the sweep sends it when due (see _max_countdown)

    def enqueue() -> None:
        try:
            registered_task(DELIVER_WEBHOOK).apply_async((delivery_id,), countdown=countdown)
        except Exception:  # broker down: the sweep sends it later
            logger.warning("Could not enqueue webhook delivery %s", delivery_id, exc_info=True)

    transaction.on_commit(enqueue)


def webhook_secret_generate() -> str:
    """A new signing secret in the Standard Webhooks form: `whsec_` + base64 of 24 random bytes."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


def webhook_secret_key(secret: str) -> bytes:
    """The HMAC key a secret stands for: the bytes after `whsec_`, base64-decoded. (Endpoints
    made before secrets had this form were migrated to `whsec_` + base64 of the old secret, so
    the key, and the legacy signature, did not change.) A secret without the prefix (test data,
    rows written by hand) is its own UTF-8 bytes."""
    if secret.startswith(SECRET_PREFIX):
        return base64.b64decode(secret[len(SECRET_PREFIX) :] + "==")
    return secret.encode()


def webhook_sign(*, secret: str, timestamp: str, body: bytes) -> str:
    """Legacy `X-Factcheck-Signature`: `v1=` + hex HMAC-SHA256 of `<timestamp>.<body>`.
    Sent beside the Standard Webhooks headers for receivers written before them."""
    key = webhook_secret_key(secret)
    digest = hmac.new(key, timestamp.encode() + b"." + body, hashlib.sha256)
    return "v1=" + digest.hexdigest()


def webhook_sign_standard(*, secret: str, msg_id: str, timestamp: str, body: bytes) -> str:
    """One Standard Webhooks signature: `v1,` + base64 HMAC-SHA256 of `<id>.<timestamp>.<body>`."""
    signed = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(webhook_secret_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def webhook_signing_secrets(endpoint: WebhookEndpoint, *, now: datetime | None = None) -> list[str]:
    """The current secret, and the previous one while its overlap window lasts."""
    now = now or timezone.now()
    found = [endpoint.secret]
    expires = endpoint.previous_secret_expires_at
    if endpoint.previous_secret and expires is not None and now < expires:
        found.append(endpoint.previous_secret)
    return found


def webhook_headers(
    *, endpoint: WebhookEndpoint, msg_id: str, event_type: str, body: bytes
) -> dict[str, str]:
    """Standard Webhooks headers (every live secret signs; space-separated, as the spec allows)
    plus the legacy X-Factcheck-* ones, signed with the current secret."""
    timestamp = str(int(time.time()))
    signatures = " ".join(
        webhook_sign_standard(secret=s, msg_id=msg_id, timestamp=timestamp, body=body)
        for s in webhook_signing_secrets(endpoint)
    )
    return {
        "Content-Type": "application/json",
        "User-Agent": "factcheck-webhooks/1",
        "webhook-id": msg_id,
        "webhook-timestamp": timestamp,
        "webhook-signature": signatures,
        EVENT_ID_HEADER: msg_id,
        EVENT_TYPE_HEADER: event_type,
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: webhook_sign(secret=endpoint.secret, timestamp=timestamp, body=body),
    }


def webhook_secret_overlap() -> timedelta:
    hours = float(getattr(settings, "FACTCHECK_WEBHOOK_SECRET_OVERLAP_HOURS", 24))
    return timedelta(hours=hours)


@transaction.atomic
def webhook_endpoint_create(
    *, name: str, url: str, events: list[str] | None = None, active: bool = True
) -> tuple[WebhookEndpoint, str]:
    """Create an endpoint with a fresh secret; returns it and the secret, to show once.
    The URL is checked by the outbound guard (ValidationError naming the reason)."""
    validate_outbound_url(url)
    secret = webhook_secret_generate()
    endpoint = WebhookEndpoint(name=name, url=url, secret=secret, active=active)
    if events is not None:
        endpoint.events = list(events)
    endpoint.full_clean()
    endpoint.save()
    return endpoint, secret


@transaction.atomic
def webhook_endpoint_rotate_secret(
    *, endpoint: WebhookEndpoint, overlap: timedelta | None = None
) -> str:
    """Give the endpoint a new secret; the old one keeps signing (beside the new) for `overlap`
    (FACTCHECK_WEBHOOK_SECRET_OVERLAP_HOURS, 24 h). Returns the new secret, to show once.
    Rotating again inside the window drops the oldest secret: only two ever sign."""
    row = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    new = webhook_secret_generate()
    row.previous_secret = row.secret
    row.previous_secret_expires_at = timezone.now() + (
        overlap if overlap is not None else webhook_secret_overlap()
    )
    row.secret = new
    row.save(update_fields=["secret", "previous_secret", "previous_secret_expires_at"])
    endpoint.secret = row.secret
    endpoint.previous_secret = row.previous_secret
    endpoint.previous_secret_expires_at = row.previous_secret_expires_at
    return new


TEST_EVENT = "webhook.test"


def webhook_endpoint_test(*, endpoint: WebhookEndpoint) -> SendResult:
    """Send a `webhook.test` event to the endpoint now, signed like any delivery, and return
    the outcome (not logged as a delivery: it belongs to no publication event). Bounded by the
    same deadline as a delivery, so an admin request waits at most that long."""
    msg_id = f"msg_test_{uuid.uuid4().hex}"
    document = {
        "id": msg_id,
        "type": TEST_EVENT,
        "created_at": timezone.now(),
        "data": {"endpoint": endpoint.name, "message": "A test event sent from the admin."},
    }
    body = json.dumps(document, cls=DjangoJSONEncoder, separators=(",", ":")).encode()
    headers = webhook_headers(endpoint=endpoint, msg_id=msg_id, event_type=TEST_EVENT, body=body)
    return webhook_post(
        url=endpoint.url,
        body=body,
        headers=headers,
        timeout=settings.FACTCHECK_WEBHOOK_TIMEOUT_SECONDS,
        deadline=webhook_deadline_seconds(),
    )


def webhook_payload(delivery: WebhookDelivery) -> bytes:
    event = events_queryset().get(pk=delivery.publication_event_id)
    document = {
        "id": f"evt_{event.pk}",
        "type": delivery.event_type,
        "created_at": event.created_at,
        "data": feed_item(event),
    }
    return json.dumps(document, cls=DjangoJSONEncoder, separators=(",", ":")).encode()


def retry_delay(attempt_count: int) -> float:
    base = settings.FACTCHECK_WEBHOOK_RETRY_BASE_SECONDS
    cap = settings.FACTCHECK_WEBHOOK_RETRY_MAX_SECONDS
    return float(min(base * 2 ** max(attempt_count - 1, 0), cap))


def webhook_deadline_seconds() -> float:
    """The most one POST may take, all in (below the task's soft time limit)."""
    return float(getattr(settings, "FACTCHECK_WEBHOOK_DEADLINE_SECONDS", 30))


def webhook_lease() -> timedelta:
    """How long a claimed attempt keeps others off the delivery. Longer than the task's hard
    time limit (cms.tasks), so a live worker is never overtaken; a killed one's delivery is due
    again after it, and the sweep re-sends it."""
    return timedelta(seconds=float(getattr(settings, "FACTCHECK_WEBHOOK_LEASE_SECONDS", 120)))


@dataclass(frozen=True)
class SendResult:
    status_code: int | None
    duration_ms: int
    error: str = ""
    excerpt: str = ""
    permanent: bool = False  # the guard refused the URL: give up, do not retry


@dataclass(frozen=True)
class _Claimed:
    delivery_id: int
    attempt_id: int
    lease_token: uuid.UUID
    url: str
    body: bytes
    headers: dict[str, str]


def webhook_post(
    *, url: str, body: bytes, headers: dict[str, str], timeout: float, deadline: float
) -> SendResult:
    """POST `body` to `url` through the outbound guard (`factcheck.outbound`): the address
    checked, no redirect followed (a 3xx is a failed attempt), at most a few KiB of the answer
    read, `timeout` per connect/read and `deadline` seconds in all (a receiver trickling bytes
    is cut off). Never raises: any failure is in the result; a refusal by the guard is
    `permanent` (trying again would be refused again)."""
    started = time.monotonic()

    def result(
        status_code: int | None, error: str = "", excerpt: str = "", permanent: bool = False
    ) -> SendResult:
        elapsed = int((time.monotonic() - started) * 1000)
        return SendResult(
            status_code, elapsed, error[:1000], excerpt[:RESPONSE_EXCERPT_CHARS], permanent
        )

    try:
        response = outbound.fetch(
            url,
            method="POST",
            headers=headers,
            body=body,
            max_bytes=RESPONSE_READ_BYTES,
            truncate=True,
            timeout=deadline,
            connect_timeout=min(timeout, deadline),
            read_timeout=min(timeout, deadline),
            follow_redirects=False,
        )
    except outbound.OutboundRefused as exc:
        return result(None, f"Refused, not retried: {exc.reason}", permanent=True)
    except outbound.OutboundError as exc:
        return result(None, exc.reason)
    except Exception as exc:  # any failure is an attempt to log, never a lost one
        return result(None, f"{type(exc).__name__}: {exc}")
    excerpt = response.content.decode("utf-8", "replace")
    code = response.status
    if response.ok:
        return result(code, "", excerpt)
    if 300 <= code < 400:
        where = response.headers.get("Location", "")
        return result(code, f"HTTP {code} (redirects are not followed) to {where[:200]}", excerpt)
    return result(code, f"HTTP {code}", excerpt)


def webhook_delivery_attempt(*, delivery_id: int) -> str:
    """Send one pending, due delivery once; log the attempt; schedule the retry or give up.

    Three steps, so no transaction, row lock or database connection is held while the receiver
    takes its time: (1) claim the delivery with a lease in a short transaction, logging the
    attempt as started; (2) POST outside any transaction, bounded by a total deadline; (3)
    record the outcome. A worker killed in (2) leaves the delivery due when the lease expires,
    and the sweep re-sends it (at-least-once); its attempt stays in the log as unfinished.

    Safe to run twice and concurrently: the claim takes the row with `SKIP LOCKED` and leaves
    alone a delivery that is not pending, not due (or leased), or whose endpoint is paused.
    Returns what happened, for logs and tests."""
    claimed = _delivery_claim(delivery_id)
    if isinstance(claimed, str):
        return claimed
    if not connection.in_atomic_block:
        connection.close()  # back to the pool (or closed) while we wait on the network
    result = webhook_post(
        url=claimed.url,
        body=claimed.body,
        headers=claimed.headers,
        timeout=settings.FACTCHECK_WEBHOOK_TIMEOUT_SECONDS,
        deadline=webhook_deadline_seconds(),
    )
    return _delivery_record(claimed, result)


LOST_ATTEMPT = "No outcome recorded: the worker stopped during the attempt (lease expired)."


@transaction.atomic
def _delivery_claim(delivery_id: int) -> _Claimed | str:
    delivery = (
        WebhookDelivery.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("endpoint")
        .filter(pk=delivery_id)
        .first()
    )
    if delivery is None:
        return "busy-or-gone"
    if delivery.status != WebhookDelivery.Status.PENDING:
        return "already-" + delivery.status
    now = timezone.now()
    if delivery.next_attempt_at > now + timedelta(seconds=1):
        return "not-due"
    endpoint = delivery.endpoint
    if not endpoint.active:
        return "endpoint-paused"
    # Attempts whose worker died (the lease ran out before an outcome was recorded).
    delivery.attempts.filter(finished_at__isnull=True).update(error=LOST_ATTEMPT)
    if delivery.attempt_count >= settings.FACTCHECK_WEBHOOK_MAX_ATTEMPTS:
        delivery.status = WebhookDelivery.Status.FAILED
        delivery.lease_token = None
        delivery.save(update_fields=["status", "lease_token"])
        return "gave-up"

    body = webhook_payload(delivery)
    headers = webhook_headers(
        endpoint=endpoint,
        msg_id=f"evt_{delivery.publication_event_id}",
        event_type=delivery.event_type,
        body=body,
    )
    attempt = WebhookAttempt.objects.create(delivery=delivery, attempted_at=now)
    delivery.attempt_count += 1
    delivery.last_attempt_at = now
    delivery.next_attempt_at = now + webhook_lease()
    delivery.lease_token = uuid.uuid4()
    delivery.save(
        update_fields=["attempt_count", "last_attempt_at", "next_attempt_at", "lease_token"]
    )
    return _Claimed(delivery.pk, attempt.pk, delivery.lease_token, endpoint.url, body, headers)


@transaction.atomic
def _delivery_record(claimed: _Claimed, result: SendResult) -> str:
    now = timezone.now()
    WebhookAttempt.objects.filter(pk=claimed.attempt_id).update(
        status_code=result.status_code,
        duration_ms=result.duration_ms,
        error=result.error,
        response_excerpt=result.excerpt,
        finished_at=now,
    )
    delivery = (
        WebhookDelivery.objects.select_for_update()
        .filter(
            pk=claimed.delivery_id,
            status=WebhookDelivery.Status.PENDING,
            lease_token=claimed.lease_token,
        )
        .first()
    )
    if delivery is None:  # redelivered or re-claimed meanwhile: that attempt decides
        return "superseded"
    delivery.lease_token = None
    if not result.error:
        delivery.status = WebhookDelivery.Status.SUCCEEDED
        delivery.delivered_at = now
        outcome = "succeeded"
    elif result.permanent:
        delivery.status = WebhookDelivery.Status.FAILED
        outcome = "refused"
    elif delivery.attempt_count >= settings.FACTCHECK_WEBHOOK_MAX_ATTEMPTS:
        delivery.status = WebhookDelivery.Status.FAILED
        outcome = "gave-up"
    else:
        delay = retry_delay(delivery.attempt_count)
        delivery.next_attempt_at = now + timedelta(seconds=delay)
        _enqueue_on_commit(delivery.pk, countdown=delay)
        outcome = "retry"
    delivery.save(update_fields=["lease_token", "status", "delivered_at", "next_attempt_at"])
    return outcome


def webhook_delivery_redeliver(*, delivery: WebhookDelivery) -> None:
    """Send again now (an admin action), whatever happened before: a fresh round of up to
    FACTCHECK_WEBHOOK_MAX_ATTEMPTS attempts. The attempt log keeps every earlier attempt; an
    attempt still in flight no longer decides the delivery's state (its lease is dropped)."""
    with transaction.atomic():
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=WebhookDelivery.Status.PENDING,
            next_attempt_at=timezone.now(),
            attempt_count=0,
            lease_token=None,
            swept_at=None,
        )
        _enqueue_on_commit(delivery.pk)


def webhook_deliveries_sweep(*, limit: int = 500) -> int:
    """Enqueue pending deliveries past due: retries scheduled beyond the broker's safe countdown,
    enqueues lost while the broker was down, leases of killed workers, endpoints un-paused.

    Each delivery is sent at most once per FACTCHECK_WEBHOOK_RESWEEP_SECONDS: one still waiting
    in a long queue is not queued again on every run (its duplicates would only lengthen it)."""
    now = timezone.now()
    resweep = timedelta(seconds=settings.FACTCHECK_WEBHOOK_RESWEEP_SECONDS)
    with transaction.atomic():
        due = list(
            WebhookDelivery.objects.select_for_update(skip_locked=True)
            .filter(
                Q(swept_at__isnull=True) | Q(swept_at__lte=now - resweep),
                status=WebhookDelivery.Status.PENDING,
                endpoint__active=True,
                next_attempt_at__lte=now - SWEEP_GRACE,
            )
            .order_by("next_attempt_at")
            .values_list("pk", flat=True)[:limit]
        )
        if due:
            WebhookDelivery.objects.filter(pk__in=due).update(swept_at=now)
    deliver_webhook = registered_task(DELIVER_WEBHOOK)
    for pk in due:
        try:
            deliver_webhook.delay(pk)
        except Exception:  # broker down: marked swept, so the next run after the interval retries
            logger.warning("Could not enqueue webhook delivery %s", pk, exc_info=True)
            break
    return len(due)


# --- Idempotency keys ---


def idempotency_keys_purge() -> int:
    deleted, _ = IdempotencyKey.objects.filter(expires_at__lt=timezone.now()).delete()
    return deleted
