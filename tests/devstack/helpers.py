"""Shared by the devstack tests: finding what a server or a supervisor left running."""

from __future__ import annotations

from pathlib import Path

import psutil

from devstack.processes import MARKER, living

REPO = Path(__file__).resolve().parent.parent.parent


def quiet(_text: str) -> None:
    pass


def processes_under(folder: Path) -> list[psutil.Process]:
    """postgres / valkey processes whose working directory is inside `folder`."""
    found = []
    for proc in psutil.process_iter(["name"]):
        try:
            if (
                proc.info["name"] in {"postgres", "valkey-server"}
                and living(proc)
                and Path(proc.cwd()).resolve().is_relative_to(folder.resolve())
            ):
                found.append(proc)
        except psutil.Error:
            pass
    return found


def marked_by(supervisor_pid: int) -> list[psutil.Process]:
    found = []
    for proc in psutil.process_iter():
        try:
            if f"|{supervisor_pid}|" in proc.environ().get(MARKER, "") and living(proc):
                found.append(proc)
        except (psutil.Error, OSError):
            pass
    return found
