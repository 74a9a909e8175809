"""Dates ("April 25, 2024", "2024-04-25"), and what makes a four-digit number a year."""

from __future__ import annotations

import re

from ..types import Quantity, new_quantity
from .qualifiers import qualifier_before

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
MONTH_PATTERN = (
    # The full stop belongs to an abbreviated month ("Jan."), never to "May." ending a sentence.
    r"(?P<mon>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|Jun(?:e|\.)?"
    r"|Jul(?:y|\.)?|Aug(?:ust|\.)?|Sep(?:t(?:ember|\.)?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?"
    r"|Dec(?:ember|\.)?)"
)
# Every alternative starts with a capitalised month or a digit: the lookahead lets `re` give up
# at once at other word boundaries (a scan costs half as much).
DATE_RE = re.compile(
    r"\b(?=[ADFJMNOS\d])(?:"
    rf"{MONTH_PATTERN}\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y1>\d{{4}})\b)?"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH_PATTERN.replace('mon', 'mon2')}"
    r"(?![A-Za-z])(?:,?\s+(?P<y2>\d{4})\b)?"
    rf"|{MONTH_PATTERN.replace('mon', 'mon3')}\s+(?P<y3>(?:1[6-9]|20)\d\d)\b"
    r"|(?P<y4>(?:1[6-9]|20)\d\d)[/.-](?P<m4>[01]?\d)[/.-](?P<d4>[0-3]?\d)\b"
    r"|(?P<d5>[0-3]?\d)/(?P<m5>[01]?\d)/(?P<y5>(?:1[6-9]|20)\d\d)\b"
    r")"
)
_MONTH_WORDS = frozenset(
    """jan january feb february mar march apr april may jun june jul july aug august sep sept
    september oct october nov november dec december""".split()  # noqa: SIM905
)
# `\d[.-]\d{1,2}[.-]\d`, searched from its first separator (`re` skips to a first character class
# in C, far faster without `\d` in it), the digit before read by a lookbehind. A digit just
# before the span can make it say True where the span alone has no hint: a prefilter may.
_NUMERIC_DATE_HINT_RE = re.compile(r"[.-](?<=\d[.-])\d{1,2}[.-]\d")
YEAR_CONTEXT_BEFORE_RE = re.compile(
    r"(?:\b(?:in|since|by|from|until|till|before|after|during|through|early|late|mid|fiscal|FY"
    r"|circa|spring|summer|autumn|fall|winter|January|February|March|April|May|June|July|August"
    r"|September|October|November|December)|[-(])\s*$",
    re.IGNORECASE,
)


def date_figure(text: str, m: re.Match[str], floor: int) -> Quantity | None:
    g = m.groupdict()
    mon_s = g["mon"] or g["mon2"] or g["mon3"]
    if mon_s:
        mon = MONTHS[mon_s[:3].lower()]
        day = int(g["d1"] or g["d2"] or 0)
        year = int(g["y1"] or g["y2"] or g["y3"] or 0)
        if mon_s == "May" and g["mon"] and not g["y1"] and day == 0:
            return None
    elif g["y4"]:
        year, mon, day = int(g["y4"]), int(g["m4"]), int(g["d4"])
    else:
        year, mon, day = int(g["y5"]), int(g["m5"]), int(g["d5"])
    if not (1 <= mon <= 12) or day > 31:
        return None
    iso = (f"{year:04d}" if year else "-") + f"-{mon:02d}" + (f"-{day:02d}" if day else "")
    q, _ = qualifier_before(text, m.start(), floor)
    return new_quantity(
        text=m.group(),
        start=m.start(),
        end=m.end(),
        value=year * 10000 + mon * 100 + day,
        kind="date",
        unit=iso,
        qualifier=q if q in ("about", "nearly", "almost") else None,
    )


def date_re_may_match(text: str, start: int, end: int, words: set[str]) -> bool:
    """False only if DATE_RE cannot match in text[start:end]: every match has a month name (one of
    `words`, the span's lower-cased words), a "/", or digits joined by "." or "-"."""
    return (
        not words.isdisjoint(_MONTH_WORDS)
        or text.find("/", start, end) >= 0
        or _NUMERIC_DATE_HINT_RE.search(text, start, end) is not None
        or (_has_apostrophe(text, start, end) and _month_in_joined_word(words))
    )


def _has_apostrophe(text: str, start: int, end: int) -> bool:
    return text.find("'", start, end) >= 0 or text.find("\u2019", start, end) >= 0


def _month_in_joined_word(words: set[str]) -> bool:
    """A month in a word joined by an apostrophe ("th'apr", one token of the engine's): `\\b`
    sits at the apostrophe, so DATE_RE can see the month there."""
    return any(
        not _MONTH_WORDS.isdisjoint(w.replace("\u2019", "'").split("'"))
        for w in words
        if "'" in w or "\u2019" in w
    )
