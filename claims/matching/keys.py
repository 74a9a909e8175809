"""`figure_keys()`: the normalisation stored in `Claim.figure_keys` (GIN-indexed). Candidates are
fetched by array overlap, then scored: a figure's keys include its value rounded to two
significant digits, so "4.19 million" and "4.2 million" share a key and reach the scorer."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from .quantities import is_figure, quantity_field, to_base_unit, unit_name


def _canonical_number(value: float) -> str:
    """A canonical spelling of a number: 6 significant digits, no exponent, no trailing zeros."""
    if value == 0:
        return "0"
    rounded = float(f"{value:.6g}")
    if rounded.is_integer() and abs(rounded) < 1e18:
        return str(int(rounded))
    return f"{rounded:.12f}".rstrip("0").rstrip(".")


def _round_to_significant(value: float, digits: int) -> float:
    """`value` rounded half away from zero to `digits` significant digits."""
    if value == 0:
        return 0.0
    exponent = math.floor(math.log10(abs(value)))
    factor = 10.0 ** (exponent - digits + 1)
    if factor == 0.0:  # a subnormal value (5e-324): the factor underflows; nothing to round
        return value
    # Half up, not banker's rounding: 4.25 -> 4.3 on both sides of the comparison.
    return math.floor(abs(value) / factor + 0.5) * factor * (1 if value > 0 else -1)


def _key(kind: str, unit: str, currency: str, value: str) -> str:
    # Cut the free-text parts, never the value: a long unit must not merge two figures' keys.
    return f"{kind[:16]}:{unit[:24]}:{currency[:8]}:{value[:30]}"


def _as_float(value: Any) -> float:
    """`value` as a float; NaN when it is no number."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def _keys_of(q: Any) -> list[str]:
    """One figure's keys: its value as stated and rounded, or its range; none without a value."""
    kind = str(quantity_field(q, "kind"))
    raw_unit = unit_name(kind, quantity_field(q, "unit"))
    currency = str(quantity_field(q, "currency") or "").upper()
    value = _as_float(quantity_field(q, "value"))
    if not math.isfinite(value):
        return []
    unit, value = to_base_unit(kind, raw_unit, value)
    range_to = quantity_field(q, "range_to")
    if range_to is not None:
        high = to_base_unit(kind, raw_unit, _as_float(range_to))[1]
        if math.isfinite(high):
            spelled = f"{_canonical_number(value)}~{_canonical_number(high)}"
            return [_key(kind, unit, currency, spelled)]
    return [
        _key(kind, unit, currency, _canonical_number(value)),
        _key(kind, unit, currency, _canonical_number(_round_to_significant(value, 2))),
    ]


def figure_keys(quantities: Iterable[Any]) -> list[str]:
    """Normalised "kind:unit:currency:value" keys for a claim's figures, sorted and unique.

    Takes the stored quantity dicts (or the engine's `Quantity` objects). Years and dates are left
    out: they say when, not what, and would make every claim of a year a candidate. Each figure
    gives its value as stated (6 significant digits) and rounded to 2 significant digits; a range
    gives "low~high". Examples: "$4.2 billion" -> "money::USD:4200000000"; "12.4%" ->
    "percent:%::12.4" and "percent:%::12"; "5 million tonnes" -> "measure:tonne::5000000".
    """
    return sorted({key for q in quantities if is_figure(q) for key in _keys_of(q)})
