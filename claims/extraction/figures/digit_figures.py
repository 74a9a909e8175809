# ruff: noqa: RUF001  (typographic quotes, dashes and currency signs are the point of these patterns)
"""A figure written in digits, with what stands around it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..types import Quantity, new_quantity
from .changes import CHANGE_LAST_WORDS, change_after, change_before, change_word
from .currencies import (
    CURRENCY_AFTER,
    CURRENCY_AFTER_RE,
    CURRENCY_BEFORE_RE,
    DOLLAR_ADJECTIVES,
    UPPER_CASE_CODES,
    Context,
    currency_before_re_may_match,
    currency_of_sign,
)
from .dates import YEAR_CONTEXT_BEFORE_RE
from .fractions import slash_end, slash_fraction
from .lookback import last_word_before, words_back
from .magnitudes import LETTER_SCALES, PERCENT_RE, SCALE_RE, SCALES
from .not_figures import IDENTIFIER_BEFORE_RE, identifier_before_re_may_match
from .nouns import NOUN_RE, STOP_WORDS, noun_after
from .numerals import MAX_INT_DIGITS, clean_value, fold, to_number, too_long
from .qualifiers import QUALIFIER_LAST_WORDS, qualifier_before
from .ranges import RANGE_RE, is_scoreline, range_re_may_match
from .spans import TakenSpans
from .suffixes import suffix_res_may_match
from .units import (
    DURATION_RE,
    DURATION_UNITS,
    MEASURE_RE,
    MEASURE_UNITS,
    ONE_IN_RE,
    TIMES_RE,
    one_in_denominator,
    unit_case_ok,
)


@dataclass(slots=True)
class _Reading:
    """A figure in digits as it is read, left to right: `start` is where it begins (its currency
    sign, if any), `pos` where the reading has got to, `digits_end` the end of the digits."""

    start: int
    pos: int
    digits_end: int
    raw: str
    value: float
    currency_sign: str | None
    kind: str = "count"
    unit: str | None = None
    currency: str | None = None
    noun: str | None = None
    range_to: float | None = None
    scoreline: bool = False
    negative: bool = False


def digit_figure(
    text: str, m: re.Match[str], floor: int, end: int, ctx: Context, taken: TakenSpans
) -> Quantity | None:
    """The figure whose digits `m` (a match of NUMBER_RE) found, or None if they are not one (an
    identifier, a version, digits glued to letters) or overlap a figure already taken."""
    ms = m.start()
    if ms > floor:
        c = text[ms - 1]
        if c == "M":
            return _quake_magnitude_after_m(text, m, floor, taken)
        if (c == " " or c == ".") and text.endswith(("No. ", "No."), max(floor, ms - 4), ms):
            return _rank_after_no(text, m, floor, taken)
    r = _begin_reading(text, m, floor, end, taken)
    if r is None:
        return None
    if r.currency_sign:
        r.kind = "money"
        r.currency = currency_of_sign(r.currency_sign.strip(), ctx)
    if m.group("ord"):
        r.kind = "ordinal"
    elif r.pos < end and text[r.pos] == "/" and not r.currency_sign:
        if not _read_slash_fraction(text, r, end, taken):
            return None
    else:
        if range_re_may_match(text, r.pos):
            _read_range(text, r, floor, end)
        if suffix_res_may_match(text, r.pos, end):
            _read_suffix(text, r, end, ctx)
        if len(r.raw) == 4 and _is_year(text, r, floor, end):
            r.kind = "year"
    if r.kind == "count":
        # NOUN_RE and ONE_IN_RE both start with whitespace (`\s`, what str.isspace says).
        if r.pos < end and text[r.pos].isspace():
            _read_counted_noun_or_one_in(text, r, end)
    elif r.kind == "percent":
        r.noun = noun_after(text, r.pos, end, r.kind)
    if r.pos < end and text[r.pos] in "CF":  # the test _read_bare_temperature starts with
        _read_bare_temperature(text, r, end)
    if r.pos < end and (text[r.pos].isalnum() or text[r.pos] == "_"):
        # Glued to letters we did not read as a unit: an identifier such as "5G" or "100x2".
        return None
    if r.kind == "count" and "." in r.raw and _is_point_clock_time(text, r, floor):  # "at 9.30"
        taken.add(r.start, r.pos)
        return None
    if r.scoreline:  # "won 3-1", "a 5-4 ruling": a score is no quantity
        taken.add(r.start, r.pos)
        return None
    # Most figures are neither: the first tests of each, without the calls.
    if r.range_to is not None:
        _read_fiscal_year(text, r)
    elif r.kind == "count" and 0 < r.value < 10:
        _read_magnitude_before(text, r, floor, taken)
    return _finish(text, r, floor, end, taken)


def _begin_reading(
    text: str, m: re.Match[str], floor: int, end: int, taken: TakenSpans
) -> _Reading | None:
    """The digits and the currency sign before them, unless they are part of something else."""
    ns = m.start("num")
    if (
        ns > floor
        and (text[ns - 1].isalnum() or text[ns - 1] in "._,")
        and not _listed_after_comma(text, m, ns, floor)
    ):
        return None
    sign_match = (
        CURRENCY_BEFORE_RE.search(text, max(floor, ns - 5), ns)
        if currency_before_re_may_match(text, ns, floor)
        else None
    )
    negative = False
    if sign_match is None and ns - 1 > floor and text[ns - 1] in "-\u2212":
        sign_match = _currency_sign_before(text, ns - 1, floor)  # "$-99.99"
        negative = sign_match is not None
    s = sign_match.start() if sign_match else ns
    e = m.end()
    if not taken.free(s, e):
        return None
    raw = m.group("num")
    if raw.isdigit():  # most figures: what too_long and to_number give, without their splitting
        if len(raw) > MAX_INT_DIGITS:
            return None
        value: float | int = int(raw)
    elif too_long(raw):
        return None
    else:
        value = to_number(raw)
    if sign_match is None and _is_identifier_or_version(text, ns, e, floor, end):
        return None
    currency_sign = sign_match.group() if sign_match else None
    # Positional: start, pos, digits_end, raw, value, currency_sign, kind, unit, currency, noun,
    # range_to, scoreline, negative.
    return _Reading(
        s, e, e, raw, value, currency_sign, "count", None, None, None, None, False, negative
    )


def _listed_after_comma(text: str, m: re.Match[str], ns: int, floor: int) -> bool:
    """ "1,2 and 3": one or two digits right after a digit and a comma are the next item of a
    list. (Three digits would have been read as a thousands group with the digits before, and a
    decimal comma is read only before "%".)"""
    return (
        text[ns - 1] == ","
        and ns - 2 >= floor
        and text[ns - 2].isdigit()
        and len(m.group("num")) <= 2
        and m.group("num").isdigit()
        and not m.group("ord")
    )


def _currency_sign_before(text: str, ns: int, floor: int) -> re.Match[str] | None:
    if not currency_before_re_may_match(text, ns, floor):
        return None
    return CURRENCY_BEFORE_RE.search(text, max(floor, ns - 5), ns)


def _is_identifier_or_version(text: str, ns: int, e: int, floor: int, end: int) -> bool:
    """ "H100", "COVID-19", "No. 5", "3.5.1"."""
    lo = max(floor, ns - 12)
    if identifier_before_re_may_match(text, ns, lo) and IDENTIFIER_BEFORE_RE.search(text, lo, ns):
        return True
    return text.startswith(".", e) and e + 1 < end and text[e + 1].isdigit()


_POINT_TIME_RAW_RE = re.compile(r"(?:[1-9]|1\d|2[0-3])\.[0-5]\d")
_TIME_PREPOSITIONS = frozenset(["at", "until", "till", "by", "around", "before", "after", "from"])
# A level or a price is "at 9.30" too: after these words, "closed at 9.30" is no clock time.
_LEVEL_WORDS = frozenset(
    """closed closing opened opening traded trading trade stood stands stand ended
    ending finished settled priced price prices valued value set fixed pegged capped peaked
    bottomed quoted sold bought rate rates level levels high low record estimated put
    measured reached hit was is were are be been""".split()  # noqa: SIM905
)


def _is_point_clock_time(text: str, r: _Reading, floor: int) -> bool:
    """ "began at 9.30", "until 10.45": an hour and its minutes after a preposition of time, with
    nothing after the number that makes it an amount (a unit, a noun, a currency). Not after a
    change or a level ("fell by 9.30", "closed at 9.30", "was at 9.30")."""
    if (
        r.kind != "count"
        or r.currency_sign is not None
        or r.noun is not None
        or r.range_to is not None
        or r.pos != r.digits_end
        or not _POINT_TIME_RAW_RE.fullmatch(r.raw)
    ):
        return False
    words, _ = words_back(text, r.start, floor)
    if not words or words[-1] not in _TIME_PREPOSITIONS:
        return False
    if len(words) >= 2 and (words[-2] in _LEVEL_WORDS or change_word(words[-2])):
        return False
    return not text.startswith((" a share", " per share", " a barrel"), r.pos)


def _read_slash_fraction(text: str, r: _Reading, end: int, taken: TakenSpans) -> bool:
    """ "1/4 of": a ratio. Other digits joined by a slash ("24/7", "9/11") are no figure: their
    span is taken so that the digits after the slash are not read either."""
    frac = slash_fraction(text, r.value, r.pos, end)
    if frac is None:
        taken.add(r.start, slash_end(text, r.pos, end) or r.pos)
        return False
    den, r.pos = frac
    r.kind, r.unit, r.value = "ratio", f"{r.raw}/{den}", r.value / den
    return True


_MAGNITUDE_BEFORE_RE = re.compile(r"\bmagnitude\s+$", re.IGNORECASE)
_MAGNITUDE_OF_RE = re.compile(r"\bmagnitude\s+of\s+$", re.IGNORECASE)


def _read_magnitude_before(text: str, r: _Reading, floor: int, taken: TakenSpans) -> None:
    """ "magnitude 7.3" (the word in the span), "a magnitude of 5.8" (the number alone)."""
    if r.kind != "count" or r.range_to is not None or not 0 < r.value < 10:
        return
    lo = max(floor, r.start - 16)
    before = _MAGNITUDE_BEFORE_RE.search(text, lo, r.start)
    if before is not None and taken.free(before.start(), r.start):
        r.start = before.start()
    elif _MAGNITUDE_OF_RE.search(text, lo, r.start) is None:
        return
    r.kind, r.unit = "measure", "magnitude"


def _quake_magnitude_after_m(
    text: str, m: re.Match[str], floor: int, taken: TakenSpans
) -> Quantity | None:
    """ "M6.4": an earthquake's magnitude, written with one decimal after a lone capital M
    (not "M4", a road, nor "AM2.5")."""
    ns, e = m.start("num"), m.end()
    raw = m.group("num")
    if not (
        text[ns - 1] == "M"
        and (ns - 1 == floor or not text[ns - 2].isalnum())
        and len(raw) == 3
        and raw[1] == "."
        and not m.group("ord")
        and (e >= len(text) or not text[e].isalnum())
        and taken.free(ns - 1, e)
    ):
        return None
    taken.add(ns - 1, e)
    return new_quantity(
        text=text[ns - 1 : e],
        start=ns - 1,
        end=e,
        value=float(raw),
        kind="measure",
        unit="magnitude",
    )


_RANK_NO_RE = re.compile(
    r"\b(?:ranked|rated|seeded|world(?:'s)?|is|was|are|were|remains|remained|became)\s+(?P<no>No\.\s?)$",
    re.IGNORECASE,
)


def _rank_after_no(text: str, m: re.Match[str], floor: int, taken: TakenSpans) -> Quantity | None:
    """ "ranked No. 8", "the world No. 1": a rank. Other numbers after "No." are identifiers."""
    ns, e = m.start("num"), m.end()
    raw = m.group("num")
    rank = _RANK_NO_RE.search(text, max(floor, ns - 24), ns)
    if rank is None or not raw.isdigit() or len(raw) > 3 or m.group("ord"):
        return None
    s = rank.start("no")
    if not taken.free(s, e):
        return None
    taken.add(s, e)
    return new_quantity(text=text[s:e], start=s, end=e, value=int(raw), kind="ordinal")


def _read_fiscal_year(text: str, r: _Reading) -> None:
    """ "2013-14", "2023/24", "2019-2020": a (fiscal) year, not a range of counts."""
    if r.range_to is None or len(r.raw) != 4 or not 1900 <= r.value <= 2100:
        return
    upper = text[r.digits_end + 1 : r.pos].strip(" -–—")
    nxt = int(r.value) + 1
    if upper in (f"{nxt % 100:02d}", str(nxt)):
        r.kind, r.range_to = "year", nxt


def _read_range(text: str, r: _Reading, floor: int, end: int) -> None:
    """ "700-800", "700 to 800", "$5-6 billion"; but not a score ("won 3-2") and not the end of a
    change ("from 5 to 6", "rose 5 to 6"): "to" makes a range only after "between". Called only
    where `range_re_may_match` is True."""
    range_match = RANGE_RE.match(text, r.pos, end)
    if range_match is None:
        return
    s = r.start
    if range_match.group("num2") is not None:  # "to" or "and"
        before = text[max(floor, s - 12) : s].lower()
        last_before = before.split()[-1:]
        if "between" in last_before:
            is_range = True
        elif "between" not in before:
            is_range = False
        else:
            is_range = "from" not in last_before and not change_before(text, s, floor)
    elif is_scoreline(text, s, range_match.end(), floor, end):
        r.scoreline = True
        r.pos = range_match.end()
        return
    else:
        is_range = True
    upper = range_match.group("num") or range_match.group("num2")
    if is_range and not too_long(upper):
        r.range_to = to_number(upper)
        r.pos = range_match.end()


def _read_suffix(text: str, r: _Reading, end: int, ctx: Context) -> None:
    """Scale, then percent, currency word, duration, measure or ratio after the number."""
    _read_scale(text, r, end)
    if r.kind == "money":
        # "NT$50 million dollars": swallow a trailing currency word.
        currency_match = CURRENCY_AFTER_RE.match(text, r.pos, end)
        if currency_match and fold(currency_match.group("cw")) in ("dollar", "dollars"):
            r.pos = currency_match.end()
        return
    if _read_percent(text, r, end):
        return
    _read_currency_word(text, r, end, ctx)
    if r.kind != "money":
        _read_unit(text, r, end)


def _read_scale(text: str, r: _Reading, end: int) -> None:
    scale_match = SCALE_RE.match(text, r.pos, end)
    if not scale_match or not _scale_letter_ok(r, scale_match):
        return
    sc = fold(scale_match.group("scale"))
    mult = 1e12 if sc.startswith("lakh") and "crore" in sc else SCALES[sc]
    r.value *= mult
    if r.range_to is not None:
        r.range_to *= mult
    r.pos = scale_match.end()


def _scale_letter_ok(r: _Reading, scale_match: re.Match[str]) -> bool:
    """ "5m", "$5 m", "$2.174T", "100K" are scaled; "5 m" (metres), "5 k", "5 t" (tonnes) are
    not, nor an upper-case letter glued to one digit ("3M", "4K": names and resolutions)."""
    letter = scale_match.group("scale")
    if fold(letter) not in LETTER_SCALES:
        return True
    if scale_match.group() != letter:  # spaced
        return r.currency_sign is not None and fold(letter) in ("m", "b", "k")
    if r.currency_sign or (letter.islower() and letter != "t"):
        return True
    return letter.isupper() and ("." in r.raw or len(r.raw) >= 2)


def _read_percent(text: str, r: _Reading, end: int) -> bool:
    percent_match = PERCENT_RE.match(text, r.pos, end)
    if not percent_match:
        return False
    if percent_match.group("pct"):
        r.kind, r.unit = "percent", "%"
    else:
        r.kind, r.unit = "percentage_point", "percentage point"
        if not percent_match.group("pp"):  # basis points
            r.value /= 100
            if r.range_to is not None:
                r.range_to /= 100
    r.pos = percent_match.end()
    return True


def _read_currency_word(text: str, r: _Reading, end: int, ctx: Context) -> None:
    currency_match = CURRENCY_AFTER_RE.match(text, r.pos, end)
    if not currency_match:
        return
    cw = fold(currency_match.group("cw"))
    adj = fold(currency_match.group("adj") or "")
    currency: str | None
    if cw in UPPER_CASE_CODES and not currency_match.group("cw").isupper():
        currency = None  # "5 try", "3 eth": words, not codes
    elif cw in ("dollar", "dollars"):
        currency = DOLLAR_ADJECTIVES.get(adj, ctx.dollar)
    elif cw in ("pound", "pounds") and ctx.pound != "GBP":
        currency = None
    else:
        currency = CURRENCY_AFTER[cw]
    if cw in ("won", "rand") and not currency_match.group().startswith((" ", "-")):
        currency = None  # "5won", "5rand": not the currency words
    if currency:
        r.kind, r.currency, r.pos = "money", currency, currency_match.end()


def _read_unit(text: str, r: _Reading, end: int) -> None:
    duration_match = DURATION_RE.match(text, r.pos, end)
    if duration_match:
        r.kind, r.unit, r.pos = (
            "duration",
            DURATION_UNITS[fold(duration_match.group("du"))],
            duration_match.end("du"),
        )
        return
    measure_match = MEASURE_RE.match(text, r.pos, end)
    if measure_match and unit_case_ok(measure_match.group("mu")):
        r.kind, r.unit, r.pos = (
            "measure",
            MEASURE_UNITS[fold(measure_match.group("mu"))],
            measure_match.end(),
        )
        return
    times_match = TIMES_RE.match(text, r.pos, end)
    if times_match:
        r.kind, r.unit, r.pos = "ratio", "times", times_match.end()


def _is_year(text: str, r: _Reading, floor: int, end: int) -> bool:
    """A bare four-digit count from 1500 to 2100 is a year, unless a plural noun follows it with
    nothing before it that says "year" ("in", "since", "fiscal", a month, ...): "2024 votes"."""
    raw = r.raw
    if not (
        r.kind == "count"
        and r.range_to is None
        and r.pos == r.digits_end
        and "," not in raw
        and "." not in raw
        and 1500 <= r.value <= 2100
        and len(raw) == 4
    ):
        return False
    after = NOUN_RE.match(text, r.pos, end)
    if after is None or after.group(1) in STOP_WORDS:
        return True
    lo = max(floor, r.start - 16)
    return bool(YEAR_CONTEXT_BEFORE_RE.search(text, lo, r.start)) or not after.group(1).endswith(
        "s"
    )


def _read_counted_noun_or_one_in(text: str, r: _Reading, end: int) -> None:
    """ "2,400 people"; or, for a small number with no noun, "one in five" (a ratio)."""
    r.noun = noun_after(text, r.pos, end, r.kind)
    one_in_match = ONE_IN_RE.match(text, r.pos, end) if r.noun is None and r.value < 100 else None
    if one_in_match is None:
        return
    dv = one_in_denominator(one_in_match)
    if dv:
        r.kind, r.unit, r.value = "ratio", f"{clean_value(r.value)} in {dv}", r.value / dv
        r.pos = one_in_match.end()


# "13F filing", "10K report": forms, not temperatures.
_FILING_AFTER_RE = re.compile(r"[\s-]+(?:filings?|forms?|reports?|holdings|disclosures?)\b", re.I)


def _read_bare_temperature(text: str, r: _Reading, end: int) -> None:
    """ "45C", "-5C", "118F": a temperature written without the degree sign."""
    pos = r.pos
    if (
        r.kind == "count"
        and r.range_to is None
        and pos < end
        and text[pos] in "CF"
        and (pos + 1 >= end or not (text[pos + 1].isalnum() or text[pos + 1] in "_'’"))
        and abs(r.value) <= 200
        and not _FILING_AFTER_RE.match(text, pos + 1, end)
    ):
        r.kind, r.unit = "measure", "°" + text[pos]
        r.pos = pos + 1


def _finish(text: str, r: _Reading, floor: int, end: int, taken: TakenSpans) -> Quantity:
    """Take the span; read the qualifier, sign and change role before it (and change after)."""
    pos = r.pos
    s = r.start
    # minus_start(text, s, floor), written out: most figures have a space or "$" before them.
    minus = None
    if s > floor:
        c = text[s - 1]
        if c in "-−":
            if s - 1 == floor or text[s - 2] in " (\t":
                minus = s - 1
        elif c == " " and text.endswith("minus ", max(floor, s - 6), s):
            minus = s - 6
    sign = -1 if r.negative or minus is not None else 1
    if minus is not None and taken.free(minus, s):
        s = minus
    last = last_word_before(text, s, floor)  # read once for the qualifier and the change
    # Most figures follow a word that can be neither a qualifier nor a change: then neither
    # look-up is called (each would return at once).
    qual: str | None = None
    qstart = s
    if last in QUALIFIER_LAST_WORDS:
        qual, qstart = qualifier_before(text, s, floor, last)
    taken.add(s, pos)
    change = None
    if not r.scoreline:
        if qstart != s or last in CHANGE_LAST_WORDS:
            change = change_before(text, qstart, floor, last if qstart == s else None)
        if change is None and pos < end and text[pos].isspace():
            change = change_after(text, pos, end)
        if change not in (None, "from", "to") and r.kind in ("year", "date"):
            change = None  # "by 2026" says when, it is not the size of a rise
    return new_quantity(
        text=text[s:pos],
        start=s,
        end=pos,
        value=clean_value(sign * r.value),
        kind=r.kind,
        unit=r.unit,
        currency=r.currency,
        qualifier=qual,
        noun=r.noun,
        range_to=clean_value(r.range_to) if r.range_to is not None else None,
        change=change,
    )


def minus_start(text: str, s: int, floor: int) -> int | None:
    """Where the minus sign or the word "minus" before a figure starting at s starts, if there
    is one: a minus sign, not a hyphen joining words or a range, has a space, a bracket or the
    start of the span before it."""
    if s > floor and text[s - 1] in "-−":
        if s - 1 == floor or text[s - 2] in " (\t":
            return s - 1
        return None
    if text.endswith("minus ", max(floor, s - 6), s):
        return s - 6
    return None
