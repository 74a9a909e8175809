"""A small stack of real pieces for the pipeline's fault-injection tests: an embedded Valkey this
test starts (never the machine's Redis), Celery workers and beat, and gunicorn, all children of
the test process on the test database. Victims are chosen by descent from what was started here.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil
from django.db import connection

from devstack.ports import free_port
from devstack.valkey import EmbeddedValkey
from tests.conftest import REPO


def wait_for(condition: Callable[[], Any], timeout: float, what: str, step: float = 0.2) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"not within {timeout:.0f}s: {what}")


class PipelineStack:
    def __init__(self, tmp: Path, **settings: str) -> None:
        self.tmp = tmp
        self.valkey = EmbeddedValkey(tmp / "valkey", preferred_port=None, log=lambda _t: None)
        self.prefix = f"fc-fault-{uuid.uuid4().hex[:8]}"
        self.port = free_port()
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.logs: dict[str, Path] = {}
        db_url = (
            os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]
        )
        self.env = {
            **os.environ,
            "DATABASE_URL": db_url,
            "DATABASE_POOL": "0",
            "CELERY_QUEUE": self.prefix,
            "ALLOWED_HOSTS": "127.0.0.1",
            "FACTCHECK_SWEEP_INTERVAL_SECONDS": "2",
            "FACTCHECK_EXTRACTION_STALE_AFTER_SECONDS": "3",
            "FACTCHECK_MATCHING_STALE_AFTER_SECONDS": "3",
            "FACTCHECK_WORKER_HEARTBEAT_SECONDS": "1",
            **settings,
        }
        self.env.pop("DJANGO_SETTINGS_MODULE", None)

    @property
    def queues(self) -> dict[str, str]:
        kinds = ("extraction", "matching", "webhooks", "housekeeping", "sources")
        return {kind: f"{self.prefix}.{kind}" for kind in kinds}

    def start_broker(self) -> None:
        self.env["REDIS_URL"] = self.valkey.start()

    def start(self, name: str, argv: list[str]) -> subprocess.Popen[bytes]:
        log = self.tmp / f"{name}.log"
        self.logs[name] = log
        with open(log, "ab") as out:
            proc = subprocess.Popen(
                argv, cwd=REPO, env=self.env, stdout=out, stderr=subprocess.STDOUT
            )
        self.processes[name] = proc
        return proc

    def start_worker(self, name: str, queues: list[str], concurrency: int = 2) -> None:
        self.start(
            name,
            [
                *(sys.executable, "-m", "celery", "-A", "factcheck", "worker", "-l", "info"),
                *("-Q", ",".join(self.queues[q] for q in queues)),
                *("--concurrency", str(concurrency), "-n", f"{name}-{self.prefix}@%h"),
                *("--without-gossip", "--without-mingle"),
            ],
        )

    def start_beat(self) -> None:
        schedule = str(self.tmp / "beat-schedule")
        self.start(
            "beat",
            [sys.executable, "-m", "celery", "-A", "factcheck", "beat", "-s", schedule],
        )

    def start_web(self) -> None:
        self.start(
            "web",
            [
                *(sys.executable, "-m", "gunicorn", "factcheck.wsgi"),
                *("--bind", f"127.0.0.1:{self.port}", "--workers", "1", "--threads", "4"),
            ],
        )
        wait_for(lambda: self._answers(), 30, "gunicorn answers")

    def _answers(self) -> bool:
        try:
            self.request("GET", "/healthz", timeout=3)
        except OSError:
            return False
        return True

    def request(
        self, method: str, path: str, body: Any = None, token: str = "", timeout: float = 10
    ) -> tuple[int, Any, float]:
        """(status, JSON body or text, seconds taken)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Token {token}"
        started = time.monotonic()
        try:
            conn.request(
                method, path, body=json.dumps(body) if body is not None else None, headers=headers
            )
            response = conn.getresponse()
            raw = response.read().decode()
        finally:
            conn.close()
        took = time.monotonic() - started
        try:
            return response.status, json.loads(raw), took
        except ValueError:
            return response.status, raw, took

    def worker_children(self, name: str) -> list[psutil.Process]:
        """The pool processes of a worker this stack started (its descendants)."""
        return psutil.Process(self.processes[name].pid).children(recursive=True)

    def broker_process(self) -> psutil.Process:
        proc = self.valkey.process
        assert proc is not None
        victim = psutil.Process(proc.pid)
        # Ours: started by this test process, never the machine's Redis.
        assert victim.ppid() == os.getpid() and victim.name() == "valkey-server"
        return victim

    def log(self, name: str) -> str:
        return self.logs[name].read_text(errors="replace")

    def stop(self) -> None:
        for proc in self.processes.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.processes.values():
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                for child in psutil.Process(proc.pid).children(recursive=True):
                    child.kill()
                proc.kill()
                proc.wait()
        self.valkey.stop()


TOWNS = ["Eastmouth", "Northvale", "Port Ellen", "Kingsbridge", "Ashford", "Millbrook", "Redcliff"]
THINGS = ["households", "jobs", "containers", "patients", "students", "visitors", "flights"]


def news_rows(n: int, seed: int = 1, paragraphs: int = 4) -> list[dict[str, str]]:
    """`n` articles with a few checkable figures each, all different."""
    import random

    rng = random.Random(seed)
    rows = []
    for i in range(n):
        town = rng.choice(TOWNS)
        paras = [
            f"{town} recorded {rng.randint(100, 900_000):,} {rng.choice(THINGS)} in "
            f"{rng.randint(1990, 2025)}, the council said. The figure rose {rng.randint(2, 40)} "
            f"percent from the year before. Spending reached ${rng.randint(2, 900)} million, "
            f"according to the budget office (story {seed}-{i}, paragraph {p})."
            for p in range(paragraphs)
        ]
        rows.append(
            {
                "url": f"https://news.example/{seed}/{i}",
                "title": f"{town} figures {seed}-{i}",
                "body": "\n\n".join(paras),
            }
        )
    return rows


def import_rows(stack: PipelineStack, token: str, rows: list[dict[str, str]]) -> list[int]:
    ids: list[int] = []
    for i in range(0, len(rows), 50):
        status, result, _ = stack.request("POST", "/api/articles/", rows[i : i + 50], token=token)
        assert status == 201, result
        ids += [item["id"] for item in result["items"]]
    return ids
