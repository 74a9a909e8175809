"""devstack/workbench.py: what `make run` starts, in which order, with which command lines."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from devstack import workbench

pytestmark = pytest.mark.devstack


def test_the_matcher_is_not_niced_when_matcher_nice_is_0(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MATCHER_NICE", "0")
    matcher = next(
        s for s in workbench.processes(8011, "gunicorn", tmp_path) if s.name == "matcher"
    )
    assert list(matcher.argv)[:5] == [sys.executable, "-m", "celery", "-A", "factcheck"]


def test_workers_beat_and_gunicorn_start_in_that_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CELERY_QUEUE", raising=False)
    monkeypatch.delenv("WORKER_CONCURRENCY", raising=False)
    monkeypatch.delenv("MATCHER_CONCURRENCY", raising=False)
    monkeypatch.delenv("MATCHER_NICE", raising=False)
    specs = workbench.processes(8011, "gunicorn", tmp_path)

    assert [spec.name for spec in specs] == ["worker", "matcher", "beat", "web"]
    worker, matcher, beat, web = (list(spec.argv) for spec in specs)
    assert shutil.which("nice")  # coreutils, on every machine the stack runs on
    assert worker[:5] == [sys.executable, "-m", "celery", "-A", "factcheck"]
    # Matching has a worker of its own: a flood of it never holds up extraction or webhooks.
    assert worker[5:] == [
        *("worker", "-l", "info"),
        *("-Q", "factcheck.extraction,factcheck.webhooks,factcheck.housekeeping"),
        *("--concurrency", "2", "-n", "worker@%h"),
    ]
    # The matcher runs niced (MATCHER_NICE, default 10): the CPU goes to extraction first.
    assert matcher[:3] == [shutil.which("nice"), "-n", "10"]
    assert matcher[8:] == [
        *("worker", "-l", "info", "-Q", "factcheck.matching,factcheck.sources"),
        *("--concurrency", "1", "-n", "matcher@%h"),
    ]
    # Workers and beat are restarted when they crash; the web stops the stack.
    assert [type(spec.restart).__name__ for spec in specs] == [
        *["RestartWithBackoff"] * 3,
        "StopTheStack",
    ]
    assert beat[-2:] == ["--schedule", str(tmp_path / "celerybeat-schedule")]
    assert web[:4] == [sys.executable, "-m", "gunicorn", "factcheck.wsgi"]
    assert web[web.index("--bind") + 1] == "127.0.0.1:8011"
    assert web[web.index("--threads") + 1] == "4"


def test_web_server_runserver_uses_djangos_development_server(tmp_path: Path) -> None:
    web = workbench.processes(8012, "runserver", tmp_path)[-1]

    assert list(web.argv) == [sys.executable, "manage.py", "runserver", "127.0.0.1:8012"]


def test_seed_demo_is_found_among_the_apps_management_commands() -> None:
    assert workbench.has_management_command("seed_demo")
    assert not workbench.has_management_command("no_such_command")


def test_the_queue_names_are_the_ones_the_settings_route_to(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from django.conf import settings

    monkeypatch.setenv("CELERY_QUEUE", settings.CELERY_QUEUE_PREFIX)
    assert workbench.queues() == settings.PIPELINE_QUEUES
