"""devstack/postgres.py: the embedded PostgreSQL starts, serves, stops, and replaces stale state.

These start real servers in temporary folders; they need no Django database (`-m devstack`).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import psycopg
import pytest

from devstack.postgres import EmbeddedPostgres
from devstack.processes import living
from tests.devstack.helpers import processes_under, quiet

pytestmark = pytest.mark.devstack


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
