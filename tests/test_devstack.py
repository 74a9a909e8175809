"""devstack (`python -m devstack`): the embedded servers and the supervisor behind `make run`.

These start real PostgreSQL and Valkey servers in temporary folders and real supervisor processes;
they need no Django database. Select them with `-m devstack`.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import psycopg
import pytest
import redis

from devstack.postgres import EmbeddedPostgres
from devstack.processes import MARKER, living
from devstack.rundir import run_dir_lock
from devstack.valkey import EmbeddedValkey

pytestmark = pytest.mark.devstack

REPO = Path(__file__).resolve().parent.parent


def quiet(_text: str) -> None:
    pass


def processes_under(folder: Path) -> list[psutil.Process]:
    """postgres / valkey processes whose working directory is inside `folder`."""
    found = []
    for proc in psutil.process_iter(["name"]):
        try:
            if (
                proc.info["name"] in {"postgres", "valkey-server"}
                and living(proc)
                and Path(proc.cwd()).resolve().is_relative_to(folder.resolve())
            ):
                found.append(proc)
        except psutil.Error:
            pass
    return found


def marked_by(supervisor_pid: int) -> list[psutil.Process]:
    found = []
    for proc in psutil.process_iter():
        try:
            if f"|{supervisor_pid}|" in proc.environ().get(MARKER, "") and living(proc):
                found.append(proc)
        except (psutil.Error, OSError):
            pass
    return found


@pytest.fixture
def postgres(tmp_path: Path) -> Iterator[EmbeddedPostgres]:
    server = EmbeddedPostgres(tmp_path / "pgdata", preferred_port=None, durable=False, log=quiet)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def valkey(tmp_path: Path) -> Iterator[EmbeddedValkey]:
    server = EmbeddedValkey(tmp_path / "valkey", preferred_port=None, log=quiet)
    try:
        yield server
    finally:
        server.stop()


def test_postgres_starts_serves_and_stops(postgres: EmbeddedPostgres, tmp_path: Path) -> None:
    url = postgres.start()
    assert url.startswith("postgres://postgres@127.0.0.1:")
    with psycopg.connect(url, autocommit=True) as conn:
        # Superuser: pytest-django must be able to create test_<name>; contrib extensions ship.
        row = conn.execute(
            "SELECT rolsuper, rolcreatedb FROM pg_roles WHERE rolname = %s", ["postgres"]
        )
        assert row.fetchone() == (True, True)
        conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        conn.execute("CREATE TABLE kept (v text)")
        conn.execute("INSERT INTO kept VALUES ('persists')")
        conn.execute("CREATE DATABASE test_factcheck")
        conn.execute("DROP DATABASE test_factcheck")
    postgres.stop()
    assert postgres.server_process() is None
    assert processes_under(tmp_path) == []

    # A second start reuses the data folder.
    postgres.start()
    with psycopg.connect(postgres.url) as conn:
        assert conn.execute("SELECT v FROM kept").fetchone() == ("persists",)
    postgres.stop()
    assert processes_under(tmp_path) == []


def test_postgres_left_running_by_a_killed_supervisor_is_stopped_on_next_start(
    postgres: EmbeddedPostgres, tmp_path: Path
) -> None:
    postgres.start()
    stale = postgres.server_process()
    assert stale is not None

    # A new supervisor (the old one was SIGKILLed and never stopped its server).
    again = EmbeddedPostgres(tmp_path / "pgdata", preferred_port=None, durable=False, log=quiet)
    again.start()
    try:
        assert not living(stale)
        with psycopg.connect(again.url) as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)
    finally:
        again.stop()
    assert processes_under(tmp_path) == []


def test_postgres_stale_postmaster_pid_of_an_unrelated_live_process(
    postgres: EmbeddedPostgres, tmp_path: Path
) -> None:
    postgres.start()
    postgres.stop()
    # After a crash the PID in postmaster.pid may belong to some other live process by now.
    with subprocess.Popen(["sleep", "30"]) as other:
        pidfile = tmp_path / "pgdata" / "postmaster.pid"
        pidfile.write_text(
            f"{other.pid}\n{tmp_path / 'pgdata'}\n0\n5432\n\n127.0.0.1\n0 0\nready\n"
        )
        try:
            postgres.start()
            with psycopg.connect(postgres.url) as conn:
                assert conn.execute("SELECT 1").fetchone() == (1,)
            assert other.poll() is None  # the unrelated process was left alone
        finally:
            other.kill()


def test_valkey_starts_serves_stops_and_replaces_a_stale_one(
    valkey: EmbeddedValkey, tmp_path: Path
) -> None:
    url = valkey.start()
    client = redis.Redis.from_url(url)
    assert client.ping()
    client.set("k", "v")
    assert client.get("k") == b"v"
    client.close()
    stale = valkey.server_process()
    assert stale is not None

    again = EmbeddedValkey(tmp_path / "valkey", preferred_port=None, log=quiet)
    again.start()
    try:
        assert not living(stale)
        client = redis.Redis.from_url(again.url)
        assert client.ping()
        client.close()
    finally:
        again.stop()
    valkey.process and valkey.process.wait(timeout=5)
    assert processes_under(tmp_path) == []


@pytest.fixture
def run_dir(tmp_path: Path) -> Iterator[Path]:
    """The supervisor's data folder; whatever a failed test left running there is stopped."""
    path = tmp_path / "run"
    yield path
    EmbeddedPostgres(path / "pgdata", log=quiet).stop_stale()
    EmbeddedValkey(path / "valkey", log=quiet).stop_stale()


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


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
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
