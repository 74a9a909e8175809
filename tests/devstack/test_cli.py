"""devstack/cli.py: `python -m devstack run` as a user starts it, in a real subprocess.

Each test starts a supervisor with embedded PostgreSQL and Valkey in a temporary folder and stub
commands instead of worker, beat and web; they need no Django database (`-m devstack`).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
import redis

from devstack.rundir import run_dir_lock
from tests.devstack.helpers import REPO, marked_by, processes_under

pytestmark = pytest.mark.devstack


def finish(proc: subprocess.Popen) -> None:
    """Stop a supervisor the test did not stop (an assertion failed), the polite way first."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()


def start_supervisor(run_dir: Path, *commands: str) -> subprocess.Popen:
    # As from a shell with nothing set (tests/conftest.py sets these for the suite).
    unset = {"DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env["NO_COLOR"] = "1"
    argv = [sys.executable, "-m", "devstack", "--run-dir", str(run_dir)]
    argv += ["--stop-timeout", "1", "run", "--no-migrate"]
    for command in commands:
        argv += ["--command", command]
    return subprocess.Popen(
        argv, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def wait_for_line(proc: subprocess.Popen, needle: str, timeout: float = 20) -> list[str]:
    assert proc.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        if needle in line:
            return lines
    raise AssertionError(f"{needle!r} not seen; output:\n{''.join(lines)}")


def read_env(path: Path) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)
    return {key: value for key, value in pairs if not key.startswith("#")}


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_run_stops_every_process_on_a_signal(tmp_path: Path, run_dir: Path, signum: int) -> None:
    proc = start_supervisor(
        run_dir,
        "plain=sleep 300",
        # Ignores SIGTERM (needs the SIGKILL), and leaves a grandchild in a session of its own.
        "stubborn=sh -c 'trap \"\" TERM; setsid sleep 301 & sleep 302 & echo ready; wait'",
    )
    try:
        wait_for_line(proc, "ready")
        env = read_env(run_dir / "env")
        assert set(env) == {"DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY"}
        assert env["DEBUG"] == "1"
        assert env["SECRET_KEY"] == (run_dir / "secret_key").read_text().strip()
        with psycopg.connect(env["DATABASE_URL"]) as conn:
            assert conn.execute("SELECT current_database()").fetchone() == ("factcheck",)
        client = redis.Redis.from_url(env["REDIS_URL"])
        assert client.ping()
        client.close()
        assert len(marked_by(proc.pid)) >= 4

        proc.send_signal(signum)
        out, _ = proc.communicate(timeout=20)
    finally:
        finish(proc)
    assert proc.returncode == 0, out
    assert "stopped in" in out
    assert not (run_dir / "env").exists()
    assert marked_by(proc.pid) == []
    assert processes_under(tmp_path) == []


def test_run_stops_everything_when_a_child_dies(tmp_path: Path, run_dir: Path) -> None:
    proc = start_supervisor(run_dir, "long=sleep 300", "short=sh -c 'sleep 0.5; exit 3'")
    try:
        out, _ = proc.communicate(timeout=20)
    finally:
        finish(proc)
    assert proc.returncode == 1, out
    assert "short exited with status 3" in out
    assert not (run_dir / "env").exists()
    assert marked_by(proc.pid) == []
    assert processes_under(tmp_path) == []


def test_a_second_supervisor_on_the_same_data_is_refused(tmp_path: Path) -> None:
    (tmp_path / "env").write_text("DATABASE_URL=postgres://someone-elses\n")
    with run_dir_lock(tmp_path, "the first one"):
        result = subprocess.run(
            [sys.executable, "-m", "devstack", "--run-dir", str(tmp_path), "run"],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=20,
        )
    assert result.returncode == 1
    assert "in use by the first one" in result.stdout
    # The refused one leaves the running stack's env file alone.
    assert (tmp_path / "env").read_text() == "DATABASE_URL=postgres://someone-elses\n"


def test_the_command_line_imports_neither_django_nor_the_project() -> None:
    # It runs before Django and sets up its environment; the apps run only in its subprocesses.
    probe = (
        "import sys, devstack.cli; "
        "print(sorted({m.split('.')[0] for m in sys.modules} "
        "& {'django', 'celery', 'factcheck', 'articles', 'claims', 'cms'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
