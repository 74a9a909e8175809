"""Sending Celery tasks by name, and the publisher bulk work uses.

A service sends the tasks of its own app by name (each app lists them in its `queueing.py`), so
a service never imports the tasks module that imports it. The name is looked up in the app's
task registry, so the message carries the task's own options, exactly as `task.apply_async`.

`TaskPublisher` is the plumbing behind bulk enqueueing: one pooled producer, optionally a
background thread, and an outage that is reported once and left for the app's periodic sweep.
A broker that hangs (stopped, partitioned) costs a caller about a second, never more: the socket
timeouts and the publish retry policy are in the Celery block of the settings.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Iterable, Sequence
from typing import Any

from celery import Task
from celery.exceptions import NotRegistered

from factcheck.celery import app

logger = logging.getLogger(__name__)

ArgSet = Sequence[Any]

_discovery_lock = threading.Lock()


def registered_task(name: str) -> Task[Any, Any]:
    """The task registered under `name`. Outside a worker the apps' tasks modules are imported
    on the first miss, as a worker does at start-up (Celery's autodiscovery). Raises
    `celery.exceptions.NotRegistered` (a KeyError) for a name no app registers."""
    try:
        return app.tasks[name]
    except NotRegistered:
        # Writer threads of an import may miss at the same time: the second must wait until the
        # first has finished importing the tasks modules, not find them half imported.
        with _discovery_lock:
            app.loader.import_default_modules()
        return app.tasks[name]


class TaskPublisher:
    """Publishes tasks on one pooled connection. If the broker is down, it says so once and
    stops trying: the work stays recorded as pending in the database and the sender's periodic
    sweep queues it later, so an outage neither blocks the caller nor loses work.

    `background=True` (bulk imports) publishes from a thread, so the caller goes on with its
    next batch while this one's messages go out; the bounded queue keeps memory flat. Call
    close() to wait until everything handed over has been sent."""

    def __init__(self, *, background: bool = False) -> None:
        self.down = False
        self._queue: queue.Queue[tuple[str, list[ArgSet]] | None] | None = None
        self._thread: threading.Thread | None = None
        if background:
            self._queue = queue.Queue(maxsize=8)
            self._thread = threading.Thread(target=self._drain, name="task-publisher", daemon=True)
            self._thread.start()

    def publish(self, task_name: str, argsets: Iterable[ArgSet]) -> None:
        """Send `task_name` once per argument tuple in `argsets`. An unknown name is a bug, raised
        here in the caller's thread (not taken for an outage)."""
        registered_task(task_name)
        if self._queue is not None:
            self._queue.put((task_name, list(argsets)))
        else:
            self._send(task_name, argsets)

    def close(self) -> None:
        if self._queue is not None and self._thread is not None:
            self._queue.put(None)
            self._thread.join()
            self._queue = None

    def _drain(self) -> None:
        assert self._queue is not None
        while (item := self._queue.get()) is not None:
            self._send(*item)

    def _send(self, task_name: str, argsets: Iterable[ArgSet]) -> None:
        if self.down:
            return
        task = registered_task(task_name)
        try:
            with app.producer_or_acquire() as producer:
                for args in argsets:
                    # Bounded: socket timeouts and one quick retry (the settings' publish retry
                    # policy), about a second in all when the broker hangs.
                    task.apply_async(
                        tuple(args),
                        producer=producer,
                        retry=True,
                        retry_policy=app.conf.task_publish_retry_policy,
                    )
        except Exception as exc:  # kombu/redis connection errors of many kinds
            self.down = True
            logger.warning(
                "broker unreachable (%s: %s); %s left for the sweep",
                type(exc).__name__,
                exc,
                task_name,
            )


def queue_backlog(task_name: str) -> int | None:
    """How many messages wait in the queue `task_name` is routed to; None when the broker does not
    answer (within half a second). The sweeps use it so as not to ring a doorbell that is already
    ringing: work still queued is not queued again."""
    from factcheck.health import broker_client

    queue = app.amqp.router.route({}, task_name)["queue"].name
    try:
        return int(broker_client().llen(queue))
    except Exception as exc:  # the broker is down: nothing can be queued now anyway
        logger.warning("queue length of %s unknown (%s: %s)", queue, type(exc).__name__, exc)
        return None
