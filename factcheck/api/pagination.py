"""Pagination for every list: keyset cursors for feeds, page numbers for small tables.

`KeysetPagination` pages over (ordering field, id) and needs a total order: pair it with
`TiebreakOrderingFilter`, which appends the id to the one ordering a caller may choose.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db.models import DateTimeField, F, Field, FloatField, Func, QuerySet, Value
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.request import Request
from rest_framework.utils.urls import replace_query_param

from factcheck.api import compiled
from factcheck.ids import fits_bigint


def _with_bounds(parameters: list[dict[str, Any]], bounds: dict[str, dict[str, int]]) -> Any:
    """The schema's page parameters with the range the pagination enforces (a value outside it is
    a 400, so the schema must not promise it)."""
    for parameter in parameters:
        parameter["schema"].update(bounds.get(parameter["name"], {}))
    return parameters


class RowValue(Func):
    """A PostgreSQL row constructor. `ROW(a, b) < ROW(x, y)` compares lexicographically and is a
    single range condition on a btree index over (a, b): the planner starts the scan there."""

    function = "ROW"
    output_field = Field()


class _StrictPageSize:
    """`?page_size=`: a whole number from 1 up, capped at max_page_size; anything else is a 400
    naming the parameter (DRF's own paginators ignore a bad value silently)."""

    page_size: int
    page_size_query_param: str
    max_page_size: int

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
            raise ValidationError(
                {self.page_size_query_param: [f"A whole number from 1 to {self.max_page_size}."]}
            )
        return min(int(raw), self.max_page_size)


class KeysetPagination(_StrictPageSize, CursorPagination):
    """Keyset pagination over (ordering field, id): a cursor names the last row seen, and the next
    page is the rows strictly after it in that total order. No COUNT(*) and no OFFSET, so a page
    costs one index range scan however deep it is and however many rows share a value (DRF's
    cursor breaks ties with an offset, which stops moving past `offset_cutoff` tied rows).

    The view may set `default_ordering` (a tuple, or a property) to override `ordering`; the
    ordering field must be the id, a float or an aware datetime.

    A cursor is base64url JSON: `o` the ordering it belongs to, `v` the ordering field's value
    (absent when ordering by id), `i` the id, `r` 1 for a `previous` link. Malformed: 400."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering: tuple[str, ...] = ("-id",)
    invalid_cursor_message = "Invalid cursor: use the `next` or `previous` link as given."

    def get_schema_operation_parameters(self, view: Any) -> Any:
        return _with_bounds(
            super().get_schema_operation_parameters(view),
            {self.page_size_query_param: {"minimum": 1}},
        )

    def paginate_queryset(
        self, queryset: QuerySet[Any, Any] | Sequence[Any], request: Request, view: Any = None
    ) -> list[Any]:
        return self.take(self.fetch(queryset, request, view))

    def fetch(
        self, queryset: QuerySet[Any, Any] | Sequence[Any], request: Request, view: Any = None
    ) -> compiled.Fetched:
        """The page's query, run; its rows are built by `take` (a 304 need not build them)."""
        if not isinstance(queryset, QuerySet):
            raise TypeError("keyset pagination needs a queryset")
        self.request = request
        self.base_url = request.build_absolute_uri()
        self.page_size = self.get_page_size(request)
        self.ordering = getattr(view, "default_ordering", type(self).ordering)
        self.ordering = tuple(self.get_ordering(request, queryset, view))
        self.field = self.ordering[0].lstrip("-")
        self.descending = self.ordering[0].startswith("-")
        position = self._decode(request, queryset.model)
        reverse = bool(position and position["r"])

        order = self.ordering
        if reverse:  # read backwards from the cursor, then flip the page
            order = tuple(name[1:] if name.startswith("-") else "-" + name for name in order)
        limit = self.page_size + 1

        def build(*values: Any) -> QuerySet[Any]:
            page = queryset.order_by(*order)
            if position is not None:
                at = dict(zip(("i",) if self.field == "id" else ("v", "i"), values, strict=True))
                page = self._after(page, at, forwards=not reverse)
            return page[:limit]

        self._position, self._reverse = position, reverse
        shape = view.compiled_key() if hasattr(view, "compiled_key") else None
        if shape is None:
            return compiled.Fetched(None, list(build(*self._values(position))), None)
        # Same view, caller kind, query string (but the cursor) and cursor direction: same
        # SQL, the cursor's values bound (factcheck/api/compiled.py).
        key = (
            shape,
            compiled.query_key(request.query_params, skip=self.cursor_query_param),
            self.ordering,
            position is None,
            reverse,
        )
        stand_ins = self._stand_ins(position, queryset.model)
        return compiled.fetch(build, key, self._values(position), stand_ins)

    def take(self, fetched: compiled.Fetched) -> list[Any]:
        """The page's rows (of the query `fetch` ran)."""
        position, reverse = self._position, self._reverse
        rows = fetched.rows()
        more = len(rows) > self.page_size
        rows = rows[: self.page_size]
        if reverse:
            rows.reverse()
        self.page = rows
        # Beyond the cursor's side we only know there was a row (the cursor's own): say so.
        self.has_next = more if not reverse else position is not None
        self.has_previous = more if reverse else position is not None
        return rows

    def take_raw(self, fetched: compiled.Fetched) -> list[Any]:
        """`take` on the rows as the database sent them (`fetched.raw`, kept SQL only): the
        page's rows in page order, not built; only the first and last become models (the
        `next` and `previous` links name them)."""
        assert fetched.raw is not None
        position, reverse = self._position, self._reverse
        more = len(fetched.raw) > self.page_size
        raw = fetched.raw[: self.page_size]
        if reverse:
            raw = raw[::-1]
        self.page = fetched.rows_of([raw[0], raw[-1]] if raw else [])
        self.has_next = more if not reverse else position is not None
        self.has_previous = more if reverse else position is not None
        return raw

    def _values(self, position: dict[str, Any] | None) -> tuple[Any, ...]:
        if position is None:
            return ()
        return (position["i"],) if self.field == "id" else (position["v"], position["i"])

    def _stand_ins(self, position: dict[str, Any] | None, model: Any) -> tuple[Any, ...]:
        if position is None:
            return ()
        if self.field == "id":
            return (compiled.STAND_IN_ID,)
        field = model._meta.get_field(self.field)
        value = (
            compiled.STAND_IN_FLOAT if isinstance(field, FloatField) else compiled.STAND_IN_DATETIME
        )
        return (value, compiled.STAND_IN_ID)

    def _after(
        self, queryset: QuerySet[Any], position: dict[str, Any], *, forwards: bool
    ) -> QuerySet[Any]:
        """Rows strictly after `position` in the (possibly reversed) page order."""
        greater = forwards != self.descending
        lookup = "gt" if greater else "lt"
        if self.field == "id":
            return queryset.filter(**{f"id__{lookup}": position["i"]})
        here = RowValue(F(self.field), F("id"))
        there = RowValue(Value(position["v"]), Value(position["i"]))
        after: QuerySet[Any] = queryset.alias(_keyset=here)
        return after.filter(**{f"_keyset__{lookup}": there})

    def _decode(self, request: Request, model: Any) -> dict[str, Any] | None:
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is None:
            return None
        try:
            raw = base64.urlsafe_b64decode(encoded.encode("ascii") + b"=" * (-len(encoded) % 4))
            data = json.loads(raw)
            if not isinstance(data, dict) or data.get("o") != ",".join(self.ordering):
                raise ValueError("the cursor belongs to another ordering")
            position = {"i": data["i"], "r": bool(data.get("r")), "v": None}
            if type(position["i"]) is not int or not fits_bigint(position["i"]):
                raise ValueError("bad id")
            if self.field != "id":
                position["v"] = self._decode_value(model._meta.get_field(self.field), data["v"])
        except (ValueError, TypeError, KeyError, UnicodeError, binascii.Error) as exc:
            raise ValidationError({self.cursor_query_param: [self.invalid_cursor_message]}) from exc
        return position

    @staticmethod
    def _decode_value(field: Any, value: Any) -> Any:
        if isinstance(field, FloatField):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise TypeError("not a number")
            if not math.isfinite(value):
                raise ValueError("not finite")
            return float(value)
        if isinstance(field, DateTimeField):
            moment = datetime.fromisoformat(value)
            if moment.tzinfo is None:
                raise ValueError("naive datetime")
            return moment
        raise TypeError(f"no cursor for {field.name}")

    def _encode(self, row: Any, *, reverse: bool) -> str:
        data: dict[str, Any] = {"o": ",".join(self.ordering), "i": row.pk}
        if self.field != "id":
            value = getattr(row, self.field)
            data["v"] = value.isoformat() if isinstance(value, datetime) else value
        if reverse:
            data["r"] = 1
        token = base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode())
        return str(
            replace_query_param(
                str(self.base_url), self.cursor_query_param, token.decode("ascii").rstrip("=")
            )
        )

    def get_next_link(self) -> str | None:
        if not self.has_next or not self.page:
            return None
        return self._encode(self.page[-1], reverse=False)

    def get_previous_link(self) -> str | None:
        if not self.has_previous or not self.page:
            return None
        return self._encode(self.page[0], reverse=True)


class TiebreakOrderingFilter(OrderingFilter):
    """`?ordering=field` or `-field` (one of the view's `ordering_fields`); id is appended in the
    same direction so the order is total, which the keyset cursor relies on. Anything else is a
    400 naming `ordering`, not a silently different order."""

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters: list[dict[str, Any]] = super().get_schema_operation_parameters(view)
        fields = getattr(view, "ordering_fields", None)
        if isinstance(fields, list | tuple):
            for parameter in parameters:
                parameter["schema"]["enum"] = [t for f in fields for t in (f, "-" + f)]
        return parameters

    def get_ordering(self, request: Request, queryset: Any, view: Any) -> list[str] | None:
        raw = request.query_params.get(self.ordering_param)
        if raw is None:
            return None
        terms = [term.strip() for term in raw.split(",") if term.strip()]
        allowed = [name for name, _ in self.get_valid_fields(queryset, view, {"request": request})]
        if len(terms) != 1 or terms[0].lstrip("-") not in allowed:
            choices = ", ".join(f"{name}, -{name}" for name in allowed)
            raise ValidationError({self.ordering_param: [f"Order by one of: {choices}."]})
        ordering = terms
        if ordering[0].lstrip("-") != "id":
            ordering.append("-id" if ordering[0].startswith("-") else "id")
        return ordering


class SmallPagination(_StrictPageSize, PageNumberPagination):
    """Page numbers, for small tables (ratings, users, nested rows across claims). A `page` or
    `page_size` that is not a whole number is a 400 naming it (DRF would answer 404, or ignore a
    bad page size); a page past the last is a 404."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    last_page_strings = ()  # `page` is a number, as the schema says

    def get_schema_operation_parameters(self, view: Any) -> Any:
        return _with_bounds(
            super().get_schema_operation_parameters(view),
            {
                self.page_query_param: {"minimum": 1, "maximum": 10**18 - 1},
                self.page_size_query_param: {"minimum": 1},
            },
        )

    def get_page_number(self, request: Request, paginator: Any) -> Any:
        raw = request.query_params.get(self.page_query_param)
        if raw is None:
            return 1
        if not (raw.isascii() and raw.isdigit()) or int(raw) < 1 or len(raw) > 18:
            raise ValidationError({self.page_query_param: ["A page number: 1, 2, 3, ..."]})
        return raw
