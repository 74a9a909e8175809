"""What `make run` runs once its servers are up: the one-off steps, then the long-running processes.

The processes are a table of ProcessSpec, like a Procfile, with the command lines computed here
(this interpreter, the port, the run folder) rather than written in a file.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from devstack.console import Console
from devstack.errors import DevstackError
from devstack.ports import HOST
from devstack.rundir import ROOT
from devstack.supervisor import ProcessSpec, Supervisor


def web_argv(port: int, web: str) -> list[str]:
    """gunicorn (the default), or Django's auto-reloading runserver when `web` says so."""
    python = sys.executable
    if web == "runserver":
        return [python, "manage.py", "runserver", f"{HOST}:{port}"]
    return [
        *(python, "-m", "gunicorn", "factcheck.wsgi", "--bind", f"{HOST}:{port}"),
        *("--workers", os.environ.get("WEB_CONCURRENCY", "2"), "--threads", "4"),
        *("--graceful-timeout", "5", "--access-logfile", "-"),
    ]


def processes(port: int, web: str, run_dir: Path) -> list[ProcessSpec]:
    """The worker, beat and web, in start order (stopped in the reverse order)."""
    celery = [sys.executable, "-m", "celery", "-A", "factcheck"]
    schedule = str(run_dir / "celerybeat-schedule")
    return [
        ProcessSpec("worker", [*celery, "worker", "-l", "info", "--concurrency", "2"]),
        ProcessSpec("beat", [*celery, "beat", "-l", "info", "--schedule", schedule]),
        ProcessSpec("web", web_argv(port, web)),
    ]


def has_management_command(name: str) -> bool:
    return any(ROOT.glob(f"*/management/commands/{name}.py"))


def prepare_database(sup: Supervisor, env: dict[str, str], console: Console) -> None:
    """`manage.py migrate`, then `manage.py seed_demo` unless SEED=0; either failing stops here."""
    manage = [sys.executable, "manage.py"]
    status = sup.run_step("migrate", [*manage, "migrate", "--noinput"], env)
    if status != 0:
        raise DevstackError(f"manage.py migrate failed (status {status})")
    if os.environ.get("SEED", "1") == "0":
        return
    if not has_management_command("seed_demo"):
        console.say("no seed_demo command yet: skipping demo data")
        return
    status = sup.run_step("seed", [*manage, "seed_demo"], env)
    if status != 0:
        raise DevstackError(f"manage.py seed_demo failed (status {status})")
