"""devstack/supervisor.py in this process: restart policies, and a second signal skipping the wait.

The commands are small shell stubs; no server is started (`-m devstack`).
"""

from __future__ import annotations

import io
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from devstack.console import Console
from devstack.supervisor import ProcessSpec, RestartWithBackoff, Supervisor

pytestmark = pytest.mark.devstack


class RestartTwice:
    """Restart after the first two exits, then stop the stack; remembers what it was told."""

    def __init__(self) -> None:
        self.exits: list[tuple[str, int]] = []

    def delay_after_exit(self, name: str, status: int) -> float | None:
        self.exits.append((name, status))
        return 0.2 if len(self.exits) <= 2 else None


@pytest.fixture
def output() -> io.StringIO:
    return io.StringIO()


@pytest.fixture
def sup(output: io.StringIO, tmp_path: Path) -> Iterator[Supervisor]:
    supervisor = Supervisor(Console(output), stop_timeout=1, cwd=tmp_path)
    supervisor.started()
    # A broken watch loop must fail the test, not hang it.
    guard = threading.Timer(30, supervisor.stop_event.set)
    guard.start()
    try:
        yield supervisor
    finally:
        guard.cancel()
        supervisor.stop_children()
        supervisor.join_relays()


def test_by_default_a_process_exiting_stops_the_stack(sup: Supervisor) -> None:
    env = sup.child_env({})
    long = sup.spawn(ProcessSpec("long", ["sleep", "300"]), env)
    sup.spawn(ProcessSpec("short", ["sh", "-c", "exit 3"]), env)

    sup.watch()

    assert sup.stop_reason == "short exited with status 3"
    assert sup.exit_status == 1
    assert long.process.poll() is None  # watch only reports; stopping is the caller's move
    sup.stop_children()
    assert long.process.returncode == -signal.SIGTERM


def test_a_restart_policy_starts_the_process_again_until_it_says_stop(
    sup: Supervisor, output: io.StringIO
) -> None:
    policy = RestartTwice()
    env = sup.child_env({})
    steady = sup.spawn(ProcessSpec("steady", ["sleep", "300"]), env)
    sup.spawn(ProcessSpec("flaky", ["sh", "-c", "echo run; exit 3"], restart=policy), env)

    sup.watch()

    assert policy.exits == [("flaky", 3)] * 3
    assert sup.stop_reason == "flaky exited with status 3"
    assert sup.exit_status == 1
    assert steady.process.poll() is None  # the other processes were not touched meanwhile
    sup.stop_children()
    sup.join_relays()
    text = output.getvalue()
    assert text.count("flaky    | run") == 3
    assert text.count("flaky exited with status 3; restarting in 0.2s") == 2


def test_a_second_signal_kills_at_once_instead_of_waiting(
    sup: Supervisor, output: io.StringIO
) -> None:
    sup.stop_timeout = 60
    # Ignores SIGTERM: only the SIGKILL stops it.
    stubborn = ["sh", "-c", "trap '' TERM; echo ready; sleep 300"]
    sup.spawn(ProcessSpec("stubborn", stubborn), sup.child_env({}))
    deadline = time.monotonic() + 10
    while "ready" not in output.getvalue() and time.monotonic() < deadline:
        time.sleep(0.05)

    sup.on_signal(signal.SIGINT, None)
    sup.on_signal(signal.SIGINT, None)
    began = time.monotonic()
    sup.stop_children()

    assert time.monotonic() - began < 10
    assert "SIGINT again: killing everything now" in output.getvalue()
    assert "stubborn did not stop in time: SIGKILL" in output.getvalue()


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_backoff_doubles_until_the_process_keeps_crashing() -> None:
    clock = FakeClock()
    policy = RestartWithBackoff(first=1, longest=8, max_crashes=5, window=120, clock=clock)
    delays = []
    for _ in range(6):
        delays.append(policy.delay_after_exit("worker", -9))
        clock.now += 2
    assert delays == [1, 2, 4, 8, 8, None]


def test_backoff_starts_over_once_the_process_ran_calmly() -> None:
    clock = FakeClock()
    policy = RestartWithBackoff(
        first=1, longest=30, max_crashes=5, window=120, calm=60, clock=clock
    )
    assert [policy.delay_after_exit("beat", 1) for _ in range(3)] == [1, 2, 4]
    clock.now += 500  # ran for minutes: the old crashes are out of the window too
    assert policy.delay_after_exit("beat", 1) == 1


def test_a_crashed_worker_is_restarted_and_the_stack_goes_on(
    sup: Supervisor, output: io.StringIO, tmp_path: Path
) -> None:
    # Killed the first time (as a SIGKILLed worker), runs the second.
    script = "if [ -f crashed ]; then echo up again; sleep 300; else touch crashed; kill -9 $$; fi"
    policy = RestartWithBackoff(first=0.2)
    worker = sup.spawn(
        ProcessSpec("worker", ["sh", "-c", script], restart=policy), sup.child_env({})
    )
    first = worker.process

    watcher = threading.Thread(target=sup.watch)
    watcher.start()
    deadline = time.monotonic() + 10
    while "worker   | up again" not in output.getvalue() and time.monotonic() < deadline:
        time.sleep(0.05)
    still_watching = watcher.is_alive()
    sup.stop_event.set()
    watcher.join(timeout=5)

    assert still_watching and sup.exit_status == 0 and sup.stop_reason == "", output.getvalue()
    assert first.returncode == -signal.SIGKILL, output.getvalue()
    assert worker.process is not first and worker.process.poll() is None
    assert "worker exited with status -9; restarting in 0.2s" in output.getvalue()
    assert "worker   | up again" in output.getvalue()


def test_a_process_that_keeps_crashing_stops_the_stack_and_says_so(sup: Supervisor) -> None:
    policy = RestartWithBackoff(first=0.05, longest=0.1, max_crashes=3, window=60)
    sup.spawn(ProcessSpec("beat", ["sh", "-c", "exit 2"], restart=policy), sup.child_env({}))

    sup.watch()

    assert sup.exit_status == 1
    assert sup.stop_reason == "beat exited with status 2 and keeps crashing (4 times in 60s)"
