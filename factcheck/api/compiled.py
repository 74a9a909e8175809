"""SQL compiled once per process for read queries whose shape the request fixes.

Django compiles a queryset to SQL every time it runs it: for a page of claims with its four
joined tables that is a fifth of the request's CPU, and the SQL is the same on every request with
the same query string, but for the cursor's values. `rows(build, key, values, stand_ins)` runs
`build(*values)` (a sliced queryset) and keeps, per `key`, the compiled SQL and what Django's row
building needs from the compiler; later requests with the same key bind their own values and skip
the compilation.

The key must name everything the query's shape depends on except `values`. The SQL is compiled
from `build(*stand_ins)`: each stand-in must appear exactly once among the parameters, where the
request's value is bound. If one does not (the query compiles to nothing, or a stand-in also
appears as another parameter), that key is compiled as usual, every time. A value must be one
Django compiles like its stand-in: an id within bigint (Django drops or empties a comparison with
an out-of-range integer), as the API's parameters and cursors already ensure. Only SQL is kept,
never rows: every request reads the database.

A kept query runs as a prepared statement (`factcheck.backend`'s `prepared_cursor`): PostgreSQL
parses and plans it once per connection, not on every request (planning a claims page's query,
with its joins and the claims table's indexes, took 2 ms of the server's CPU, four times running
it). Its SQL is the compiled SQL with every parameter but the stand-ins' written in as Django's
cursor writes it (the same literal text PostgreSQL reads today); only the request's values are
bound, with their stand-in's type (an id as an integer, a score as a float, a time as a
timestamptz), so the statement's plan is one for this filter and this shape, and PostgreSQL's
own rule decides between a plan for any cursor value and one per value.
"""

from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Callable, Hashable, Sequence
from datetime import UTC, datetime
from typing import Any, cast

import orjson
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import JSONField, Prefetch, QuerySet, prefetch_related_objects
from django.db.models.sql.constants import MULTI

from factcheck.memo import Memo

# Values no request sends in practice; if a query's other parameters contain one, it is not kept.
STAND_IN_ID = -7_318_245_009_113
STAND_IN_FLOAT = -0.618_033_988_749_871_3
STAND_IN_DATETIME = datetime(1901, 2, 3, 4, 5, 6, 789_012, tzinfo=UTC)

LIMIT = 512  # keys kept per process, least recently used dropped first


class _Compiled:
    __slots__ = (
        "annotation_col_map",
        "col_count",
        "converters",
        "has_extra_select",
        "klass_info",
        "order",
        "params",
        "prepared",
        "select",
        "slots",
        "sql",
        "types",
    )

    def __init__(
        self,
        compiler: Any,
        sql: str,
        params: Sequence[Any],
        slots: list[int],
        stand_ins: Sequence[Any],
    ) -> None:
        self.sql = sql
        self.params = tuple(params)
        self.slots = slots
        # The prepared statement's SQL (None: run as Django runs it) and its parameters: the
        # request's values in the order the SQL names them, each of its stand-in's type.
        self.order = sorted(range(len(slots)), key=slots.__getitem__)
        self.types = [type(stand_in) for stand_in in stand_ins]
        self.prepared = _written_in(compiler.connection, sql, params, set(slots))
        self.select = compiler.select
        self.klass_info = compiler.klass_info
        self.annotation_col_map = compiler.annotation_col_map
        self.col_count = compiler.col_count
        self.has_extra_select = compiler.has_extra_select
        # What Django's row building converts each column with: asked for once, not per request.
        self.converters = fast_converters(
            compiler.get_converters([s[0] for s in compiler.select[: compiler.col_count]])
        )

    def bound(self, values: Sequence[Any]) -> list[Any]:
        params = list(self.params)
        for slot, value in zip(self.slots, values, strict=True):
            # The backend's own adaptation of the stand-in (psycopg's Int4 for an integer Value).
            kind = type(params[slot])
            params[slot] = value if type(value) is kind else kind(value)
        return params

    def statement_params(self, values: Sequence[Any]) -> list[Any]:
        """The prepared statement's parameters: the values in SQL order, as their stand-ins."""
        typed = [
            value if type(value) is kind else kind(value)
            for value, kind in zip(values, self.types, strict=True)
        ]
        return [typed[i] for i in self.order]


# Django writes parameters as `%s` and a literal percent sign as `%%`; anything else: not kept.
_PLACEHOLDER = re.compile(r"%%|%s|%")


def _written_in(connection: Any, sql: str, params: Sequence[Any], slots: set[int]) -> str | None:
    """`sql` with every parameter but those at `slots` written in as Django's cursor writes it
    (psycopg's client-side literal, as sent today), a percent sign in one doubled; `%s` at
    `slots`. None when the SQL has a placeholder of another kind."""
    if not hasattr(connection, "prepared_cursor"):
        return None
    pieces: list[str] = []
    position = index = 0
    for match in _PLACEHOLDER.finditer(sql):
        token = match.group()
        if token == "%":
            return None
        pieces.append(sql[position : match.start()])
        position = match.end()
        if token == "%%":
            pieces.append(token)
            continue
        if index >= len(params):
            return None
        if index in slots:
            pieces.append("%s")
        else:
            pieces.append(connection.ops.compose_sql("%s", [params[index]]).replace("%", "%%"))
        index += 1
    if index != len(params):
        return None
    pieces.append(sql[position:])
    return "".join(pieces)


# None: a shape that is not compiled (its SQL is made per request).
_kept: Memo[_Compiled | None] = Memo(LIMIT)
_UNKNOWN = object()


def query_key(params: Any, skip: str = "") -> tuple[tuple[str, tuple[str, ...]], ...]:
    """A query string (a QueryDict) as part of a key: every parameter but `skip`, with all its
    values, in a fixed order."""
    return tuple(sorted((k, tuple(params.getlist(k))) for k in params if k != skip))


def rows(
    build: Callable[..., QuerySet[Any]],
    key: Hashable,
    values: Sequence[Any],
    stand_ins: Sequence[Any],
) -> list[Any]:
    """`list(build(*values))`, compiled once per `key` (see the module's docstring)."""
    return fetch(build, key, values, stand_ins).rows()


_querysets: Memo[QuerySet[Any]] = Memo(LIMIT)
# key -> `build(*stand_ins)`, never evaluated (each request runs a copy).
_built: Memo[QuerySet[Any]] = Memo(LIMIT)


def queryset(key: Hashable, make: Callable[[], QuerySet[Any]]) -> QuerySet[Any]:
    """`make()`, a queryset not evaluated (a view's filtered rows), made once per `key` and
    copied for each call. The key must name everything `make` depends on, as for `rows` (the
    view, the caller, the query string): filtering a claims page is a tenth of its CPU, and the
    same every time for the same key. A `make` that raises (a bad parameter) keeps nothing."""
    made = _querysets.get(key, None)
    if made is None:
        made = make()
        _querysets.put(key, made)
    return made.all()


class Fetched:
    """One query's answer: `rows()` as `rows` returns them, and, when its SQL is kept,
    `validator`: a digest of the rows as PostgreSQL sent them (before any Django conversion),
    with the key. Two answers with the same validator have the same rows, so what a page
    builds from them alone is the same (factcheck/api/conditional.py: a 304 without the page)."""

    __slots__ = ("_queryset", "_rows", "raw", "sql", "validator")

    def __init__(
        self,
        queryset: QuerySet[Any] | None,
        rows: list[Any] | None,
        validator: Any,
        raw: list[Any] | None = None,
        sql: str | None = None,
    ):
        self._queryset = queryset
        self._rows = rows
        self.validator = validator
        self.raw = raw  # the rows as PostgreSQL sent them, when the SQL is kept
        self.sql = sql  # then its SQL (placeholders, not values): what each column of a row is

    def rows(self) -> list[Any]:
        if self._rows is None:
            assert self._queryset is not None
            self._rows = list(self._queryset)  # Django's iterable, from the rows already read
        return self._rows

    def rows_of(self, raw: list[Any]) -> list[Any]:
        """The rows built from some of `self.raw` only (those not known otherwise)."""
        if not raw:
            return []
        assert self._queryset is not None
        queryset = self._queryset.all()
        compiler = copy.copy(self._queryset.query.get_compiler())  # its SQL, these rows
        queryset.query.get_compiler = lambda *args, **kwargs: compiler  # type: ignore[method-assign]
        compiler.execute_sql = lambda *args, **kwargs: [raw]  # type: ignore[method-assign]
        return list(queryset)


def fetch(
    build: Callable[..., QuerySet[Any]],
    key: Hashable,
    values: Sequence[Any],
    stand_ins: Sequence[Any],
) -> Fetched:
    """Run `build(*values)` as `rows` does; its rows are built when asked for."""
    # The query built from the stand-ins depends on the key alone (as its SQL does): built once
    # per key and copied per request (building it, its filters included, cost more than
    # copying it: a detail builds three).
    built = _built.get(key, None)
    if built is None:
        built = build(*stand_ins)
        _built.put(key, built)
    queryset = built.all()
    key = (key, queryset.db)
    kept = _kept.get(key, _UNKNOWN)
    if kept is _UNKNOWN:
        compiled = _compile(queryset, stand_ins)
        _kept.put(key, compiled)
    else:
        compiled = cast(_Compiled | None, kept)
    if compiled is None:
        return Fetched(None, list(build(*values)), None)
    compiler = queryset.query.get_compiler(using=queryset.db)
    for name in ("select", "klass_info", "annotation_col_map", "col_count", "has_extra_select"):
        setattr(compiler, name, getattr(compiled, name))
    converters = compiled.converters
    compiler.get_converters = lambda expressions: converters  # type: ignore[method-assign]
    if compiled.prepared is not None:
        raw = _run_prepared(queryset.db, compiled, values)
    else:
        sql, params = compiled.sql, compiled.bound(values)
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        raw = [row for chunk in compiler.execute_sql(MULTI) for row in chunk]
    # The queryset's rows are built by Django's own iterable, from this compiler and these rows.
    compiler.execute_sql = lambda *args, **kwargs: [raw]  # type: ignore[method-assign]
    queryset.query.get_compiler = lambda *args, **kwargs: compiler  # type: ignore[method-assign]
    return Fetched(queryset, None, (key, _digest(raw)), raw, compiled.sql)


# (what else the representation reads, the SQL, a row as PostgreSQL sent it) -> the row's
# representation, in this process: the most recently used kept.
_represented: Memo[Any] = Memo(4096)


def represented(
    fetched: Fetched,
    raw: list[Any],
    context: Hashable,
    represent: Callable[[list[Any]], list[Any]],
) -> list[Any]:
    """`represent(rows)` of these rows of `fetched.raw` (in their order), where a row's
    representation depends on nothing but the row as the database sent it, what the columns are
    (the SQL) and `context` (everything else it reads: the caller, settings...): a row already
    represented in the same context is not built again, only the others become models and are
    represented. A page polled or paged again reads mostly rows seen before."""
    keys = [(context, fetched.sql, row_bytes(row)) for row in raw]
    items = [_represented.get(key, None) for key in keys]
    missing = [i for i, item in enumerate(items) if item is None]
    if missing:
        made = represent(fetched.rows_of([raw[i] for i in missing]))
        for i, item in zip(missing, made, strict=True):
            items[i] = item
            _represented.put(keys[i], item)
    return items


def _run_prepared(db: str, compiled: _Compiled, values: Sequence[Any]) -> list[Any]:
    """The rows `compiler.execute_sql(MULTI)` gives, from the prepared statement."""
    with connections[db].prepared_cursor() as cursor:  # type: ignore[attr-defined]
        cursor.execute(compiled.prepared, compiled.statement_params(values))
        rows = cursor.fetchall()
    if compiled.has_extra_select:
        count = compiled.col_count
        return [row[:count] for row in rows]
    return rows


def _digest(raw: list[Any]) -> bytes:
    """A digest of rows as the database driver returned them."""
    return hashlib.blake2b(row_bytes(raw), digest_size=16).digest()


def row_bytes(value: Any) -> bytes:
    """Rows (or one row) as the database driver returned them (numbers, text, timestamps,
    lists), exactly, as bytes: a key or a digest's input."""
    try:
        return orjson.dumps(value, default=repr)
    except (orjson.JSONEncodeError, TypeError):  # an integer beyond 64 bits
        return repr(value).encode()


def _compile(queryset: QuerySet[Any], stand_ins: Sequence[Any]) -> _Compiled | None:
    compiler = queryset.query.get_compiler(using=queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return None
    if not sql:
        return None
    slots = []
    for stand_in in stand_ins:
        found = [i for i, p in enumerate(params) if isinstance(p, type(stand_in)) and p == stand_in]
        if len(found) != 1:
            return None
        slots.append(found[0])
    return _Compiled(compiler, sql, params, slots, stand_ins)


Converters = dict[int, tuple[list[Callable[..., Any]], Any]]

# A run of 19 digits may be an integer beyond 64 bits, which orjson reads as a float.
_LONG_NUMBER = re.compile(r"\d{19}")


def fast_converters(converters: Converters) -> Converters:
    """Django's converters of a query's columns (`compiler.get_converters`), a plain JSONField's
    (no decoder) reading its jsonb text with orjson instead of json.loads: the same values, about
    five times faster; text with a run of 19 digits, and anything orjson refuses, is left to the
    field's own converter (json.loads reads a long integer exactly, orjson as a float)."""
    return {
        pos: ([_fast_json(convert) for convert in convs], expression)
        for pos, (convs, expression) in converters.items()
    }


def _fast_json(convert: Callable[..., Any]) -> Callable[..., Any]:
    field = getattr(convert, "__self__", None)
    if (
        getattr(convert, "__func__", None) is not JSONField.from_db_value
        or type(field) is not JSONField
        or field.decoder is not None
    ):
        return convert

    def from_db_value(value: Any, expression: Any, connection: Any) -> Any:
        if type(value) is str and _LONG_NUMBER.search(value) is None:
            try:
                return orjson.loads(value)
            except orjson.JSONDecodeError:
                pass
        return convert(value, expression, connection)

    return from_db_value


def one(queryset: QuerySet[Any], pk: int, key: Hashable) -> Any:
    """The row of `queryset` with this primary key (None if none) and its prefetches, as
    `queryset.get(pk=pk)` gives them, each query compiled once per `key` (see `rows`). Prefetches
    of one-to-many relations (`Prefetch("evidence", queryset)`) are read here with a bound id;
    any other prefetch, Django's way."""
    lookups = queryset._prefetch_related_lookups  # type: ignore[attr-defined]
    simple = all(
        isinstance(lookup, Prefetch)
        and lookup.queryset is not None
        and lookup.to_attr is None
        and "__" not in lookup.prefetch_through
        for lookup in lookups
    )
    base = queryset.prefetch_related(None) if simple else queryset

    def build(ident: int) -> QuerySet[Any]:
        return base.filter(pk=ident).order_by()

    found = rows(build, ("one", key), (pk,), (STAND_IN_ID,))
    if not found or not simple:
        return found[0] if found else None
    row = found[0]
    cache = row.__dict__.setdefault("_prefetched_objects_cache", {})
    for lookup in lookups:
        manager = getattr(row, lookup.prefetch_through)
        field = getattr(manager, "field", None)
        if field is None or not field.many_to_one or not field.target_field.primary_key:
            # Not a reverse foreign key to this row's id: Django's way.
            prefetch_related_objects([row], lookup)
            continue

        def related(ident: int, lookup: Any = lookup, field: Any = field) -> QuerySet[Any]:
            return lookup.queryset.filter(**{field.attname: ident})

        children = rows(related, ("many", key, lookup.prefetch_to), (row.pk,), (STAND_IN_ID,))
        for child in children:
            field.set_cached_value(child, row)
        done = lookup.queryset.all()
        done._result_cache = children
        done._prefetch_done = True
        cache[field.remote_field.cache_name] = done
    return row
