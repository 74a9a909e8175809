"""devstack/workbench.py: what `make run` starts, in which order, with which command lines."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from devstack import workbench

pytestmark = pytest.mark.devstack


def test_worker_beat_and_gunicorn_start_in_that_order(tmp_path: Path) -> None:
    specs = workbench.processes(8011, "gunicorn", tmp_path)

    assert [spec.name for spec in specs] == ["worker", "beat", "web"]
    worker, beat, web = (list(spec.argv) for spec in specs)
    assert worker[:5] == [sys.executable, "-m", "celery", "-A", "factcheck"]
    assert worker[5:] == ["worker", "-l", "info", "--concurrency", "2"]
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
