"""The Celery application. Workers start with `celery -A factcheck worker -Q ...` (README)."""

from __future__ import annotations

import gc
import os
from typing import Any

from celery import Celery
from celery.signals import (
    celeryd_after_setup,
    task_postrun,
    task_prerun,
    worker_process_init,
    worker_ready,
    worker_shutdown,
)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

app = Celery("factcheck")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

_heartbeats: list[Any] = []
# The queues this process's worker consumes (its -Q), once it is set up; None outside a worker.
# Set in the main process before the pool forks, so the pool's processes see it too.
consumed_queues: frozenset[str] | None = None


@celeryd_after_setup.connect
def _record_queues(sender: Any = None, instance: Any = None, **kwargs: Any) -> None:
    global consumed_queues
    consumed_queues = frozenset(instance.app.amqp.queues.consume_from)


@worker_process_init.connect
def _freeze_startup_objects(**kwargs: Any) -> None:
    """Each pool process moves what start-up made (Django, the apps, the engine's tables) out of
    the garbage collector's reach: a full collection then walks only the objects tasks make. Once
    in 200 claims matched, such a collection took 160-215 ms of the claim's time; 68 ms frozen."""
    gc.freeze()


@worker_ready.connect
def _start_heartbeat(sender: Any = None, **kwargs: Any) -> None:
    """The worker's main process says it is alive (`/healthz`, the admin's pipeline panel)."""
    from django.conf import settings

    from factcheck.health import Heartbeat

    beat = Heartbeat(sender.hostname, float(settings.FACTCHECK_WORKER_HEARTBEAT_SECONDS))
    beat.start()
    _heartbeats.append(beat)


@worker_shutdown.connect
def _stop_heartbeat(**kwargs: Any) -> None:
    while _heartbeats:
        _heartbeats.pop().stop()


@task_prerun.connect
@task_postrun.connect
def _release_database_connection(task: Any = None, **kwargs: Any) -> None:
    """Around each task, as Django does around each request: a connection that is broken or past
    CONN_MAX_AGE is closed, and with the pool the connection goes back to the process's pool,
    which lives as long as the worker process (see CELERY_DB_REUSE_MAX in the settings). Not
    for a task run in place (`apply`, eager): that is the caller's connection."""
    from django.db import close_old_connections

    if task is not None and getattr(task.request, "is_eager", False):
        return
    close_old_connections()
