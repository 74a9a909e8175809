"""Celery tasks: thin wrappers around cms.services, safe to run twice.

Each is registered under its name in `cms.queueing`, which is how the services send them."""

from __future__ import annotations

import logging

from celery import shared_task

from cms import queueing, services

logger = logging.getLogger(__name__)


# The POST itself is capped at FACTCHECK_WEBHOOK_DEADLINE_SECONDS (30); the lease (120 s) outlasts
# the hard limit, so a delivery is never sent by two live workers at once.
@shared_task(name=queueing.DELIVER_WEBHOOK, acks_late=True, time_limit=90, soft_time_limit=60)
def deliver_webhook(delivery_id: int) -> str:
    outcome = services.webhook_delivery_attempt(delivery_id=delivery_id)
    logger.info("webhook delivery %s: %s", delivery_id, outcome)
    return outcome


@shared_task(
    name=queueing.SWEEP_WEBHOOK_DELIVERIES, acks_late=True, time_limit=120, soft_time_limit=90
)
def sweep_webhook_deliveries() -> int:
    return services.webhook_deliveries_sweep()


@shared_task(name=queueing.PURGE_IDEMPOTENCY_KEYS, acks_late=True, time_limit=600)
def purge_idempotency_keys() -> int:
    return services.idempotency_keys_purge()
