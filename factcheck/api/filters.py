"""The filter backend every list uses: django-filter's, refusing what it would quietly ignore.

django-filter treats an empty value (`?published_after=`) as "no filter" and a boolean it cannot
read (`?is_active=maybe`) as "not given": the caller gets every row and no hint. Here both are a
400 naming the parameter, as any other malformed value already is.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

import django_filters
from django import forms
from django_filters.fields import IsoDateTimeField
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError

BOOLEAN_VALUES = {"true", "false"}


class UtcIsoDateTimeField(IsoDateTimeField):  # type: ignore[misc]  # django-filter has no types
    """An ISO 8601 date-time in UTC. Any RFC 3339 offset is read (PostgreSQL itself refuses an
    offset beyond 15:59, which is a DataError); one that leaves the calendar is a 400."""

    def to_python(self, value: Any) -> dt.datetime | None:
        parsed = super().to_python(value)
        if parsed is None:
            return None
        try:
            return parsed.astimezone(dt.UTC)  # type: ignore[no-any-return]
        except OverflowError:
            raise forms.ValidationError("The date-time is out of range.", code="invalid") from None


class DateTimeFilter(django_filters.IsoDateTimeFilter):  # type: ignore[misc]
    """`?created_after=2024-05-03T08:00:00+02:00`: ISO 8601, compared in UTC."""

    field_class = UtcIsoDateTimeField


def _problem(flt: Any, raw: str) -> str | None:
    """What is wrong with `raw` for the filter `flt`, or None."""
    if isinstance(flt, django_filters.BooleanFilter):
        return None if raw.lower() in BOOLEAN_VALUES else "Give true or false."
    free_text = isinstance(flt, django_filters.CharFilter)
    if not raw.strip() and not free_text:
        return "Give a value, or leave the parameter out."
    return None


@lru_cache(maxsize=512)
def _narrowed(filterset_class: Any, names: frozenset[str]) -> Any:
    """`filterset_class` with only the filters `names`: what a request that gives only those
    parameters can use. A FilterSet copies every filter and builds a form field for each on every
    request (a third of a claims page's time); an absent filter filters nothing, so leaving it
    out changes no answer."""
    narrowed: Any = type(filterset_class.__name__, (filterset_class,), {"__module__": __name__})
    narrowed.base_filters = {
        name: flt for name, flt in filterset_class.base_filters.items() if name in names
    }
    return narrowed


def _given(name: str, keys: Any) -> bool:
    # A filter's parameter, or one its widget derives from it (`<name>_min`, `<name>_after`).
    return any(key == name or key.startswith(name + "_") for key in keys)


class StrictFilterBackend(DjangoFilterBackend):  # type: ignore[misc]  # django-filter has no types
    def get_filterset(self, request: Any, queryset: Any, view: Any) -> Any:
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None:
            return None
        keys = list(request.query_params.keys())
        names = frozenset(n for n in filterset_class.base_filters if _given(n, keys))
        kwargs = self.get_filterset_kwargs(request, queryset, view)
        return _narrowed(filterset_class, names)(**kwargs)

    def filter_queryset(self, request: Any, queryset: Any, view: Any) -> Any:
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            errors: dict[str, list[str]] = {}
            for name, flt in filterset_class.base_filters.items():
                for raw in request.query_params.getlist(name):
                    message = _problem(flt, raw)
                    if message:
                        errors.setdefault(name, []).append(message)
            if errors:
                raise ValidationError(errors)
        return super().filter_queryset(request, queryset, view)
