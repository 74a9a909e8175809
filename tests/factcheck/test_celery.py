"""Every periodic task beat sends can actually be queued (options are checked at send time), and
lands on the queue the workers consume, named as the worker will look it up."""

from __future__ import annotations

import base64
import json
import os

import pytest
import redis
from django.conf import settings

from factcheck.celery import app


@pytest.mark.parametrize("name", sorted(settings.CELERY_BEAT_SCHEDULE))
def test_beat_entry_is_queued_on_the_workers_queue(name):
    app.loader.import_default_modules()  # what a worker or beat does at start-up
    entry = settings.CELERY_BEAT_SCHEDULE[name]
    task = app.tasks[entry["task"]]
    # Routed to the housekeeping queue the workers consume (`-Q` of `make run` and the deploy
    # commands), never to the queues editors wait on.
    route = app.amqp.router.route(entry.get("options", {}), task.name)
    housekeeping = f"{os.environ['CELERY_QUEUE']}.housekeeping"
    assert route["queue"].name == settings.CELERY_TASK_DEFAULT_QUEUE == housekeeping
    # Sent the way beat sends it, with the task's own limits, onto the real Redis broker; into a
    # queue of its own here, so the suite's running worker does not take it before we look.
    queue = f"{os.environ['CELERY_QUEUE']}-beat-check"
    client = redis.Redis.from_url(settings.REDIS_URL)
    client.delete(queue)
    result = task.apply_async(
        entry.get("args", ()), entry.get("kwargs", {}), retry=False, queue=queue
    )
    messages = [json.loads(raw) for raw in client.lrange(queue, 0, -1)]
    client.delete(queue)
    sent = [m for m in messages if m["headers"]["id"] == result.id]
    assert len(sent) == 1, messages
    assert sent[0]["headers"]["task"] == entry["task"]
    args, kwargs, _ = json.loads(base64.b64decode(sent[0]["body"]))
    assert (args, kwargs) == (list(entry.get("args", ())), entry.get("kwargs", {}))
