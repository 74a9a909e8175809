"""Django's PostgreSQL backend (settings: ENGINE "factcheck.backend"), with two changes: a
`timestamptz` value is read by psycopg's C loader, and `prepared_cursor()` (below).

Django reads timestamps through a loader of its own (`psycopg_any.BaseTzLoader`), a subclass of
psycopg's pure-Python loader: a regular expression, a dozen int() calls and two datetimes per
value, then the value's tzinfo set to the connection's time zone as Django sees it. A page of 50
claims has a hundred of them (a tenth of its row reading). The loader here reads the text with
psycopg's C loader (the same instant, in the session's time zone, which Django sets) and sets the
tzinfo as Django's loader does, so the values are equal and carry the same tzinfo. It also keeps
Django's `timezone` attribute, which Django's cursors compare. Without psycopg's C
implementation (a pure-Python install) the backend is Django's own.

`prepared_cursor()` is a cursor (Django's wrapper: query logging, execute wrappers, error
translation as for any cursor) whose statements are server-side prepared, once per connection
(psycopg's statement cache, at most 100 a connection): PostgreSQL parses and plans such a
statement once instead of on every request. Django's own cursors inline the parameters into the
SQL (client-side binding) and are never prepared; Django turns psycopg's automatic preparing off
for them (`prepare_threshold` None) and it stays off: a prepared cursor enables it only while it
executes. Its parameters are bound server-side, so it is for SQL written for that
(`factcheck.api.compiled`, the token lookup), not for any ORM query. With
`DATABASE_PREPARE=0` (a transaction-pooling PgBouncer older than 1.21, which cannot hold prepared
statements) it executes the same SQL without preparing it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db.backends.postgresql import base
from django.db.backends.postgresql.operations import DatabaseOperations as BaseOperations
from django.db.backends.postgresql.psycopg_any import get_adapters_template, register_tzloader
from psycopg import Cursor, DataError, adapt, adapters, postgres, pq
from psycopg.abc import AdaptContext, Params

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


# psycopg prepares a statement executed with prepare=True only while the connection's threshold
# is not None; this one is never reached by counting (a prepared cursor asks for each).
_EXPLICIT_ONLY = 2**31


class PreparedCursor(Cursor[Any]):
    """psycopg's cursor (server-side binding); each statement it executes is prepared."""

    prepare = True

    def execute(  # type: ignore[override]
        self, query: Any, params: Params | None = None, **kwargs: Any
    ) -> Any:
        if not self.prepare:
            return super().execute(query, params, **kwargs)
        manager = self._conn._prepared
        saved = manager.prepare_threshold
        manager.prepare_threshold = _EXPLICIT_ONLY
        try:
            return super().execute(query, params, prepare=True, **kwargs)
        finally:
            manager.prepare_threshold = saved


class DatabaseOperations(BaseOperations):
    def last_executed_query(  # type: ignore[override]  # Django's own returns None too
        self, cursor: Any, sql: Any, params: Any
    ) -> str | None:
        """A prepared cursor's statement as the SQL with its values written in (as Django's
        own cursors send and log it), for the query log, not the `$1` form."""
        if isinstance(cursor, PreparedCursor):
            try:
                return str(self.compose_sql(sql, params))
            except DataError:
                return None
        return super().last_executed_query(cursor, sql, params)  # type: ignore[no-any-return]


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations

    def get_connection_params(self) -> dict[str, Any]:
        params: dict[str, Any] = super().get_connection_params()
        if "context" in params:  # psycopg 3
            params["context"] = adapters_template(settings.USE_TZ, self.timezone)
        return params

    def prepared_cursor(self) -> Any:
        """A cursor as `cursor()` gives (Django's wrapper), whose statements are prepared: for
        SQL written with server-side parameters (`%s`), executed on every request."""
        self.close_if_health_check_failed()
        self.ensure_connection()
        with self.wrap_database_errors:
            cursor = PreparedCursor(self.connection)
            cursor.prepare = getattr(settings, "DATABASE_PREPARE", True)
            # What Django's create_cursor does for its cursors.
            tzloader = self.connection.adapters.get_loader(TIMESTAMPTZ, pq.Format.TEXT)
            if self.timezone != getattr(tzloader, "timezone", None):
                register_tzloader(self.timezone, cursor)
            return self._prepare_cursor(cursor)  # type: ignore[attr-defined]
