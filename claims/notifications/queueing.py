"""The names of the notification tasks (sent by name, as `claims.queueing` explains)."""

from __future__ import annotations

DELIVER_NOTIFICATIONS = "claims.notifications.tasks.deliver_notifications"
SEND_DIGESTS = "claims.notifications.tasks.send_digests"
NOTIFY_DUE_DATES = "claims.notifications.tasks.notify_due_dates"
