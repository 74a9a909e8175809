"""Ids in API paths and query parameters: a bigint or nothing, never a DataError.

Every id read from a request goes through `factcheck.ids` (here, or in a serializer field that
calls it), so "12345678901234567890" is a 404 in a path and a 400 in a query parameter.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from drf_spectacular.utils import extend_schema_field

from factcheck.ids import MAX_BIGINT, fits_bigint, id_from_text

# `lookup_value_regex` / URL pattern for an id: a longer one is a 404 from the URL resolver.
ID_REGEX = r"[0-9]{1,18}"


@extend_schema_field({"type": "integer", "format": "int64", "minimum": 1, "maximum": MAX_BIGINT})
class IdFilter(django_filters.NumberFilter):  # type: ignore[misc]  # django-filter has no types
    """An id: a positive integer that fits PostgreSQL's bigint (else 400, not a DataError)."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_BIGINT)
        super().__init__(*args, **kwargs)


def id_in_range(value: str) -> None:
    """Validator for a parameter that is an id or a name: an all-digits value names a row by id,
    so it must fit a bigint (a 400, not an empty page)."""
    number = id_from_text(value)
    if number is not None and not fits_bigint(number):
        raise forms.ValidationError(f"Ids are at most {MAX_BIGINT}.", code="max_value")
