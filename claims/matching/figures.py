"""A claim's figures as the scorer compares them (`Figure`): value, unit, currency, the rounding
the number was written with, which way it moved, which side of the number it is on."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from .quantities import quantity_field, to_base_unit, unit_name
from .thresholds import MAX_RELATIVE_GAP
from .vocabulary import GENERIC_STEMS, GENERIC_WORDS, stem_of


@dataclass(frozen=True)
class Figure:
    kind: str
    unit: str
    currency: str
    value: float
    range_to: float | None
    change: str | None
    noun: str | None
    tolerance: float  # half a unit in the last significant digit stated
    # "above" ("more than", "at least"), "below" ("fewer than", "up to", "nearly") or None.
    bound: str | None = None

    def comparable(self, other: Figure) -> bool:
        """The same sort of number: kind, unit and currency."""
        return (self.kind, self.unit, self.currency) == (other.kind, other.unit, other.currency)

    def same_value(self, other: Figure) -> bool:
        """Comparable, and the values equal within the rounding of the less precise one."""
        return self.comparable(other) and within_tolerance(
            self.value, other.value, max(self.tolerance, other.tolerance)
        )

    def agrees(self, other: Figure) -> bool:
        """The same figure: the same value (and range end), not moving the other way."""
        if not self.same_value(other) or opposite_changes(self.change, other.change):
            return False
        if (self.range_to is None) != (other.range_to is None):
            return False
        if self.range_to is not None and other.range_to is not None:
            tolerance = max(self.tolerance, other.tolerance)
            return within_tolerance(self.range_to, other.range_to, tolerance)
        return True


# The engine's qualifiers (claims.extraction.figures.qualifiers) by the side of the number they
# put the figure on. "About", "exactly" and "only" say nothing about the side.
_BOUNDS = {
    "more than": "above",
    "at least": "above",
    "less than": "below",
    "at most": "below",
    "up to": "below",
    "nearly": "below",
    "almost": "below",
}


def opposite_changes(a: str | None, b: str | None) -> bool:
    """An increase against a decrease, or a start point against an end point."""
    pairs = ({"increase", "decrease"}, {"from", "to"})
    return a is not None and b is not None and a != b and {a, b} in pairs


def within_tolerance(a: float, b: float, tolerance: float) -> bool:
    """Equal, or at most `tolerance` and MAX_RELATIVE_GAP apart."""
    gap = abs(a - b)
    if gap <= 1e-9 * max(abs(a), abs(b), 1.0):
        return True
    return gap <= tolerance + 1e-9 and gap <= MAX_RELATIVE_GAP * max(abs(a), abs(b))


def _rounding_tolerance(text: str, value: float) -> float:
    """Half a unit in the last significant digit of the number as written ("4.2 million" ->
    50,000; "1,200" -> 50; "12.5%" -> 0.05)."""
    match = re.search(r"\d[\d,]*(?:\.\d+)?", text or "")
    if not match or value == 0:
        return 0.0
    digits = match.group().replace(",", "")
    whole, _, frac = digits.partition(".")
    # "4.20" has three significant digits; "1,200" is read as two (trailing zeros of a whole
    # number are usually rounding).
    significant = (whole + frac).lstrip("0") if frac else whole.lstrip("0").rstrip("0")
    count = max(len(significant), 1)
    exponent = math.floor(math.log10(abs(value)))
    return 0.5 * 10.0 ** (exponent - count + 1)


def figure_from_quantity(q: Any) -> Figure | None:
    """The scorer's view of a stored quantity; None when its value is no number."""
    try:
        value = float(quantity_field(q, "value"))
    except (TypeError, ValueError):
        return None
    kind = str(quantity_field(q, "kind"))
    range_to = quantity_field(q, "range_to")
    try:
        high = float(range_to) if range_to is not None else None
    except (TypeError, ValueError):
        high = None
    # The head of the counted noun phrase: "global workforce" counts the workforce.
    noun_words = str(quantity_field(q, "noun") or "").split()
    noun = stem_of(noun_words[-1]) if noun_words else ""
    unit = unit_name(kind, quantity_field(q, "unit"))
    tolerance = _rounding_tolerance(str(quantity_field(q, "text") or ""), value)
    scaled_unit, scaled = to_base_unit(kind, unit, value)
    if scaled_unit != unit:
        tolerance *= scaled / value if value else 1.0
        high = to_base_unit(kind, unit, high)[1] if high is not None else None
    return Figure(
        kind=kind,
        unit=scaled_unit,
        currency=str(quantity_field(q, "currency") or "").upper(),
        value=scaled,
        range_to=high,
        change=quantity_field(q, "change"),
        # "85,000 people" says nothing about what is counted: not a subject.
        noun=noun if noun and noun not in GENERIC_WORDS and noun not in GENERIC_STEMS else None,
        tolerance=tolerance,
        bound=_BOUNDS.get(str(quantity_field(q, "qualifier") or "").lower()),
    )
