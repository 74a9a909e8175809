"""One command in the foreground (`make test`, `exec`), as if run straight from the terminal.

It stays in the supervisor's process group, so it keeps the terminal: colours, and Ctrl-C reaches
it directly. Other stop signals are passed on; if it still runs long after a signal, it is
terminated, then killed.
"""

from __future__ import annotations

import contextlib
import signal
import subprocess
import time
from collections.abc import Sequence
from types import FrameType

from devstack.errors import StopRequested
from devstack.rundir import ROOT


class Foreground:
    def __init__(self, stop_timeout: float) -> None:
        self.stop_timeout = stop_timeout
        self.proc: subprocess.Popen[bytes] | None = None
        self.interrupted_at: float | None = None
        self.cleaning = False  # set once the servers are being stopped: signals are ignored then

    def install_signal_handlers(self) -> None:
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, self._on_signal)

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        if self.cleaning:
            return
        if self.proc is None:
            raise StopRequested(signal.Signals(signum).name)
        if self.interrupted_at is None:
            self.interrupted_at = time.monotonic()
        # The terminal delivered Ctrl-C to the foreground child already; pass on other signals.
        if signum != signal.SIGINT:
            with contextlib.suppress(ProcessLookupError):
                self.proc.send_signal(signum)

    def run(self, argv: Sequence[str], env: dict[str, str]) -> int:
        """Run argv to completion and return its status."""
        self.proc = proc = subprocess.Popen(list(argv), cwd=ROOT, env=env)
        while True:
            try:
                return proc.wait(timeout=0.5)
            except subprocess.TimeoutExpired:
                pass
            if self.interrupted_at is not None:
                waited = time.monotonic() - self.interrupted_at
                if waited > self.stop_timeout * 3:
                    proc.kill()
                elif waited > self.stop_timeout * 2:
                    proc.terminate()
