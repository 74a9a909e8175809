# ruff: noqa: RUF001  (typographic quotes, dashes and currency signs are the point of these patterns)
"""Ranges ("700-800", "between 5 and 6") and match scores that look like them ("won 3-2")."""

from __future__ import annotations

import re

from .currencies import CURRENCY_BEFORE_PATTERN
from .lookback import words_before
from .numerals import NUMBER_PATTERN

RANGE_RE = re.compile(
    rf"\s?(?:-to-|[-–—])\s?(?P<cur>{CURRENCY_BEFORE_PATTERN})?(?P<num>{NUMBER_PATTERN})(?![\d])|\s(?:to|and)\s"
    rf"(?P<cur2>{CURRENCY_BEFORE_PATTERN})?(?P<num2>{NUMBER_PATTERN})(?![\d,])",
)


_DASHES = ("-", "–", "—")
# What a match of RANGE_RE that starts with whitespace has right after it (a cheaper first test
# than `range_re_may_match`, inlined where figures are read: tested against the regex).
RANGE_AFTER_SPACE = ("-", "–", "—", "to", "and")


def range_re_may_match(text: str, pos: int) -> bool:
    """False only if RANGE_RE cannot match at pos: a match starts with a dash, or with one
    whitespace character (`\\s`: what `str.isspace` says) and then a dash or "to"/"and" and
    whitespace."""
    if text.startswith(_DASHES, pos):
        return True
    if pos >= len(text) or not text[pos].isspace():
        return False
    nxt = pos + 1
    if text.startswith(_DASHES, nxt):
        return True
    for word in ("to", "and"):
        after = nxt + len(word)
        if text.startswith(word, nxt) and after < len(text) and text[after].isspace():
            return True
    return False


_SCORE_WORDS_BEFORE = frozenset(
    """scored score won win wins winning lost lose loses losing beat beats beating defeated
    drew draw drawn edged trailed trailing led leading thrashed ended finished beaten""".split()  # noqa: SIM905
)
_SCORE_AFTER_RE = re.compile(
    r"\s+(?:win|victory|defeat|loss|draw|lead|scoreline|triumph|thrashing|home\s+win"
    r"|away\s+win|ruling|decision|verdict|vote|majority|aggregate|on\s+aggregate)\b",
    re.IGNORECASE,
)


def is_scoreline(text: str, s: int, e: int, floor: int, end: int) -> bool:
    """ "scored 3-2", "a 2-1 defeat": a match score, not a range."""
    words, _ = words_before(text, s, floor, 32)
    if not _SCORE_WORDS_BEFORE.isdisjoint(words[-3:]):
        return True
    return _SCORE_AFTER_RE.match(text, e, end) is not None
