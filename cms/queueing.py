"""The names of the cms app's Celery tasks.

`cms.services` sends these by name (`factcheck.queueing`) and never imports `cms.tasks`, which
imports the services. `cms.tasks` registers each task under the name given here, and the beat
schedule in the settings uses the same names.
"""

from __future__ import annotations

from typing import Any

DELIVER_WEBHOOK = "cms.tasks.deliver_webhook"
SWEEP_WEBHOOK_DELIVERIES = "cms.tasks.sweep_webhook_deliveries"
PURGE_IDEMPOTENCY_KEYS = "cms.tasks.purge_idempotency_keys"


def webhook_backlog() -> Any:
    """The pipeline page's row for webhook deliveries due (claims.admin.pipeline)."""
    from django.db.models import Count, Min
    from django.utils import timezone

    from claims.admin.pipeline import Backlog
    from cms.models import WebhookDelivery

    row = WebhookDelivery.objects.filter(
        status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=timezone.now()
    ).aggregate(count=Count("pk"), oldest=Min("next_attempt_at"))
    return Backlog("Webhook deliveries due", "webhooks", row["count"], row["oldest"])
