"""The run folder (`.run/` of the checkout): one supervisor at a time, the secret key, the env file.

While `make run` is up, `.run/env` holds DATABASE_URL, REDIS_URL, DEBUG and SECRET_KEY, so that
`manage.py` in a second terminal reaches the same servers (factcheck/settings.py reads it).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

from devstack.errors import DevstackError

ROOT = Path(__file__).resolve().parent.parent  # the checkout
DEFAULT_RUN_DIR = ROOT / ".run"


def write_private(path: Path, text: str) -> None:
    """Write a file readable by its owner only, atomically (readers never see half of it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)


def secret_key(run_dir: Path) -> str:
    """A random SECRET_KEY made once and kept in .run/secret_key (sessions survive restarts)."""
    path = run_dir / "secret_key"
    with contextlib.suppress(OSError):
        key = path.read_text().strip()
        if key:
            return key
    key = secrets.token_urlsafe(50)
    write_private(path, key + "\n")
    return key


def write_env_file(run_dir: Path, values: dict[str, str]) -> Path:
    path = run_dir / "env"
    lines = ["# Written by `make run` (python -m devstack) while it is up; removed on stop."]
    lines += [f"{key}={value}" for key, value in values.items()]
    write_private(path, "\n".join(lines) + "\n")
    return path


@contextlib.contextmanager
def run_dir_lock(run_dir: Path, what: str) -> Iterator[None]:
    """One supervisor per data folder: a second `make run` on the same .run/ is refused."""
    run_dir.mkdir(parents=True, exist_ok=True)
    path = run_dir / "devstack.lock"
    handle = open(path, "a+")  # noqa: SIM115 - held for the whole run
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise DevstackError(
                f"{run_dir} is in use by {holder}; stop it first (Ctrl-C in its terminal)"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{what} (pid {os.getpid()})\n")
        handle.flush()
        yield
    finally:
        handle.close()
