"""The pipeline's health: is the database there, does the broker answer, are workers alive.

Each check is bounded (well under a second), so `/healthz` answers whatever state the broker is
in. Workers write a heartbeat into one Redis hash (`factcheck:workers`, hostname -> unix time)
from a thread in the worker's main process; a worker is alive when its beat is younger than
three heartbeat intervals. The same figures feed the admin's pipeline panel.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import redis
from django.conf import settings
from django.db import connection, transaction

logger = logging.getLogger(__name__)

HEARTBEAT_KEY = "factcheck:workers"
CHECK_TIMEOUT = 0.5  # seconds, per check

_clients: dict[str, redis.Redis] = {}


def broker_client() -> redis.Redis:
    """A client on the broker with short timeouts (kept per URL: its pool is reused)."""
    url = settings.CELERY_BROKER_URL
    client = _clients.get(url)
    if client is None:
        client = redis.Redis.from_url(
            url, socket_timeout=CHECK_TIMEOUT, socket_connect_timeout=CHECK_TIMEOUT
        )
        _clients[url] = client
    return client


@dataclass(frozen=True)
class Component:
    ok: bool
    detail: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"status": "ok" if self.ok else "down", "detail": self.detail, **self.extra}


def check_database() -> Component:
    started = time.monotonic()
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = %s", [int(CHECK_TIMEOUT * 1000)])
            cursor.execute("SELECT 1")
    except Exception as exc:  # any failure is the answer here, not an error of this view
        return Component(False, f"{type(exc).__name__}: {exc}"[:300])
    return Component(True, f"answered in {1000 * (time.monotonic() - started):.0f} ms")


def check_broker() -> Component:
    started = time.monotonic()
    try:
        broker_client().ping()
    except Exception as exc:
        return Component(False, f"no answer from the broker ({type(exc).__name__}: {exc})"[:300])
    return Component(True, f"answered in {1000 * (time.monotonic() - started):.0f} ms")


def worker_heartbeats() -> dict[str, float]:
    """Hostname -> seconds since its last heartbeat. Raises the client's error when the broker
    does not answer."""
    now = time.time()
    raw = broker_client().hgetall(HEARTBEAT_KEY)
    return {
        (k.decode() if isinstance(k, bytes) else k): max(0.0, now - float(v))
        for k, v in raw.items()
    }


def heartbeat_alive_within() -> float:
    return 3 * float(settings.FACTCHECK_WORKER_HEARTBEAT_SECONDS)


def check_workers(broker: Component | None = None) -> Component:
    if broker is not None and not broker.ok:
        return Component(False, "unknown: the broker does not answer")
    try:
        beats = worker_heartbeats()
    except Exception as exc:
        return Component(False, f"unknown: {type(exc).__name__}: {exc}"[:300])
    alive = sorted(name for name, age in beats.items() if age <= heartbeat_alive_within())
    last = min(beats.values()) if beats else None
    extra: dict[str, Any] = {
        "alive": alive,
        "last_heartbeat_seconds_ago": None if last is None else round(last, 1),
    }
    if not alive:
        return Component(False, "no worker heartbeat", extra)
    return Component(True, f"{len(alive)} alive", extra)


def pipeline_health() -> dict[str, Component]:
    broker = check_broker()
    return {
        "database": check_database(),
        "broker": broker,
        "workers": check_workers(broker),
    }


# --- the worker side ----------------------------------------------------------------------------


def heartbeat_write(hostname: str) -> None:
    broker_client().hset(HEARTBEAT_KEY, hostname, f"{time.time():.3f}")


def heartbeat_forget(hostname: str) -> None:
    broker_client().hdel(HEARTBEAT_KEY, hostname)


class Heartbeat:
    """A daemon thread that writes the worker's heartbeat every interval until stopped. A broker
    that does not answer is logged once per outage, never raised: the worker goes on."""

    def __init__(self, hostname: str, interval: float) -> None:
        self.hostname = hostname
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        with contextlib.suppress(Exception):  # the broker is down: the beat ages out by itself
            heartbeat_forget(self.hostname)

    def _run(self) -> None:
        failing = False
        while not self._stop.is_set():
            try:
                heartbeat_write(self.hostname)
                failing = False
            except Exception as exc:
                if not failing:
                    logger.warning("worker heartbeat not written: %s: %s", type(exc).__name__, exc)
                failing = True
            self._stop.wait(self.interval)
