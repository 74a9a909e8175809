"""Every periodic task beat sends can actually be queued (options are checked at send time)."""

from __future__ import annotations

import pytest
from django.conf import settings

from factcheck.celery import app


@pytest.mark.parametrize("name", sorted(settings.CELERY_BEAT_SCHEDULE))
def test_beat_entry_can_be_sent_to_the_broker(name):
    app.loader.import_default_modules()  # what a worker or beat does at start-up
    entry = settings.CELERY_BEAT_SCHEDULE[name]
    task = app.tasks[entry["task"]]
    # Sent the way beat sends it: with the task's own limits, onto the real Redis broker.
    result = task.apply_async(entry.get("args", ()), entry.get("kwargs", {}), retry=False)
    assert result.id
