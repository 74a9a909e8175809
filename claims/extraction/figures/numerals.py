"""Numbers written in digits: the scan that finds them, and turning them into values."""

from __future__ import annotations

import re

NUMBER_PATTERN = r"\d{1,3}(?:,\d{2,3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# Starts with a digit so that `re` can skip ahead fast; what precedes is checked in code.
NUMBER_RE = re.compile(rf"(?P<num>{NUMBER_PATTERN})(?![\d])(?:(?P<ord>st|nd|rd|th)\b)?")


def to_number(s: str) -> float | int:
    s = s.replace(",", "")
    if "." in s:
        return float(s)
    return int(s)


# More digits than this before the decimal point is not a figure anyone states (a serial number, an
# ID, junk); beyond it a float also stops being exact and a scale word could overflow it.
MAX_INT_DIGITS = 15


def too_long(raw: str) -> bool:
    whole, _, frac = raw.partition(".")
    if len(frac) > MAX_INT_DIGITS:
        return True
    return len(whole) > MAX_INT_DIGITS and len(whole.replace(",", "")) > MAX_INT_DIGITS


def clean_value(v: float) -> float | int:
    """Whole numbers as int, others rounded to remove float noise (1.88e6 not 1879999.9999)."""
    if type(v) is int:
        return v  # what the rounding below gives back for any int
    r = round(v, 6)
    if r == int(r) and abs(r) < 1e15:
        return int(r)
    return r


DIGIT_RE = re.compile(r"\d")

# Letters that `re.IGNORECASE` matches to an ASCII letter but that `str.lower` does not turn into
# it (long s, dotless i, dotted capital I, Kelvin sign): fold them before a dictionary look-up of
# what a case-insensitive regex matched, or "\u017fix" (matched as "six") raises KeyError.
_ODD_CASE = str.maketrans({"\u017f": "s", "\u0131": "i", "\u0130": "i", "\u212a": "k"})


def fold(word: str) -> str:
    """`word` lower-cased as `re.IGNORECASE` compares it: the key of a look-up table."""
    return word.translate(_ODD_CASE).lower()
