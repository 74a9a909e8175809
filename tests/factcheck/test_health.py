"""`/healthz`: one JSON answer per component (database, broker, workers), 200 only when all are up.
The hung-broker case runs on a real stack in test_pipeline_faults.py."""

from __future__ import annotations

import time

import pytest

from factcheck import health

pytestmark = pytest.mark.django_db


@pytest.fixture
def heartbeats(settings):
    settings.FACTCHECK_WORKER_HEARTBEAT_SECONDS = 1
    health.broker_client().delete(health.HEARTBEAT_KEY)
    yield
    health.broker_client().delete(health.HEARTBEAT_KEY)


def test_all_up_answers_200_with_each_component(client, heartbeats):
    health.heartbeat_write("worker-a@test")
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    components = body["components"]
    assert {name: c["status"] for name, c in components.items()} == {
        "database": "ok",
        "broker": "ok",
        "workers": "ok",
    }
    assert components["workers"]["alive"] == ["worker-a@test"]


def test_no_worker_heartbeat_is_a_503_that_says_so(client, heartbeats):
    health.broker_client().hset(health.HEARTBEAT_KEY, "gone@test", f"{time.time() - 60:.3f}")
    response = client.get("/healthz")
    assert response.status_code == 503
    workers = response.json()["components"]["workers"]
    assert workers["status"] == "down" and workers["detail"] == "no worker heartbeat"
    assert workers["alive"] == [] and workers["last_heartbeat_seconds_ago"] >= 59


def test_a_broker_that_refuses_is_reported_down_at_once(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    started = time.monotonic()
    response = client.get("/healthz")
    assert time.monotonic() - started < 2
    assert response.status_code == 503
    components = response.json()["components"]
    assert components["broker"]["status"] == "down"
    assert "no answer from the broker" in components["broker"]["detail"]
    assert components["workers"]["detail"] == "unknown: the broker does not answer"
    assert components["database"]["status"] == "ok"


def test_the_heartbeat_thread_writes_and_forgets_the_worker(heartbeats):
    beat = health.Heartbeat("thread@test", interval=0.1)
    beat.start()
    try:
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and "thread@test" not in health.worker_heartbeats():
            time.sleep(0.05)
        assert health.worker_heartbeats()["thread@test"] < 1
    finally:
        beat.stop()
    assert "thread@test" not in health.worker_heartbeats()
