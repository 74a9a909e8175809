"""When a claim is about: its years and months, the parts of a year it names (quarters, halves,
months), and periods named relative to when it was said ("last year")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .quantities import looks_like_year, quantity_field

# A year stands alone or right after a fiscal-year prefix ("FY2023", "FY-2024"), which \b misses.
_YEAR_RE = re.compile(
    r"(?<![\d,.$£€])(?:\b|(?<=\bFY)|(?<=\bFY-))(1[89]\d\d|20\d\d)\b(?![\d,]|\.\d)",
    re.IGNORECASE,
)
# "FY23", "FY'24": a fiscal year in two digits.
_SHORT_FISCAL_YEAR_RE = re.compile(r"\bFY\s?['\u2019]?(\d\d)\b", re.IGNORECASE)

_QUARTER_WORDS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}
_QUARTER_WORDS |= {"fourth": 4, "4th": 4, "final": 4}
_QUARTER_RE = re.compile(
    r"\b(?:q([1-4])|([1-4])q|(first|second|third|fourth|final|1st|2nd|3rd|4th)[\s-]+quarter)\b",
    re.IGNORECASE,
)
_HALF_RE = re.compile(r"\b(?:h([12])|(first|second|1st|2nd)[\s-]+half)\b", re.IGNORECASE)
_MONTH_NUMBERS = {
    name: n
    for n, names in enumerate(
        [
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May",),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sept", "Sep"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        ],
        start=1,
    )
    for name in names
}
# Month names are capitalised; these three are also everyday words ("may", "march", "mar"), so
# they count only after a word that introduces a time or before a day or year.
_AMBIGUOUS_MONTHS = frozenset({"May", "March", "Mar"})
_MONTH_RE = re.compile(r"\b(" + "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True)) + r")\b")
_TIME_INTRO_RE = re.compile(
    r"\b(?:in|of|since|until|till|by|during|from|to|through|between|and|last|this|next|early|"
    r"late|mid|end|start|beginning)[\s-]*$",
    re.IGNORECASE,
)
_RELATIVE_RE = re.compile(
    r"\b(last|this|next|previous|current|coming)\s+(?:(?:financial|fiscal|calendar|tax)\s+)?"
    r"(year|quarter|month|week|summer|winter|spring|autumn|season|weekend)\b",
    re.IGNORECASE,
)
_RELATIVE_OFFSETS = {"last": -1, "previous": -1, "this": 0, "current": 0, "next": 1, "coming": 1}


def _date_parts(q: Any) -> tuple[int, int] | None:
    """(year, month) of a date quantity stored as YYYYMMDD; month 0 when the date names none."""
    value = quantity_field(q, "value")
    if quantity_field(q, "kind") != "date" or not isinstance(value, int | float):
        return None
    if value < 10000:
        return None
    return int(value) // 10000, int(value) // 100 % 100


def years_and_months(text: str, quantities: Sequence[Any]) -> tuple[set[int], set[str]]:
    """Years, and year-months ("2024-03"), the claim is about."""
    years = {int(y) for y in _YEAR_RE.findall(text)}
    years |= {2000 + int(y) for y in _SHORT_FISCAL_YEAR_RE.findall(text)}
    months: set[str] = set()
    for q in quantities:
        value = quantity_field(q, "value")
        date = _date_parts(q)
        if quantity_field(q, "kind") == "year" and value is not None:
            years.add(int(value))
        elif date is not None:
            year, month = date
            years.add(year)
            if month:
                months.add(f"{year}-{month:02d}")
        elif looks_like_year(q):
            years.add(int(value))
            if quantity_field(q, "range_to") is not None:
                years.add(int(quantity_field(q, "range_to")))
    return years, months


def _quarters(text: str) -> set[str]:
    quarters = set()
    for match in _QUARTER_RE.finditer(text):
        number, before, word = match.groups()
        quarters.add(f"q{number or before or _QUARTER_WORDS[word.lower()]}")
    return quarters


def _halves(text: str) -> set[str]:
    halves = set()
    for match in _HALF_RE.finditer(text):
        number, word = match.groups()
        halves.add(f"h{number or (1 if word.lower() in ('first', '1st') else 2)}")
    return halves


def _months(text: str, quantities: Sequence[Any]) -> set[str]:
    months = set()
    for match in _MONTH_RE.finditer(text):
        name = match.group(1)
        if name in _AMBIGUOUS_MONTHS:
            after = text[match.end() : match.end() + 3]
            if not _TIME_INTRO_RE.search(text[: match.start()]) and not re.match(r"\s*\d", after):
                continue
        months.add(f"{_MONTH_NUMBERS[name]:02d}")
    for q in quantities:
        date = _date_parts(q)
        if date is not None and date[1]:
            months.add(f"{date[1]:02d}")
    return months


def parts_of_year(text: str, quantities: Sequence[Any]) -> dict[str, frozenset[str]]:
    """The parts of a year the claim is about, by kind: quarters ("q2"), halves ("h1") and
    months ("03"), whether or not a year is given with them."""
    found = {"quarter": _quarters(text), "half": _halves(text), "month": _months(text, quantities)}
    return {kind: frozenset(values) for kind, values in found.items() if values}


def relative_periods(text: str) -> dict[str, frozenset[int]]:
    """Periods named relative to when it was said: "last year" -> {"year": {-1}}."""
    found: dict[str, set[int]] = {}
    for match in _RELATIVE_RE.finditer(text):
        which, unit = match.group(1).lower(), match.group(2).lower()
        found.setdefault(unit, set()).add(_RELATIVE_OFFSETS[which])
    return {unit: frozenset(offsets) for unit, offsets in found.items()}
