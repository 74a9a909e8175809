"""devstack/valkey.py: the embedded Valkey starts, serves, stops, and replaces a stale one.

These start real servers in temporary folders; they need no Django database (`-m devstack`).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import redis

from devstack.processes import living
from devstack.valkey import EmbeddedValkey
from tests.devstack.helpers import processes_under, quiet

pytestmark = pytest.mark.devstack


def test_valkey_starts_serves_stops_and_replaces_a_stale_one(
    valkey: EmbeddedValkey, tmp_path: Path
) -> None:
    url = valkey.start()
    client = redis.Redis.from_url(url)
    assert client.ping()
    client.set("k", "v")
    assert client.get("k") == b"v"
    client.close()
    stale = valkey.server_process()
    assert stale is not None

    again = EmbeddedValkey(tmp_path / "valkey", preferred_port=None, log=quiet)
    again.start()
    try:
        assert not living(stale)
        client = redis.Redis.from_url(again.url)
        assert client.ping()
        client.close()
    finally:
        again.stop()
    valkey.process and valkey.process.wait(timeout=5)
    assert processes_under(tmp_path) == []
