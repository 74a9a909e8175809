"""The process supervisor: start processes in order, prefix their output, stop them all.

Each process runs in a process group of its own with its output relayed, line by line, under its
name. SIGINT, SIGTERM or SIGHUP stops everything: process groups get SIGTERM, then SIGKILL after
`stop_timeout` (a second signal: at once); anything left that carries this supervisor's marker in
its environment, or was reparented to it (it makes itself a child subreaper), is killed in a sweep.

When a process exits on its own, its RestartPolicy decides: stop the whole stack (the default, and
what `make run` does for the web server) or start it again after a delay (RestartWithBackoff:
`make run`'s workers and beat, until one keeps crashing).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shlex
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import IO, Protocol

from devstack import processes
from devstack.console import Console
from devstack.errors import StopRequested
from devstack.processes import MARKER, kill_processes, living
from devstack.rundir import ROOT


class RestartPolicy(Protocol):
    """What the supervisor does when a process exits without being asked to."""

    def delay_after_exit(self, name: str, status: int) -> float | None:
        """Seconds to wait before starting the process again, or None to stop the whole stack."""
        ...


class StopTheStack:
    """Any exit stops everything: a crash is seen at once, not hidden by a restart."""

    def delay_after_exit(self, name: str, status: int) -> float | None:
        return None


class RestartWithBackoff:
    """Restart a crashed process after a delay that doubles with each crash (`first`, 2x, 4x, ...
    up to `longest`); a process that ran `calm` seconds without crashing starts over at `first`.
    More than `max_crashes` crashes within `window` seconds: it keeps crashing, so stop the stack
    (the logs say why) rather than restart it for ever."""

    def __init__(
        self,
        *,
        first: float = 1.0,
        longest: float = 30.0,
        max_crashes: int = 5,
        window: float = 120.0,
        calm: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.first = first
        self.longest = longest
        self.max_crashes = max_crashes
        self.window = window
        self.calm = calm
        self.clock = clock
        self.crashes: list[float] = []
        self.delay = 0.0

    def delay_after_exit(self, name: str, status: int) -> float | None:
        now = self.clock()
        if self.crashes and now - self.crashes[-1] > self.calm + self.delay:
            self.delay = 0.0  # it ran long enough since its last crash: start over
        self.crashes = [t for t in self.crashes if now - t <= self.window] + [now]
        if len(self.crashes) > self.max_crashes:
            return None
        self.delay = self.first if not self.delay else min(self.longest, 2 * self.delay)
        return self.delay


@dataclass(frozen=True)
class ProcessSpec:
    """A long-running process of the stack: its name (the output prefix) and command line."""

    name: str
    argv: Sequence[str]
    restart: RestartPolicy = field(default_factory=StopTheStack)


@dataclass
class Child:
    spec: ProcessSpec
    env: dict[str, str]
    process: subprocess.Popen[bytes]
    relay: threading.Thread
    restart_at: float | None = None  # set while it waits to be started again

    @property
    def name(self) -> str:
        return self.spec.name


class Supervisor:
    """Starts children in their own process groups, relays their output, stops them all."""

    def __init__(self, console: Console, stop_timeout: float = 10.0, cwd: Path = ROOT) -> None:
        self.console = console
        self.stop_timeout = stop_timeout
        self.cwd = cwd
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
            signal.signal(signum, self.on_signal)

    def on_signal(self, signum: int, _frame: FrameType | None) -> None:
        """The handler of SIGINT, SIGTERM and SIGHUP: stop; the second time, without waiting."""
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

    def started(self) -> None:
        """Start-up is over: from now on a signal ends `watch` instead of raising."""
        self.starting = False
        if self.stop_event.is_set():  # a signal between the last check and now
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

    def spawn(self, spec: ProcessSpec, env: dict[str, str]) -> Child:
        process, relay = self._start(spec, env)
        child = Child(spec, env, process, relay)
        self.children.append(child)
        return child

    def run_step(self, name: str, argv: Sequence[str], env: dict[str, str]) -> int:
        """Run a one-off command to completion (migrate, seed), output relayed."""
        child = self.spawn(ProcessSpec(name, argv), env)  # a signal meanwhile stops it too
        status = child.process.wait()
        child.relay.join(timeout=5)
        self.children.remove(child)
        return status

    def _start(
        self, spec: ProcessSpec, env: dict[str, str]
    ) -> tuple[subprocess.Popen[bytes], threading.Thread]:
        process = subprocess.Popen(
            list(spec.argv),
            cwd=self.cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        assert process.stdout is not None
        relay = threading.Thread(target=self._relay, args=(spec.name, process.stdout), daemon=True)
        relay.start()
        self.console.say(f"started {spec.name} (pid {process.pid}): {shlex.join(spec.argv)}")
        return process, relay

    def _relay(self, name: str, stream: IO[bytes]) -> None:
        for raw in iter(stream.readline, b""):
            self.console.line(name, raw.decode("utf-8", errors="replace"))
        stream.close()

    # -- watching

    def watch(self, tick: Callable[[], None] = lambda: None) -> None:
        """Until a stop signal, or a process exits and its restart policy says stop the stack.

        `tick` runs about five times a second (the "is it up yet?" announcement).
        """
        while not self.stop_event.wait(0.2):
            for child in self._exited():
                if not self._after_exit(child):
                    return
            self._restart_due()
            tick()

    def _exited(self) -> list[Child]:
        """Children that exited and are not already waiting to be restarted."""
        return [c for c in self.children if c.restart_at is None and c.process.poll() is not None]

    def _after_exit(self, child: Child) -> bool:
        """Ask the child's policy; False when the stack must stop."""
        status = child.process.returncode
        delay = child.spec.restart.delay_after_exit(child.name, status)
        if delay is None:
            self.stop_reason = f"{child.name} exited with status {status}"
            if isinstance(child.spec.restart, RestartWithBackoff):
                policy = child.spec.restart
                self.stop_reason += (
                    f" and keeps crashing ({len(policy.crashes)} times in {policy.window:.0f}s)"
                )
            self.exit_status = 1
            return False
        self.console.say(f"{child.name} exited with status {status}; restarting in {delay:.1f}s")
        child.restart_at = time.monotonic() + delay
        return True

    def _restart_due(self) -> None:
        now = time.monotonic()
        for child in self.children:
            if child.restart_at is not None and child.restart_at <= now:
                self.relays.append(child.relay)
                child.process, child.relay = self._start(child.spec, child.env)
                child.restart_at = None

    # -- stopping

    def stop_children(self) -> None:
        running = list(self.children)
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
            try:
                status: int | None = child.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                status = None
            self.console.say(f"{child.name} stopped (status {status})")
        # Relays end when no process holds the pipe any more (after the sweep, at worst).
        self.relays += [c.relay for c in running]
        self.children.clear()

    def join_relays(self, timeout: float = 2.0) -> None:
        deadline = time.monotonic() + timeout
        for relay in self.relays:
            relay.join(timeout=max(0.0, deadline - time.monotonic()))
        self.relays.clear()

    @staticmethod
    def _signal_group(child: Child, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(child.process.pid, signum)

    @staticmethod
    def _group_alive(child: Child) -> bool:
        if child.process.poll() is None:
            return True
        # The leader is gone; are other members of its group left (a pool process, say)?
        return processes.group_alive(child.process.pid)

    def sweep(self, exclude: Sequence[int] = ()) -> None:
        """Kill any descendant or marked process still alive (not the embedded servers)."""
        leftovers = {p.pid: p for p in processes.marked_processes(self.token)}
        for proc in processes.descendants():
            leftovers.setdefault(proc.pid, proc)
        for pid in processes.tree_pids(exclude):  # an embedded server and everything under it
            leftovers.pop(pid, None)
        alive = [p for p in leftovers.values() if living(p)]
        if alive:
            names = ", ".join(f"{p.pid}" for p in alive)
            self.console.say(f"cleaning up {len(alive)} leftover process(es): {names}")
        # Zombies (reparented to us as subreaper) are reaped by the wait in kill_processes.
        kill_processes(list(leftovers.values()), timeout=min(self.stop_timeout, 5))

    def sweep_orphans_of_dead_supervisors(self) -> None:
        """Children of an earlier supervisor of this checkout that was SIGKILLed (port holders)."""
        orphans = processes.orphans_of_dead_supervisors(str(ROOT), self.token)
        if orphans:
            self.console.say(
                f"stopping {len(orphans)} process(es) left by a killed devstack: "
                + ", ".join(str(p.pid) for p in orphans)
            )
            kill_processes(orphans, timeout=5)
