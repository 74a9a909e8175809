"""The notification tasks: thin wrappers over claims.notifications.services, safe to run twice."""

from __future__ import annotations

from celery import shared_task

from claims.notifications import queueing
from claims.notifications.services import (
    digests_send,
    due_dates_notify,
    notifications_deliver,
    undelivered_ids,
)
from claims.services.extraction import TRANSIENT_DB_ERRORS


@shared_task(
    name=queueing.DELIVER_NOTIFICATIONS,
    acks_late=True,
    autoretry_for=TRANSIENT_DB_ERRORS,
    retry_backoff=5,
    max_retries=5,
)
def deliver_notifications(notification_ids: list[int]) -> int:
    return notifications_deliver(notification_ids=notification_ids)


@shared_task(name=queueing.SEND_DIGESTS, acks_late=True)
def send_digests() -> str:
    """Hourly: the digests that are due, and a sweep of instant deliveries that never went out
    (broker down when the event was written, or a channel that failed)."""
    retried = notifications_deliver(notification_ids=undelivered_ids())
    return f"{digests_send()} digests, {retried} messages retried"


@shared_task(name=queueing.NOTIFY_DUE_DATES, acks_late=True)
def notify_due_dates() -> int:
    return due_dates_notify()
