"""devstack/ports.py: the preferred port when free, another free one when it is taken."""

from __future__ import annotations

import os
import socket

import pytest

from devstack.ports import pick_port, port_answers, port_is_free, who_listens

pytestmark = pytest.mark.devstack


def test_a_taken_preferred_port_gives_way_to_a_free_one() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        taken = sock.getsockname()[1]

        assert not port_is_free(taken)
        assert port_answers(taken)
        assert f"pid {os.getpid()}" in who_listens(taken)
        other = pick_port(taken)
        assert other != taken
        assert port_is_free(other)
    assert pick_port(taken) == taken  # free again
