"""Publishing tasks by name (`factcheck.queueing`). A broker outage at import time loses nothing:
the import succeeds, the articles wait as *pending*, and the beat sweep queues them once Redis is
back (here: the real one)."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time
from contextlib import contextmanager

import pytest
from celery.exceptions import NotRegistered
from django.conf import settings

from articles.models import Article
from claims.models import Claim
from claims.services.extraction import extraction_sweep
from factcheck import queueing
from factcheck.queueing import TaskPublisher, registered_task
from tests.conftest import REPO


class FakeTask:
    def __init__(self) -> None:
        self.sent: list[tuple] = []

    def apply_async(self, args, producer=None, retry=True, retry_policy=None):
        # A bounded retry: the settings' policy, which gives up within about a second.
        assert retry is True and producer is not None
        assert retry_policy == settings.CELERY_TASK_PUBLISH_RETRY_POLICY
        self.sent.append(tuple(args))


@pytest.fixture
def task(monkeypatch):
    fake = FakeTask()
    monkeypatch.setattr(queueing, "registered_task", lambda name: fake)
    monkeypatch.setattr(queueing.app, "producer_or_acquire", contextmanager(lambda: (yield "p")))
    return fake


def test_a_task_is_found_by_the_name_its_app_registers():
    from claims import queueing as claims_queueing
    from cms import queueing as cms_queueing

    for module in (claims_queueing, cms_queueing):
        for constant, name in vars(module).items():
            if constant.isupper():
                assert registered_task(name).name == name


def test_an_unknown_task_name_is_a_bug_raised_to_the_caller_not_an_outage():
    publisher = TaskPublisher(background=True)
    with pytest.raises(NotRegistered):
        publisher.publish("claims.tasks.no_such_task", [(1,)])
    publisher.close()
    assert not publisher.down


def test_the_publisher_sends_each_argument_tuple(task):
    TaskPublisher().publish("any.task", [(1,), (2,)])
    assert task.sent == [(1,), (2,)]


def test_a_background_publisher_has_sent_everything_once_closed(task):
    publisher = TaskPublisher(background=True)
    for i in range(20):
        publisher.publish("any.task", [(i,)])
    publisher.close()
    assert task.sent == [(i,) for i in range(20)]


def test_a_broker_outage_is_logged_once_and_nothing_more_is_tried(task, monkeypatch, caplog):
    attempts = []

    @contextmanager
    def unreachable():
        attempts.append(1)
        raise ConnectionRefusedError("Connection refused")
        yield

    monkeypatch.setattr(queueing.app, "producer_or_acquire", unreachable)
    publisher = TaskPublisher()
    with caplog.at_level(logging.WARNING, logger="factcheck.queueing"):
        publisher.publish("any.task", [(1,)])
        publisher.publish("any.task", [(2,)])
    assert publisher.down and len(attempts) == 1 and task.sent == []
    (record,) = caplog.records
    assert (
        "broker unreachable" in record.getMessage() and "left for the sweep" in record.getMessage()
    )


# Nothing listens here: connecting is refused at once, as when Redis is down.
DEAD_BROKER = "redis://127.0.0.1:1/0"


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_an_import_while_redis_is_down_keeps_the_articles_and_the_sweep_extracts_them_later(
    celery_worker, tmp_path, settings
):
    from django.db import connection

    source = tmp_path / "outage.jsonl"
    rows = [
        {
            "url": f"https://news.example/outage-{i}",
            "title": f"Depot {i}",
            "body": f"The depot in Northfield {i} employs {120 + i} drivers, the council said.",
        }
        for i in range(3)
    ]
    source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    db_url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]
    env = {**os.environ, "DATABASE_URL": db_url, "DATABASE_POOL": "0", "REDIS_URL": DEAD_BROKER}
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "manage.py", "import_articles", str(source)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("3 created")
    assert time.monotonic() - started < 60  # the outage did not hang the import
    assert set(Article.objects.values_list("extraction__status", flat=True)) == {"pending"}

    # Redis is back (the session's real broker, a real worker on it); the sweep's threshold passes.
    settings.FACTCHECK_EXTRACTION_STALE_AFTER_SECONDS = 0
    time.sleep(0.01)
    assert len(extraction_sweep().requeued) == 3
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and Article.objects.exclude(extraction__status="done"):
        time.sleep(0.2)
    assert set(Article.objects.values_list("extraction__status", flat=True)) == {"done"}
    assert Claim.objects.filter(text__contains="employs 121 drivers").exists()
