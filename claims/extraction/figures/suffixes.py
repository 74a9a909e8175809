# ruff: noqa: RUF001  (typographic quotes, dashes and currency signs are the point of these patterns)
"""Whether anything that can change a figure's meaning (scale, percent, currency, unit)
follows it."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .currencies import CURRENCY_AFTER, CURRENCY_SIGNS_AFTER, DOLLAR_ADJECTIVES
from .magnitudes import SCALES
from .numerals import fold
from .units import DURATION_UNITS, MEASURE_UNITS

_LETTERS_RE = re.compile(r"[^\W\d_]+")
# Every suffix regex takes at most three of whitespace and "-" before its word.
NEXT_WORD_RE = re.compile(r"[\s-]{0,3}([^\s\d,;:()\"'”’]+)")


def _first_words(keys: Iterable[str]) -> set[str]:
    """The first word of each key, and its part before a "/" ("µg" of "µg/m³"): the prefilter
    splits the word after a figure at "/" and "-"."""
    firsts = {k.split()[0].lower() for k in keys}
    return firsts | {w.split("/")[0] for w in firsts if "/" in w}


# First words of anything that can follow a number and change its meaning: scale, percent,
# currency, duration, measure, ratio. Anything else and the suffix regexes need not run.
SUFFIX_FIRST_WORDS = frozenset(
    _first_words(SCALES)
    | _first_words(CURRENCY_AFTER)
    | _first_words(DOLLAR_ADJECTIVES)
    | _first_words(DURATION_UNITS)
    | _first_words(MEASURE_UNITS)
    | {"%", "percent", "per", "percentage", "pct", "pc", "pp", "ppt", "ppts", "basis", "bps", "bp"}
    | {"times", "fold", "x", "lakh", "mln"}
)


def suffix_res_may_match(text: str, pos: int, end: int) -> bool:
    """False only if no suffix regex (scale, percent, currency, duration, measure, ratio) can
    match at pos: the next word, a part of it between "-" and "/" ("percentage-points",
    "m-long", "km/h") or the letters it starts with ("acre" before an en dash) is the first
    word of one of them, or it starts with a sign."""
    m = NEXT_WORD_RE.match(text, pos, end)
    if not m:
        return False
    word = m.group(1)
    known = _MAY_START.get(word)
    if known is None:
        known = _may_start_suffix(word)
        if len(_MAY_START) >= _MAY_START_SIZE:
            _MAY_START.clear()
        _MAY_START[word] = known
    return known


# The answer of `_may_start_suffix` for the words after figures seen lately (a pure function of
# the word; bounded, cleared when full). News repeats the words after its figures ("people",
# "percent", "million", "in"), so most figures pay one dictionary look-up instead of a split.
_MAY_START: dict[str, bool] = {}
_MAY_START_SIZE = 4096


def _may_start_suffix(word: str) -> bool:
    w = fold(word)
    if w[:1] in ("%", "°", "º") or w[:1] in CURRENCY_SIGNS_AFTER:
        return True
    for part in w.replace("/", "-").split("-"):
        if part in SUFFIX_FIRST_WORDS or part.rstrip(".!?") in SUFFIX_FIRST_WORDS:
            return True
    # A word ends each regex's unit (\\b or no letter after): the letters it starts with.
    letters = _LETTERS_RE.match(w)
    return letters is not None and letters.group() in SUFFIX_FIRST_WORDS
