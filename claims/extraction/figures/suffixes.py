# ruff: noqa: RUF001  (typographic quotes, dashes and currency signs are the point of these patterns)
"""Whether anything that can change a figure's meaning (scale, percent, currency, unit)
follows it."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .currencies import CURRENCY_AFTER, DOLLAR_ADJECTIVES
from .magnitudes import SCALES
from .units import DURATION_UNITS, MEASURE_UNITS

NEXT_WORD_RE = re.compile(r"[\s-]{0,2}([^\s\d,;:()\"'”’]+)")


def _first_words(keys: Iterable[str]) -> set[str]:
    return {k.split()[0].lower() for k in keys}


# First words of anything that can follow a number and change its meaning: scale, percent,
# currency, duration, measure, ratio. Anything else and the suffix regexes need not run.
SUFFIX_FIRST_WORDS = frozenset(
    _first_words(SCALES)
    | _first_words(CURRENCY_AFTER)
    | _first_words(DOLLAR_ADJECTIVES)
    | _first_words(DURATION_UNITS)
    | _first_words(MEASURE_UNITS)
    | {"%", "percent", "per", "percentage", "pct", "pp", "ppt", "ppts", "basis", "bps"}
    | {"times", "fold", "x", "lakh", "mln"}
)


def suffix_res_may_match(text: str, pos: int, end: int) -> bool:
    m = NEXT_WORD_RE.match(text, pos, end)
    if not m:
        return False
    w = m.group(1).lower().rstrip(".!?")
    return w in SUFFIX_FIRST_WORDS or w[:1] in ("%", "°") or w.split("/")[0] in SUFFIX_FIRST_WORDS
