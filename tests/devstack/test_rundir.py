"""devstack/rundir.py: the env file and secret key are private; one supervisor per run folder."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from devstack.errors import DevstackError
from devstack.rundir import run_dir_lock, secret_key, write_env_file

pytestmark = pytest.mark.devstack


def test_the_env_file_holds_the_values_and_only_its_owner_may_read_it(tmp_path: Path) -> None:
    path = write_env_file(tmp_path, {"DATABASE_URL": "postgres://x/y", "DEBUG": "1"})

    assert path == tmp_path / "env"
    lines = path.read_text().splitlines()
    assert lines[0].startswith("# ")
    assert lines[1:] == ["DATABASE_URL=postgres://x/y", "DEBUG=1"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["env"]  # no temporary file left


def test_the_secret_key_is_made_once_and_kept(tmp_path: Path) -> None:
    key = secret_key(tmp_path)

    assert len(key) >= 50
    assert secret_key(tmp_path) == key
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600


def test_a_second_lock_on_the_same_run_folder_is_refused_naming_the_first(tmp_path: Path) -> None:
    with (
        run_dir_lock(tmp_path, "the first one"),
        pytest.raises(DevstackError, match="in use by the first one"),
        run_dir_lock(tmp_path, "the second one"),
    ):
        pass
    with run_dir_lock(tmp_path, "a later one"):  # free again once the first is done
        pass
