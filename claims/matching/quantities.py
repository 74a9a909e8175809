"""Reading the stored quantities (dicts, or the extraction engine's `Quantity` objects): their
fields, their units in a canonical spelling, and which of them are figures."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

# Kinds that say when, not what.
TIME_KINDS = frozenset({"year", "date"})


def quantity_field(q: Any, name: str) -> Any:
    """A field of a stored quantity dict or of a `Quantity`; None when absent."""
    return q.get(name) if isinstance(q, Mapping) else getattr(q, name, None)


def unit_name(kind: str, unit: Any) -> str:
    """The unit in one spelling: "%" and "pp" for percentages, lower case, no spaces, singular."""
    if kind == "percent":
        return "%"
    if kind == "percentage_point":
        return "pp"
    if not unit:
        return ""
    name = re.sub(r"\s+", "", str(unit).lower())
    # The engine names units in the singular already ("tonne"); catch stray plurals.
    if len(name) > 3 and name.endswith("s") and not name.endswith("ss"):
        name = name[:-1]
    return name


# Durations compare in days, so "a decade" and "ten years" are the same figure.
_DAYS = {
    "second": 1 / 86400,
    "minute": 1 / 1440,
    "hour": 1 / 24,
    "day": 1.0,
    "week": 7.0,
    "fortnight": 14.0,
    "month": 30.4375,
    "year": 365.25,
    "decade": 3652.5,
    "century": 36525.0,
}


def to_base_unit(kind: str, unit: str, value: float) -> tuple[str, float]:
    """Durations in days; every other figure as it is."""
    if kind == "duration" and unit in _DAYS:
        return "day", value * _DAYS[unit]
    return unit, value


def looks_like_year(q: Any) -> bool:
    """A bare whole count between 1900 and 2100 written without a thousands separator: a year
    the extraction engine read as a count (it sometimes reads "between 2019 and 2021" as a count
    range)."""
    value = quantity_field(q, "value")
    text = str(quantity_field(q, "text") or "")
    return (
        quantity_field(q, "kind") == "count"
        and not quantity_field(q, "noun")
        and isinstance(value, int | float)
        and float(value).is_integer()
        and 1900 <= value <= 2100
        and "," not in text
        and not re.search(r"\d{5}", text)
    )


def is_figure(q: Any) -> bool:
    """A quantity that says how much, not when: it has a kind and a value, and is no year."""
    kind = quantity_field(q, "kind")
    return (
        bool(kind)
        and kind not in TIME_KINDS
        and quantity_field(q, "value") is not None
        and not looks_like_year(q)
    )
