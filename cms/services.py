"""Writes for the CMS side: API keys, webhook deliveries, idempotency-key cleanup."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import http.client
import json
import logging
import socket
import ssl
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
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
)
from cms.queueing import DELIVER_WEBHOOK
from factcheck.queueing import registered_task

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Factcheck-Signature"
TIMESTAMP_HEADER = "X-Factcheck-Timestamp"
EVENT_ID_HEADER = "X-Factcheck-Event-Id"
EVENT_TYPE_HEADER = "X-Factcheck-Event"
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
    return f"claim.{event.kind}"


def webhook_deliveries_create(*, event: PublicationEvent) -> list[WebhookDelivery]:
    """One pending delivery per endpoint subscribed to the event, active or not.

    An inactive endpoint is paused, not unsubscribed: its deliveries wait (nothing is sent, no
    attempt is spent) and go out, oldest first, when it is made active again. So a consumer
    never misses an event because it was paused at publication time. Delete the endpoint (or
    unsubscribe it from the event) to stop receiving.

    Precondition: called inside the transaction that writes `event`, so the event and its
    deliveries commit together (at-least-once). Sending is enqueued on commit; if the broker is
    down then, `webhook_deliveries_sweep` sends them later."""
    kind = event_type(event)
    endpoints = WebhookEndpoint.objects.filter(events__contains=[kind])
    now = timezone.now()
    deliveries = WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(
                endpoint=endpoint, publication_event=event, event_type=kind, next_attempt_at=now
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


def webhook_sign(*, secret: str, timestamp: str, body: bytes) -> str:
    """`v1=` + hex HMAC-SHA256 of `<timestamp>.<body>` with the endpoint's secret."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "v1=" + digest.hexdigest()


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
    """POST `body` to `url` and read at most a few KiB of the answer, within `deadline` seconds
    in all (connect, send, headers, body). Never raises: any failure is in the result.

    Per-read timeouts alone do not bound a request: a receiver that trickles a byte every few
    seconds keeps it alive indefinitely. A timer shuts the socket down at the deadline, which
    ends whatever read or write is blocked on it."""
    started = time.monotonic()
    parts = urlsplit(url)
    connection: http.client.HTTPConnection | None = None
    timer: threading.Timer | None = None
    expired = threading.Event()

    def result(status_code: int | None, error: str = "", excerpt: str = "") -> SendResult:
        elapsed = int((time.monotonic() - started) * 1000)
        return SendResult(status_code, elapsed, error[:1000], excerpt[:RESPONSE_EXCERPT_CHARS])

    def cut_off() -> None:
        expired.set()
        sock = connection.sock if connection is not None else None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    try:
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return result(None, f"Unsupported webhook URL {url[:200]!r}: use http(s)://host/...")
        per_io = min(timeout, deadline)
        if parts.scheme == "https":
            connection = http.client.HTTPSConnection(
                parts.hostname, parts.port, timeout=per_io, context=ssl.create_default_context()
            )
        else:
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=per_io)
        timer = threading.Timer(deadline, cut_off)
        timer.daemon = True
        timer.start()
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        connection.connect()
        if expired.is_set():  # the deadline passed while connecting (no socket to cut yet)
            raise TimeoutError
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        excerpt = response.read(RESPONSE_READ_BYTES).decode("utf-8", "replace")
        if expired.is_set():
            raise TimeoutError
        code = response.status
        return result(code, "" if 200 <= code < 300 else f"HTTP {code}", excerpt)
    except Exception as exc:  # any failure is an attempt to log, never a lost one
        if expired.is_set():
            return result(None, f"Timeout: no complete answer within {deadline:g} s")
        return result(None, f"{type(exc).__name__}: {exc}")
    finally:
        if timer is not None:
            timer.cancel()
        if connection is not None:
            with contextlib.suppress(Exception):
                connection.close()


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
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "factcheck-webhooks/1",
        EVENT_ID_HEADER: f"evt_{delivery.publication_event_id}",
        EVENT_TYPE_HEADER: delivery.event_type,
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: webhook_sign(secret=endpoint.secret, timestamp=timestamp, body=body),
    }
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
        )
        _enqueue_on_commit(delivery.pk)


def webhook_deliveries_sweep(*, limit: int = 500) -> int:
    """Enqueue pending deliveries past due: retries scheduled beyond the broker's safe countdown,
    enqueues lost while the broker was down, leases of killed workers, endpoints un-paused."""
    due = list(
        WebhookDelivery.objects.filter(
            status=WebhookDelivery.Status.PENDING,
            endpoint__active=True,
            next_attempt_at__lte=timezone.now() - SWEEP_GRACE,
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    deliver_webhook = registered_task(DELIVER_WEBHOOK)
    for pk in due:
        deliver_webhook.delay(pk)
    return len(due)


# --- Idempotency keys ---


def idempotency_keys_purge() -> int:
    deleted, _ = IdempotencyKey.objects.filter(expires_at__lt=timezone.now()).delete()
    return deleted
