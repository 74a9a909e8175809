"""Finding and stopping processes: ours, their descendants, and those a killed supervisor left.

Every process the supervisor starts carries MARKER in its environment,
"<checkout root>|<supervisor pid>|<random token>", which survives double forks and new sessions.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import platform
import time
from collections.abc import Sequence

import psutil

MARKER = "FACTCHECK_DEVSTACK"


def living(proc: psutil.Process) -> bool:
    try:
        return bool(proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE)
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
        return bool(libc.prctl(pr_set_child_subreaper, 1, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def group_alive(pgid: int) -> bool:
    """Whether any living process is in the process group `pgid` (a pool process, say)."""
    for proc in psutil.process_iter():
        with contextlib.suppress(psutil.Error):
            if os.getpgid(proc.pid) == pgid and living(proc):
                return True
    return False


def marked_processes(token: str) -> list[psutil.Process]:
    """Living processes (not this one) whose marker is `token`: started by that supervisor."""
    found = []
    for proc in psutil.process_iter():
        if proc.pid == os.getpid():
            continue
        with contextlib.suppress(psutil.Error, OSError):
            if proc.environ().get(MARKER) == token and living(proc):
                found.append(proc)
    return found


def descendants() -> list[psutil.Process]:
    """This process's descendants (orphans count too: the supervisor is a child subreaper)."""
    with contextlib.suppress(psutil.Error):
        return list(psutil.Process().children(recursive=True))
    return []


def tree_pids(pids: Sequence[int]) -> set[int]:
    """The processes `pids` and everything under them."""
    found = set(pids)
    for pid in pids:
        with contextlib.suppress(psutil.Error):
            found.update(proc.pid for proc in psutil.Process(pid).children(recursive=True))
    return found


def orphans_of_dead_supervisors(root: str, own_token: str) -> list[psutil.Process]:
    """Living processes marked by an earlier supervisor of checkout `root` that is gone now."""
    prefix = f"{root}|"
    orphans = []
    for proc in psutil.process_iter():
        if proc.pid == os.getpid():
            continue
        with contextlib.suppress(psutil.Error, OSError, ValueError, IndexError):
            marker = proc.environ().get(MARKER, "")
            if marker.startswith(prefix) and marker != own_token:
                owner = int(marker.rsplit("|", 2)[1])
                if not psutil.pid_exists(owner) and living(proc):
                    orphans.append(proc)
    return orphans
