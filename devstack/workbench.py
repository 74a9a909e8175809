"""What `make run` runs once its servers are up: the one-off steps, then the long-running processes.

The processes are a table of ProcessSpec, like a Procfile, with the command lines computed here
(this interpreter, the port, the run folder) rather than written in a file.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from devstack.console import Console
from devstack.errors import DevstackError
from devstack.ports import HOST
from devstack.rundir import ROOT
from devstack.supervisor import ProcessSpec, RestartWithBackoff, Supervisor


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


def queues(prefix: str | None = None) -> dict[str, str]:
    """The queue of each kind of work, as the settings name them (`<CELERY_QUEUE>.<kind>`)."""
    prefix = prefix or os.environ.get("CELERY_QUEUE") or "factcheck"
    kinds = ("extraction", "matching", "webhooks", "housekeeping", "sources")
    return {kind: f"{prefix}.{kind}" for kind in kinds}


def worker_argv(name: str, kinds: Sequence[str], concurrency: str) -> list[str]:
    names = queues()
    return [
        *(sys.executable, "-m", "celery", "-A", "factcheck", "worker", "-l", "info"),
        *("-Q", ",".join(names[kind] for kind in kinds)),
        *("--concurrency", concurrency, "-n", f"{name}@%h"),
    ]


def niced(level: str) -> list[str]:
    """The `nice -n <level>` prefix (none for 0, or where there is no `nice`). The matcher runs
    niced: matching may lag, extraction is what editors wait for, and on a small machine the
    operating system then gives the extraction workers the CPU first."""
    nice = shutil.which("nice")
    if not nice or level.strip() in ("", "0"):
        return []
    return [nice, "-n", level.strip()]


def processes(port: int, web: str, run_dir: Path) -> list[ProcessSpec]:
    """The workers, beat and web, in start order (stopped in the reverse order).

    Two workers: `worker` takes what editors and the CMS wait for (extraction, webhooks,
    housekeeping), `matcher` the work that may lag (matching, evidence source checks; niced,
    MATCHER_NICE), so a matching flood or a slow web page never delays an extraction.
    Workers and beat are restarted with backoff when they crash; the web stops the stack."""
    celery = [sys.executable, "-m", "celery", "-A", "factcheck"]
    schedule = str(run_dir / "celerybeat-schedule")
    fast = os.environ.get("WORKER_CONCURRENCY", "2")
    slow = os.environ.get("MATCHER_CONCURRENCY", "1")
    return [
        ProcessSpec(
            "worker",
            worker_argv("worker", ["extraction", "webhooks", "housekeeping"], fast),
            restart=RestartWithBackoff(),
        ),
        ProcessSpec(
            "matcher",
            [
                *niced(os.environ.get("MATCHER_NICE", "10")),
                *worker_argv("matcher", ["matching", "sources"], slow),
            ],
            restart=RestartWithBackoff(),
        ),
        ProcessSpec(
            "beat",
            [*celery, "beat", "-l", "info", "--schedule", schedule],
            restart=RestartWithBackoff(),
        ),
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
