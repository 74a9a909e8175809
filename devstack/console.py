"""The supervisor's output: one line per line of any process, prefixed with the process's name."""

from __future__ import annotations

import os
import sys
import threading
from typing import TextIO


class Console:
    """Writes prefixed lines from several threads without interleaving them."""

    COLORS = ("36", "33", "35", "32", "34", "31", "96", "93", "95", "92")

    def __init__(self, stream: TextIO | None = None) -> None:
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
