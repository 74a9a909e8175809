"""devstack/console.py: every line carries the name of the process it came from."""

from __future__ import annotations

import io

import pytest

from devstack.console import Console

pytestmark = pytest.mark.devstack


def test_lines_are_prefixed_with_the_process_name_without_colour_off_a_terminal() -> None:
    out = io.StringIO()
    console = Console(out)

    console.line("web", "GET /healthz 200\n")
    console.say("up")

    assert out.getvalue() == "web      | GET /healthz 200\ndevstack | up\n"
