"""Django's PostgreSQL backend (settings: ENGINE "factcheck.backend"), with one change: a
`timestamptz` value is read by psycopg's C loader.

Django reads timestamps through a loader of its own (`psycopg_any.BaseTzLoader`), a subclass of
psycopg's pure-Python loader: a regular expression, a dozen int() calls and two datetimes per
value, then the value's tzinfo set to the connection's time zone as Django sees it. A page of 50
claims has a hundred of them (a tenth of its row reading). The loader here reads the text with
psycopg's C loader (the same instant, in the session's time zone, which Django sets) and sets the
tzinfo as Django's loader does, so the values are equal and carry the same tzinfo. It also keeps
Django's `timezone` attribute, which Django's cursors compare. Without psycopg's C
implementation (a pure-Python install) the backend is Django's own.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db.backends.postgresql import base
from django.db.backends.postgresql.psycopg_any import get_adapters_template
from psycopg import adapt, adapters, postgres, pq
from psycopg.abc import AdaptContext

TIMESTAMPTZ = postgres.types["timestamptz"].oid


@lru_cache
def adapters_template(use_tz: bool, timezone: Any) -> adapt.AdaptersMap:
    """Django's adapters for connections (`get_adapters_template`), timestamps read in C."""
    template = get_adapters_template(use_tz, timezone)
    c_loader = adapters.get_loader(TIMESTAMPTZ, pq.Format.TEXT)
    if pq.__impl__ == "python" or c_loader is None:
        return template

    class TimestamptzLoader(adapt.Loader):
        """psycopg's C loader, then Django's `BaseTzLoader.load` step: tzinfo set to Django's."""

        def __init__(self, oid: int, context: AdaptContext | None = None):
            super().__init__(oid, context)
            self._load = c_loader(oid, context).load  # type: ignore[misc]

        def load(self, data: Any) -> Any:
            return self._load(data).replace(tzinfo=timezone)

    TimestamptzLoader.timezone = timezone  # type: ignore[attr-defined]  # Django compares it
    fast = adapt.AdaptersMap(template)
    fast.register_loader("timestamptz", TimestamptzLoader)
    return fast


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self) -> dict[str, Any]:
        params: dict[str, Any] = super().get_connection_params()
        if "context" in params:  # psycopg 3
            params["context"] = adapters_template(settings.USE_TZ, self.timezone)
        return params
