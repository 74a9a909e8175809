"""The names of the cms app's Celery tasks.

`cms.services` sends these by name (`factcheck.queueing`) and never imports `cms.tasks`, which
imports the services. `cms.tasks` registers each task under the name given here, and the beat
schedule in the settings uses the same names.
"""

from __future__ import annotations

DELIVER_WEBHOOK = "cms.tasks.deliver_webhook"
SWEEP_WEBHOOK_DELIVERIES = "cms.tasks.sweep_webhook_deliveries"
PURGE_IDEMPOTENCY_KEYS = "cms.tasks.purge_idempotency_keys"
