"""Fixtures of the devstack tests: embedded servers in temporary folders, stopped afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from devstack.postgres import EmbeddedPostgres
from devstack.valkey import EmbeddedValkey
from tests.devstack.helpers import quiet


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


@pytest.fixture
def run_dir(tmp_path: Path) -> Iterator[Path]:
    """The supervisor's data folder; whatever a failed test left running there is stopped."""
    path = tmp_path / "run"
    yield path
    EmbeddedPostgres(path / "pgdata", log=quiet).stop_stale()
    EmbeddedValkey(path / "valkey", log=quiet).stop_stale()
