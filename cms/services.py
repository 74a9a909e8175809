"""Writes for the CMS side: API keys, webhook deliveries, idempotency-key cleanup."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from datetime import timedelta
from typing import Any

import requests
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
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

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Factcheck-Signature"
TIMESTAMP_HEADER = "X-Factcheck-Timestamp"
EVENT_ID_HEADER = "X-Factcheck-Event-Id"
EVENT_TYPE_HEADER = "X-Factcheck-Event"
SWEEP_GRACE = timedelta(seconds=30)


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
    """One pending delivery per active endpoint subscribed to the event.

    Precondition: called inside the transaction that writes `event`, so the event and its
    deliveries commit together (at-least-once). Sending is enqueued on commit; if the broker is
    down then, `sweep_webhook_deliveries` sends them later."""
    kind = event_type(event)
    endpoints = WebhookEndpoint.objects.filter(active=True, events__contains=[kind])
    now = timezone.now()
    deliveries = WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(
                endpoint=endpoint, publication_event=event, event_type=kind, next_attempt_at=now
            )
            for endpoint in endpoints
        ]
    )
    for delivery in deliveries:
        _enqueue_on_commit(delivery.pk)
    return deliveries


def _enqueue_on_commit(delivery_id: int, countdown: float = 0) -> None:
    from cms.tasks import deliver_webhook

    def enqueue() -> None:
        try:
            deliver_webhook.apply_async((delivery_id,), countdown=countdown)
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
    return min(base * 2 ** max(attempt_count - 1, 0), settings.FACTCHECK_WEBHOOK_RETRY_MAX_SECONDS)


def webhook_delivery_attempt(*, delivery_id: int) -> str:
    """Send one pending, due delivery once; log the attempt; schedule the retry or finish.

    Safe to run twice and concurrently: the row is locked (`SKIP LOCKED`) for the length of the
    attempt, and a delivery that is not pending or not yet due is left alone. Returns what
    happened, for logs and tests."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(skip_locked=True)
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
            return "endpoint-inactive"

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
        status_code: int | None = None
        error = ""
        excerpt = ""
        started = time.monotonic()
        try:
            response = requests.post(
                endpoint.url,
                data=body,
                headers=headers,
                timeout=settings.FACTCHECK_WEBHOOK_TIMEOUT_SECONDS,
                allow_redirects=False,
            )
            status_code = response.status_code
            excerpt = response.text[:500]
            if not 200 <= status_code < 300:
                error = f"HTTP {status_code}"
        except requests.RequestException as exc:
            error = f"{type(exc).__name__}: {exc}"[:1000]
        duration_ms = int((time.monotonic() - started) * 1000)

        WebhookAttempt.objects.create(
            delivery=delivery,
            attempted_at=now,
            status_code=status_code,
            duration_ms=duration_ms,
            error=error,
            response_excerpt=excerpt,
        )
        delivery.attempt_count += 1
        delivery.last_attempt_at = now
        fields = ["attempt_count", "last_attempt_at", "status", "next_attempt_at", "delivered_at"]
        if not error:
            delivery.status = WebhookDelivery.Status.SUCCEEDED
            delivery.delivered_at = timezone.now()
            outcome = "succeeded"
        elif delivery.attempt_count >= settings.FACTCHECK_WEBHOOK_MAX_ATTEMPTS:
            delivery.status = WebhookDelivery.Status.FAILED
            outcome = "gave-up"
        else:
            delay = retry_delay(delivery.attempt_count)
            delivery.next_attempt_at = timezone.now() + timedelta(seconds=delay)
            _enqueue_on_commit(delivery.pk, countdown=delay)
            outcome = "retry"
        delivery.save(update_fields=fields)
        return outcome


def webhook_delivery_redeliver(*, delivery: WebhookDelivery) -> None:
    """Send again now (an admin action), whatever happened before; attempts keep accumulating."""
    with transaction.atomic():
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=WebhookDelivery.Status.PENDING, next_attempt_at=timezone.now()
        )
        _enqueue_on_commit(delivery.pk)


def webhook_deliveries_sweep(*, limit: int = 500) -> int:
    """Re-enqueue pending deliveries past due (broker down at commit, worker killed mid-send)."""
    due = list(
        WebhookDelivery.objects.filter(
            status=WebhookDelivery.Status.PENDING,
            endpoint__active=True,
            next_attempt_at__lte=timezone.now() - SWEEP_GRACE,
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    from cms.tasks import deliver_webhook

    for pk in due:
        deliver_webhook.delay(pk)
    return len(due)


# --- Idempotency keys ---


def idempotency_keys_purge() -> int:
    deleted, _ = IdempotencyKey.objects.filter(expires_at__lt=timezone.now()).delete()
    return deleted
