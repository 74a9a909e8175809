"""Fractions in digits: "1/4 of", "½", "2½ cups"; and the slashes that are not fractions
("24/7", "9/11", "50/50")."""

from __future__ import annotations

import re
from math import gcd

from ..types import Quantity, new_quantity
from .nouns import noun_after
from .numerals import clean_value, fold
from .qualifiers import qualifier_before
from .spans import TakenSpans
from .units import DURATION_RE, DURATION_UNITS, MEASURE_RE, MEASURE_UNITS, unit_case_ok

VULGAR = {
    "½": (1, 2), "⅓": (1, 3), "⅔": (2, 3), "¼": (1, 4), "¾": (3, 4), "⅕": (1, 5), "⅖": (2, 5),
    "⅗": (3, 5), "⅘": (4, 5), "⅙": (1, 6), "⅚": (5, 6), "⅛": (1, 8), "⅜": (3, 8), "⅝": (5, 8),
    "⅞": (7, 8),
}  # fmt: skip
_VULGAR_CHARS = "".join(VULGAR)
VULGAR_RE = re.compile(rf"(?<![\w.,])(?P<whole>\d{{1,6}})?(?P<frac>[{_VULGAR_CHARS}])(?!\w)")
# After the digits of a figure: "/4" of "1/4".
SLASH_RE = re.compile(r"/(?P<den>\d{1,4})(?![\d/])")
_OF_RE = re.compile(r"\s+of\b")


_VULGAR_CHAR_RE = re.compile(f"[{_VULGAR_CHARS}]")


def vulgar_re_may_match(text: str, start: int, end: int, lowered: str | None = None) -> bool:
    """False only if VULGAR_RE cannot match in text[start:end]: every match has a fraction
    character. `lowered`, if given, is `text[start:end].lower()`: the fraction characters are
    not ASCII and have no case, so an ASCII `lowered` (a test in O(1)) holds none."""
    if lowered is not None and lowered.isascii():
        return False
    return _VULGAR_CHAR_RE.search(text, start, end) is not None


def vulgar_figure(
    text: str, m: re.Match[str], floor: int, end: int, taken: TakenSpans
) -> Quantity | None:
    """ "¾ of voters" (a ratio, unit "3/4"), "2½ cups" (a count of 2.5), "2½ years"."""
    s, pos = m.start(), m.end()
    if not taken.free(s, pos):
        return None
    num, den = VULGAR[m.group("frac")]
    whole = m.group("whole")
    qual, _ = qualifier_before(text, s, floor)
    kind = "ratio"
    unit: str | None = f"{num}/{den}"
    noun: str | None = None
    value = num / den
    if whole:
        value += int(whole)
        duration_match = DURATION_RE.match(text, pos, end)
        if duration_match:
            kind, unit = "duration", DURATION_UNITS[fold(duration_match.group("du"))]
            pos = duration_match.end("du")
        else:
            kind, unit, noun = "count", None, noun_after(text, pos, end, "count")
    taken.add(s, pos)
    return new_quantity(
        text=text[s:pos],
        start=s,
        end=pos,
        value=clean_value(value),
        kind=kind,
        unit=unit,
        qualifier=qual,
        noun=noun,
    )


# Denominators of rulers, gauges and recipes: "1/2 inch", "5/8 inch", "3/16 inch", "1/3 cup".
_UNIT_DENOMINATORS = frozenset({2, 3, 4, 8, 16, 32, 64})


def slash_fraction(
    text: str, raw: str, num: float, pos: int, end: int
) -> tuple[float, str, int, str] | None:
    """The fraction that digits (`raw`, worth `num`) followed by a slash at `pos` begin, as
    (value, kind, end, unit), or None: "9/11", "24/7" and dates ("3/4 by") are no figure.
    - Before a unit of measure or time, a fraction in lowest terms over a denominator of rulers
      and recipes is that measure: "1/2 inch of rain", "a 1/4-mile stretch", "3/4 of an inch".
    - Before "of", a fraction up to hundredths is a ratio: "1/4 of" (unit "1/4")."""
    m = SLASH_RE.match(text, pos, end)
    if m is None or not float(num).is_integer():
        return None
    den = int(m.group("den"))
    if not 0 < num < den:
        return None
    if den in _UNIT_DENOMINATORS and gcd(int(num), den) == 1:
        measured = fraction_unit_after(text, num / den, m.end(), end)
        if measured is not None:
            return measured
    if den <= 100 and _OF_RE.match(text, m.end(), end):
        return num / den, "ratio", m.end(), f"{raw}/{den}"
    return None


# "3/4 of an inch", "a quarter of a mile": the unit of a fraction after "of a".
_OF_A_RE = re.compile(r"\s+of\s+an?(?=\s)")


def fraction_unit_after(
    text: str, value: float, pos: int, end: int
) -> tuple[float, str, int, str] | None:
    """The unit of measure or time right after a fraction at `pos` (" inch", "-mile", " of an
    inch", " of a mile", " hour"): (value, kind, end, unit), or None."""
    of_a = _OF_A_RE.match(text, pos, end)
    at = of_a.end() if of_a is not None else pos
    measure_match = MEASURE_RE.match(text, at, end)
    if (
        measure_match is not None
        and unit_case_ok(measure_match.group("mu"))
        and (of_a is None or text[at] == " ")
    ):
        unit = MEASURE_UNITS[fold(measure_match.group("mu"))]
        return value, "measure", measure_match.end(), unit
    duration_match = DURATION_RE.match(text, at, end)
    if duration_match is not None and duration_match.group("ago") is None:
        unit = DURATION_UNITS[fold(duration_match.group("du"))]
        return value, "duration", duration_match.end("du"), unit
    return None


def slash_end(text: str, pos: int, end: int) -> int | None:
    """The end of "/7" in "24/7" or "/11" in "9/11": digits joined by a slash to other digits
    are not a figure (a date, a rating, a slogan) unless read as a fraction."""
    m = SLASH_RE.match(text, pos, end)
    return m.end() if m else None
