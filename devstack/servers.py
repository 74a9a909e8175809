"""PostgreSQL and Redis for the stack: the ones in DATABASE_URL / REDIS_URL, or embedded ones."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from devstack.console import Console
from devstack.postgres import PG_PREFERRED_PORT, EmbeddedPostgres
from devstack.valkey import VALKEY_PREFERRED_PORT, EmbeddedValkey


@dataclass
class Servers:
    """The PostgreSQL and Redis URLs to use, starting embedded servers for the ones not given."""

    run_dir: Path
    console: Console
    durable: bool = True
    pg_port: int | None = None
    valkey_port: int | None = None
    pg_preferred_port: int | None = PG_PREFERRED_PORT
    valkey_preferred_port: int | None = VALKEY_PREFERRED_PORT
    postgres: EmbeddedPostgres | None = None
    valkey: EmbeddedValkey | None = None
    database_url: str = ""
    redis_url: str = ""

    def start(self, environ: dict[str, str]) -> None:
        self.database_url = environ.get("DATABASE_URL", "")
        self.redis_url = environ.get("REDIS_URL", "")
        say = self.console.say
        if self.database_url:
            say(f"using DATABASE_URL from the environment ({hide_password(self.database_url)})")
        else:
            began = time.monotonic()
            self.postgres = EmbeddedPostgres(
                self.run_dir / "pgdata",
                port=self.pg_port,
                preferred_port=self.pg_preferred_port,
                durable=self.durable,
                log=lambda text: self.console.line("postgres", text),
            )
            self.database_url = self.postgres.start()
            say(f"PostgreSQL up in {time.monotonic() - began:.1f}s: {self.database_url}")
        if self.redis_url:
            say(f"using REDIS_URL from the environment ({hide_password(self.redis_url)})")
        else:
            began = time.monotonic()
            self.valkey = EmbeddedValkey(
                self.run_dir / "valkey",
                port=self.valkey_port,
                preferred_port=self.valkey_preferred_port,
                log=lambda text: self.console.line("valkey", text),
            )
            self.redis_url = self.valkey.start()
            say(f"Valkey up in {time.monotonic() - began:.1f}s: {self.redis_url}")

    def server_pids(self) -> list[int]:
        """The embedded servers' main processes: the supervisor's sweeps leave them alone."""
        pids = []
        if self.valkey and self.valkey.process:
            pids.append(self.valkey.process.pid)
        if self.postgres and (proc := self.postgres.server_process()):
            pids.append(proc.pid)
        return pids

    def stop(self) -> None:
        servers: list[tuple[str, EmbeddedValkey | EmbeddedPostgres | None]]
        servers = [("Valkey", self.valkey), ("PostgreSQL", self.postgres)]
        for name, server in servers:
            if server is None:
                continue
            began = time.monotonic()
            try:
                server.stop()
                self.console.say(f"{name} stopped in {time.monotonic() - began:.1f}s")
            except Exception as exc:  # keep stopping the other one
                self.console.say(f"stopping {name} failed: {exc!r}")


def hide_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url
