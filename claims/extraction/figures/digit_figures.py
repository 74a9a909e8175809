# ruff: noqa: RUF001  (typographic quotes, dashes and currency signs are the point of these patterns)
"""A figure written in digits, with what stands around it."""

from __future__ import annotations

import re

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
from .number_words import CARDINAL_WORD_PATTERN
from .numerals import MAX_INT_DIGITS, clean_value, fold, to_number, too_long
from .qualifiers import QUALIFIER_LAST_WORDS, qualifier_before
from .ranges import RANGE_AFTER_SPACE, RANGE_RE, is_scoreline, range_re_may_match
from .spans import TakenSpans
from .suffixes import suffix_res_may_match
from .units import (
    DURATION_RE,
    DURATION_UNITS,
    MEASURE_RE,
    MEASURE_UNITS,
    ONE_IN_RE,
    STONE_AFTER_RE,
    TIMES_RE,
    one_in_denominator,
    unit_case_ok,
)


def digit_figure(
    text: str, m: re.Match[str], floor: int, end: int, ctx: Context, taken: TakenSpans
) -> Quantity | None:
    """The figure whose digits `m` (a match of NUMBER_RE) found, or None if they are not one (an
    identifier, a version, digits glued to letters) or overlap a figure already taken.

    The reading is kept in local variables, left to right: `start` is where the figure begins
    (its currency sign, if any), `pos` where the reading has got to, `digits_end` the end of the
    digits. The common cases are tested inline; the rarer readers return what they read."""
    ns = m.start()  # NUMBER_RE's group "num" starts where the match does
    raw, ordinal = m.group("num", "ord")
    if ns > floor:
        c = text[ns - 1]
        if c == "M":
            return _quake_magnitude_after_m(text, m, floor, taken)
        # "No. 5", "No.5": a full stop right before the digits or before the space before them
        # (tested first: most figures follow a space after a word).
        if (c == "." or (c == " " and ns - 2 >= floor and text[ns - 2] == ".")) and text.endswith(
            ("No. ", "No."), max(floor, ns - 4), ns
        ):
            return _rank_after(text, m, floor, taken, _RANK_NO_RE)  # "ranked No. 8"
        if c == "#" and (hashed := _rank_after(text, m, floor, taken, _RANK_HASH_RE)) is not None:
            return hashed  # "ranked #1", "the #1 seller"
        if c == "Y" and len(raw) == 4 and text.endswith("FY", max(floor, ns - 2), ns):
            return _glued_fiscal_year(text, m, raw, floor, taken)
        if c in "Rh" and (glued := _glued_currency(text, m, raw, floor, end)) is not None:
            sign_match: re.Match[str] | None = glued
        elif (c.isalnum() or c in "._,") and not (
            # "1,2 and 3": one or two digits right after a digit and a comma are the next item
            # of a list (_listed_after_comma).
            c == ","
            and ns - 2 >= floor
            and text[ns - 2].isdigit()
            and len(raw) <= 2
            and raw.isdigit()
            and not ordinal
        ):
            return None
        else:
            sign_match = _currency_sign_before(text, ns, floor)
    else:
        sign_match = _currency_sign_before(text, ns, floor)
    negative = False
    if sign_match is None and ns - 1 > floor and text[ns - 1] in "-\u2212":
        sign_match = _currency_sign_before(text, ns - 1, floor)  # "$-99.99"
        negative = sign_match is not None
    start = sign_match.start() if sign_match else ns
    pos = digits_end = m.end()
    starts = taken.starts
    # taken.free(start, pos), written out for the usual case: figures are read left to right, so
    # most start after every span taken so far.
    if (
        starts
        and not (start >= starts[-1] and taken.ends[-1] <= start)
        and not taken.free(start, pos)
    ):
        return None
    value: float | int
    if raw.isdigit():  # most figures: what too_long and to_number give, without their splitting
        if len(raw) > MAX_INT_DIGITS:
            return None
        value = int(raw)
    elif raw.replace(".", "", 1).isdigit():
        # One decimal point and no separator ("4.2", ".08"): what too_long and to_number give,
        # without their splitting and translating.
        whole, _, frac = raw.partition(".")
        if len(whole) > MAX_INT_DIGITS or len(frac) > MAX_INT_DIGITS:
            return None
        value = float(raw)
    elif too_long(raw):
        return None
    else:
        value = to_number(raw)
    if sign_match is None:
        # "H100", "COVID-19", "No. 5", "3.5.1": an identifier or a version.
        lo = max(floor, ns - 12)
        if (
            identifier_before_re_may_match(text, ns, lo)
            and IDENTIFIER_BEFORE_RE.search(text, lo, ns)
            and not (len(raw) == 4 and text.endswith(_YEAR_PREFIXES, lo, ns))
            and not text.endswith(("magnitude-", "Magnitude-"), lo, ns)
        ) or (text.startswith(".", pos) and pos + 1 < end and text[pos + 1].isdigit()):
            return None
        if len(raw) <= 4 and raw[0] == "0" and raw.isdigit():
            if len(raw) == 4 and raw[:2] < "24" and raw[2:] < "60":
                taken.add(ns, pos)
                return None  # "left at 0830": a clock time (no count starts with a zero)
        elif raw in _EMERGENCY_NUMBERS and last_word_before(text, ns, floor) in _CALL_WORDS:
            return None  # "call 999", "dial 112": a telephone number
    currency_sign = sign_match.group() if sign_match else None
    kind = "count"
    unit: str | None = None
    currency: str | None = None
    noun: str | None = None
    range_to: float | int | None = None
    scoreline = False
    if currency_sign:
        kind = "money"
        currency = currency_of_sign(currency_sign.strip(), ctx)
    if ordinal:
        if (
            fold(ordinal) == "st"
            and not _ordinal_agrees(raw, ordinal)
            and STONE_AFTER_RE.match(text, pos, end)
        ):
            kind, unit = "measure", "st"  # "14st 2lb", "lost 3st": stone, a weight
        else:
            kind = "ordinal"  # "the 23th" too: a rank with a typo
    elif pos < end and text[pos] == "/" and not currency_sign:
        # "1/4 of": a ratio. Other digits joined by a slash ("24/7", "9/11") are no figure: their
        # span is taken so that the digits after the slash are not read either. "2024/25" is a
        # fiscal year.
        if len(raw) == 4 and (slash_year := _slash_fiscal_year(text, value, pos, end)) is not None:
            range_to, pos = slash_year
            taken.add(start, pos)
            return new_quantity(
                text=text[start:pos], start=start, end=pos, value=value, kind="year",
                range_to=range_to,
            )  # fmt: skip
        if (frac := slash_fraction(text, raw, value, pos, end)) is not None:
            value, kind, pos, unit = frac  # "1/4 of", "1/2 inch of rain", "3/4 of an inch"
        else:
            taken.add(start, slash_end(text, pos, end) or pos)
            return None
    elif (
        pos < end
        and (text[pos] == ":" or text.startswith("-to-", pos))
        and not currency_sign
        and raw.isdigit()
        and (two := _TWO_PART_RE.match(text, pos, end)) is not None
        and (text[pos] == ":" or _RATIO_WORD_AFTER_RE.match(text, two.end(), end) is not None)
    ):
        # "a 3:1 ratio", "a ratio of 2:3", "by a 2-to-1 margin": a ratio. Other digits joined by a
        # colon ("won 3:1", "Genesis 1:1") are no figure.
        den = int(two.group(1))
        if not den or not (
            _RATIO_WORD_AFTER_RE.match(text, two.end(), end)
            or _RATIO_WORD_BEFORE_RE.search(text, max(floor, start - 16), start)
        ):
            taken.add(start, two.end())
            return None
        kind, unit, value, pos = "ratio", f"{raw}:{den}", value / den, two.end()
    else:
        if (
            pos + 3 < end
            and text[pos] in "- "
            and text[pos + 2] == "/"
            and len(raw) <= 3
            and raw.isdigit()
            and (mixed := _MIXED_FRACTION_RE.match(text, pos, end)) is not None
            and int(mixed.group(1)) < int(mixed.group(2))
        ):
            # "2-1/2 million", "3 1/4 miles": a whole number and a fraction.
            value = clean_value(value + int(mixed.group(1)) / int(mixed.group(2)))
            pos = digits_end = mixed.end()
        # range_re_may_match(text, pos), only where it could be True: a dash, or whitespace
        # before a dash, "to" or "and".
        if (
            pos < end
            and (
                text[pos] in "-–—"
                or (text[pos].isspace() and text.startswith(RANGE_AFTER_SPACE, pos + 1))
            )
            and range_re_may_match(text, pos)
        ):
            read = _read_range(text, start, pos, floor, end)
            if read is not None:
                range_to, pos, scoreline = read
        if suffix_res_may_match(text, pos, end):
            kind, value, range_to, unit, currency, pos = _read_suffix(
                text, pos, end, ctx, kind, value, range_to, currency_sign, raw, currency
            )
        elif (
            kind == "count"
            and text.startswith(" cent", pos)
            and (cents := _CENTS_RE.match(text, pos, end)) is not None
        ):
            # "15 cents a litre", "10-15 cents": money, in hundredths of the text's dollar or euro.
            kind, currency, pos = "money", _cent_currency(text, floor, end, ctx), cents.end()
            value = clean_value(value / 100)
            if range_to is not None:
                range_to = clean_value(range_to / 100)
        if (
            len(raw) == 4
            and kind == "count"
            and range_to is None
            and pos == digits_end
            and _is_year(text, raw, value, start, pos, floor, end)
        ):
            kind = "year"
    if kind == "count":
        if (
            pos < end
            and text[pos] == " "
            and len(raw) <= 2
            and text[pos + 1 : pos + 2] in _AM_PM_FIRST
            and (am_pm := _AM_PM_RE.match(text, pos, end)) is not None
            and 0 < value <= 12
        ):
            taken.add(start, am_pm.end())
            return None  # "at 8 p.m.", "10 PM": an hour of the clock, not a count
        if (
            range_to is None
            and pos == digits_end
            and text.endswith((" in ", " of "), max(floor, start - 4), start)
            and not (len(raw) == 4 and 1500 <= value <= 2100)
            and _WORD_RATIO_BEFORE_RE.search(text, max(floor, start - 24), start)
        ):
            return None  # "Nine out of 10", "four in 10": the number words read the ratio
        if (
            range_to is None
            and pos == digits_end
            and start == ns
            and len(raw) <= 3
            and raw.isdigit()
            and text[start - 1 : start] == " "
            and _named_before(text, start, floor)
        ):
            return None  # "Apollo 11", "Xbox 360", "World War 2": part of a name
        if (
            range_to is None
            and pos == digits_end
            and value >= 100
            and text.endswith(" per ", max(floor, start - 5), start)
            and _POWER_OF_TEN_RE.fullmatch(raw) is not None
        ):
            return None  # "deaths per 1,000 live births": the base of a rate, not a count
        # NOUN_RE starts with whitespace (`\s`, what str.isspace says), ONE_IN_RE with it or "-".
        if pos < end and (text[pos].isspace() or text.startswith("-in-", pos)):
            # "2,400 people"; or, for a small number with no noun, "one in five" (a ratio).
            noun = noun_after(text, pos, end, kind) if text[pos] != "-" else None
            if (
                noun is None
                and text.startswith(" per ", pos)
                and (rate := _PER_RATE_RE.match(text, pos, end)) is not None
            ):
                # "12 per 100,000 people": a rate (the 100,000 is no count).
                per = _rate_denominator(rate)
                kind, unit = "ratio", f"{clean_value(value)} per {per}"
                value, pos = value / per, rate.end()
            if noun is None and kind == "count" and value < 100 and raw.isdigit():
                one_in_match = ONE_IN_RE.match(text, pos, end)
                if one_in_match is not None:
                    dv = one_in_denominator(one_in_match)
                    if dv and dv > value:  # "3 in 10"; not "7.31 in 5" or "12 in 10"
                        kind, unit = "ratio", f"{clean_value(value)} in {dv}"
                        value = value / dv
                        pos = one_in_match.end()
    elif kind == "percent":
        noun = noun_after(text, pos, end, kind)
    if kind == "measure" and unit in _SUBUNITS and raw.isdigit() and text.startswith(" ", pos):
        # "6ft 2in", "5 feet 8 inches", "14st 2lb", "7lb 8oz": one measure in the larger unit.
        sub_re, per = _SUBUNITS[unit]
        sub = sub_re.match(text, pos, end)
        if sub is not None and range_to is None and int(sub.group(1)) < per:
            value = clean_value(value + int(sub.group(1)) / per)
            pos = sub.end()
    if pos < end:
        c = text[pos]
        if (
            c in "CF"
            and kind == "count"
            and range_to is None
            and _is_bare_temperature(text, pos, end, value)
        ):
            # "45C", "-5C", "118F": a temperature written without the degree sign.
            kind, unit = "measure", "\u00b0" + c
            pos += 1
            c = text[pos] if pos < end else ""
        elif c == "h" and kind == "count" and range_to is None and raw.isdigit():
            # "14h 30m", "2h15min": hours and minutes, a duration in hours (not 30 million).
            hours_minutes = _HOURS_MINUTES_RE.match(text, pos, end)
            if hours_minutes is not None and (
                hours_minutes.group(1) or hours_minutes.end() > pos + 1
            ):
                kind, unit = "duration", "hour"
                value = clean_value(value + int(hours_minutes.group(1) or 0) / 60)
                pos = hours_minutes.end()
                c = text[pos] if pos < end else ""
        elif (
            c == "p"
            and kind == "count"
            and range_to is None
            and pos == digits_end
            and not (pos + 1 < end and (text[pos + 1].isalnum() or text[pos + 1] == "_"))
            and raw not in _VIDEO_LINES
            and "£" in text[floor:end]
        ):
            # "rose 3p to 290p" beside a "£": pence, as money in pounds.
            kind, currency, value = "money", "GBP", clean_value(value / 100)
            pos += 1
            c = text[pos] if pos < end else ""
        if c.isalnum() or c == "_":
            # Glued to letters we did not read as a unit: an identifier such as "5G" or "100x2".
            return None
    if (
        kind == "count"
        and "." in raw
        and currency_sign is None
        and noun is None
        and range_to is None
        and pos == digits_end
        and _is_point_clock_time(text, raw, start, pos, floor)
    ):  # "at 9.30"
        taken.add(start, pos)
        return None
    if (
        kind == "count"
        and range_to is not None
        and range_to <= value
        and not (len(raw) == 4 and 1900 <= value <= 2100)
    ):
        scoreline = True  # "ruled 6-3", "voted 52-48", "a 50-50 chance": a tally, not a range
    if scoreline:  # "won 3-1", "a 5-4 ruling": a score is no quantity
        taken.add(start, pos)
        return None
    # Most figures are neither: the first tests of each, without the calls.
    if range_to is not None:
        if len(raw) == 4 and 1900 <= value <= 2100:
            fiscal = _fiscal_year_end(text, value, digits_end, pos)
            if fiscal is not None:
                kind, range_to = "year", fiscal
    elif kind == "count" and 0 < value < 10:
        # "magnitude 7.3" (the word in the span), "a magnitude of 5.8" (the number alone).
        lo = max(floor, start - 16)
        before = _MAGNITUDE_BEFORE_RE.search(text, lo, start)
        if before is not None and taken.free(before.start(), start):
            start = before.start()
            kind, unit = "measure", "magnitude"
        elif (
            _MAGNITUDE_OF_RE.search(text, lo, start) is not None
            or _RICHTER_AFTER_RE.match(text, pos, end) is not None
        ):
            kind, unit = "measure", "magnitude"  # also "6.2 on the Richter scale"
    # Take the span; read the qualifier, sign and change role before it (and change after).
    s = start
    # minus_start(text, s, floor), written out: most figures have a space or "$" before them.
    # A year has no sign: the dash in "the 2012 -2013 season" or "-2013-14" is punctuation.
    minus = None
    if s > floor and kind != "year":
        c = text[s - 1]
        if c in "-\u2212":
            if s - 1 == floor or text[s - 2] in " (\t":
                minus = s - 1
        elif c == " " and minus_word_before(text, s, floor):
            minus = s - 6
    sign = -1 if negative or minus is not None else 1
    if minus is not None and taken.free(minus, s):
        s = minus
    last = last_word_before(text, s, floor)  # read once for the qualifier and the change
    # Most figures follow a word that can be neither a qualifier nor a change: then neither
    # look-up is called (each would return at once).
    qual: str | None = None
    qstart = s
    if last in QUALIFIER_LAST_WORDS:
        qual, qstart = qualifier_before(text, s, floor, last)
    # taken.add(s, pos), written out for a span after every span taken so far.
    starts = taken.starts
    if not starts or (s >= starts[-1] and s > taken.ends[-1]):
        starts.append(s)
        taken.ends.append(pos)
    elif taken.free(s, pos):
        taken.add(s, pos)
    else:
        return None  # what was read after the digits runs into a figure taken before ("12-14 July")
    change = None
    if qstart != s or last in CHANGE_LAST_WORDS:
        change = change_before(text, qstart, floor, last if qstart == s else None)
    if change is None and pos < end and text[pos].isspace():
        change = change_after(text, pos, end)
    if change not in (None, "from", "to") and kind in ("year", "date"):
        change = None  # "by 2026" says when, it is not the size of a rise
    return new_quantity(
        text[s:pos],
        s,
        pos,
        clean_value(sign * value),
        kind,
        unit,
        currency,
        qual,
        noun,
        clean_value(range_to) if range_to is not None else None,
        change,
    )


# Capitalised words that stand before counts in running text ("Some 40", "About 300", "Top 10"),
# and the months and days (dates are read before counts).
_NOT_NAMES = frozenset(
    """Some About Around Almost Nearly Over Under Only Just Roughly Approximately Exactly Top
    Up Down By To From At In On Of And Or But With Than Another Each Every All Is Was Were Are
    Minus Plus
    January February March April May June July August September October November December
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Monday Tuesday Wednesday Thursday Friday
    Saturday Sunday""".split()  # noqa: SIM905
)


# The smaller unit after feet, stone and pounds, and how many of it make one of the larger.
_SUBUNITS = {
    "ft": (re.compile(r" (\d{1,2}) ?(?:in\b(?!\s+(?:the|a|an|his|her|its)\b)|inch(?:es)?\b)"), 12),
    "st": (re.compile(r" (\d{1,2}) ?(?:lbs?|pounds?)\b"), 14),
    "lb": (re.compile(r" (\d{1,2}) ?(?:oz|ounces?)\b"), 16),
}


def _ordinal_agrees(raw: str, suffix: str) -> bool:
    """Whether an ordinal suffix fits its digits: "1st", "22nd", "13th", "111th"; not "14st"."""
    if not raw.isdigit():
        return False
    last_two = raw[-2:]
    want = (
        "th"
        if len(last_two) == 2 and last_two[0] == "1"
        else {"1": "st", "2": "nd", "3": "rd"}.get(raw[-1], "th")
    )
    return fold(suffix) == want


# The base of a rate: a power of ten from 100 to a million ("100", "1,000", "100000").
_POWER_OF_TEN = r"1(?:0{2,6}|0{0,2}(?:,000){1,2})"
_POWER_OF_TEN_RE = re.compile(_POWER_OF_TEN)
# "per 100,000", "per 1,000 live births", "per million": the base of a rate.
_PER_RATE_RE = re.compile(
    rf" per (?:(?P<den>{_POWER_OF_TEN})(?![\d,.]\d|\d)|(?P<word>thousand|million)\b)"
)


def _rate_denominator(rate: re.Match[str]) -> int:
    if rate.group("word"):
        return 1000 if rate.group("word") == "thousand" else 1_000_000
    return int(rate.group("den").replace(",", ""))


_AM_PM_FIRST = frozenset("apAP")
_AM_PM_RE = re.compile(r" [ap](?:\.m\.|m\b)", re.IGNORECASE)
_TWO_PART_RE = re.compile(r"(?::|-to-)(\d{1,3})(?![\d:,.]\d|[\d:])")
_RATIO_WORD_AFTER_RE = re.compile(r"\s+(?:ratio|margin|majority|split|advantage)\b", re.IGNORECASE)
_RATIO_WORD_BEFORE_RE = re.compile(r"\bratio\s+(?:of\s+)?$", re.IGNORECASE)
_CENTS_RE = re.compile(r" cents?\b")
_EURO_RE = re.compile(r"€|\beuros?\b|\bEUR\b", re.IGNORECASE)


def _cent_currency(text: str, floor: int, end: int, ctx: Context) -> str:
    """Whose cents: the euro's if the sentence names it, else the text's dollar."""
    return "EUR" if _EURO_RE.search(text, floor, end) else ctx.dollar


def _named_before(text: str, start: int, floor: int) -> bool:
    """A capitalised word, not the first of the sentence, right before the digits at start
    (after one space): "Apollo 11", "Falcon 9", "World War 2", "Xbox 360"."""
    j = start - 1
    k = max(text.rfind(" ", floor, j) + 1, floor)
    word = text[k:j]
    # Most words before a count are lower-case: the first test ends it.
    if not (word[:1].isupper() and word.isalpha()) or word in _NOT_NAMES:
        return False  # also "F-35", "(Apollo": other tests decide
    i = k
    while i > floor and text[i - 1] in " \t\"'“‘(":
        i -= 1
    return i > floor and text[i - 1] not in ".!?:;\n"


# "mid-2026", "pre-2020 levels", "post-2008": a year after a prefix and a hyphen.
_YEAR_PREFIXES = ("mid-", "Mid-", "pre-", "Pre-", "post-", "Post-")


def _glued_fiscal_year(
    text: str, m: re.Match[str], raw: str, floor: int, taken: TakenSpans
) -> Quantity | None:
    """ "FY2023", "FY2024-25": the fiscal year (a year, its span with the "FY")."""
    s, e = m.start() - 2, m.end()
    value = int(raw) if raw.isdigit() else 0
    range_to: int | None = None
    second = _FISCAL_SECOND_YEAR_RE.match(text, e)
    if second is not None:  # "FY2024-25": the year the fiscal year ends
        last = int(second.group(1))
        range_to = last if last >= 1000 else value // 100 * 100 + last
        range_to += 100 if range_to < value else 0
        e = second.end()
    if (
        not 1900 <= value <= 2100
        or (s > floor and text[s - 1].isalnum())
        or (e < len(text) and (text[e].isalnum() or text[e] in "-/"))
        or not taken.free(s, e)
    ):
        return None
    taken.add(s, e)
    return new_quantity(text=text[s:e], start=s, end=e, value=value, kind="year", range_to=range_to)


def _slash_fiscal_year(text: str, value: float, pos: int, end: int) -> tuple[int, int] | None:
    """ "2024/25", "2024/2025": the year the fiscal year ends, and where it ends; the second
    year must follow the first."""
    second = _SLASH_SECOND_YEAR_RE.match(text, pos, end)
    if second is None or not 1900 <= value <= 2100:
        return None
    year_end = _following_year(value, second.group(1))
    return None if year_end is None else (year_end, second.end())


_SLASH_SECOND_YEAR_RE = re.compile(r"/(\d{4}|\d{2})(?![\d/])")
_FISCAL_SECOND_YEAR_RE = re.compile(r"[-–/](\d{4}|\d{2})(?!\d)")


# Signs written against the digits with a letter: the South African rand ("R50,000", "R2.3
# billion") and the Kenyan shilling ("Sh2.5 billion", "KSh1,200"); see _glued_currency.
_GLUED_CURRENCY_RE = re.compile(r"(?<![\w&$.-])(?:R|K?[Ss]h)$")
_GLUED_SCALE_RE = re.compile(r"(?:bn|m|tn|k)\b|\s(?:million|billion|trillion)\b")


def _glued_currency(
    text: str, m: re.Match[str], raw: str, floor: int, end: int
) -> re.Match[str] | None:
    """The "R" or "Sh" glued to digits that read as money: grouped digits ("R50,000"), rands and
    cents ("R12.50") or a scale after them ("R5bn", "Sh2.5 billion"). "R2", "R101", "Sh5" and
    "Formula R3.5" stay identifiers."""
    ns = m.start()
    sign = _GLUED_CURRENCY_RE.search(text, max(floor, ns - 3), ns)
    if sign is None or m.group("ord"):
        return None
    cents = raw.rpartition(".")[2]
    if "," in raw or ("." in raw and len(cents) == 2) or _GLUED_SCALE_RE.match(text, m.end(), end):
        return sign
    return None


def _currency_sign_before(text: str, ns: int, floor: int) -> re.Match[str] | None:
    """The currency sign right before ns ("$", "NT$ ", "Rs."), if any."""
    if not currency_before_re_may_match(text, ns, floor):
        return None
    return CURRENCY_BEFORE_RE.search(text, max(floor, ns - 5), ns)


_POINT_TIME_RAW_RE = re.compile(r"(?:[1-9]|1\d|2[0-3])\.[0-5]\d")
_TIME_PREPOSITIONS = frozenset(["at", "until", "till", "by", "around", "before", "after", "from"])
# A level or a price is "at 9.30" too: after these words, "closed at 9.30" is no clock time.
_LEVEL_WORDS = frozenset(
    """closed closing opened opening traded trading trade stood stands stand ended
    ending finished settled priced price prices valued value set fixed pegged capped peaked
    bottomed quoted sold bought rate rates level levels high low record estimated put
    measured reached hit was is were are be been""".split()  # noqa: SIM905
)


def _is_point_clock_time(text: str, raw: str, start: int, pos: int, floor: int) -> bool:
    """ "began at 9.30", "until 10.45": an hour and its minutes after a preposition of time, with
    nothing after the number that makes it an amount (a unit, a noun, a currency: the caller has
    tested those). Not after a change or a level ("fell by 9.30", "closed at 9.30", "was at
    9.30")."""
    if not _POINT_TIME_RAW_RE.fullmatch(raw):
        return False
    words, _ = words_back(text, start, floor)
    if not words or words[-1] not in _TIME_PREPOSITIONS:
        return False
    if len(words) >= 2 and (words[-2] in _LEVEL_WORDS or change_word(words[-2])):
        return False
    return not text.startswith((" a share", " per share", " a barrel"), pos)


# "1080p", "720p": video lines, not pence.
_VIDEO_LINES = frozenset({"240", "360", "480", "576", "720", "1080", "1440", "2160", "4320"})
_EMERGENCY_NUMBERS = frozenset({"999", "911", "112", "111", "101", "000"})
_CALL_WORDS = frozenset(
    {"call", "calls", "calling", "called", "ring", "rang", "ringing", "dial", "dials", "dialled"}
    | {"dialed", "dialling", "dialing"}
)
_MIXED_FRACTION_RE = re.compile(r"[- ]([1-9])/([2-9]|1[0-6])(?![\d/])")
# "14h 30m", "2hr 3min", "1hr 45mins"; "2hrs" alone (group 1 empty).
_HOURS_MINUTES_RE = re.compile(
    r"h(?:rs?(?:\b|(?=\s?\d))|ours?\b)?(?:\s?([0-5]?\d)\s?m(?:in(?:s|utes)?)?\b)?"
)
_RICHTER_AFTER_RE = re.compile(r"\s+on\s+the\s+richter\s+scale\b", re.IGNORECASE)
_MAGNITUDE_BEFORE_RE = re.compile(r"\bmagnitude(?:\s+|-)$", re.IGNORECASE)
_MAGNITUDE_OF_RE = re.compile(
    r"\b(?:magnitude\s+of|(?:earth)?quake\s+(?:measuring|of)|tremor\s+measuring)\s+$",
    re.IGNORECASE,
)


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


_RANK_WORDS = r"ranked|rated|seeded|world(?:'s)?|is|was|are|were|remains|remained|became"
_RANK_NO_RE = re.compile(
    rf"\b(?:(?:{_RANK_WORDS})\s+(?P<no>No\.\s?)|the\s+(?P<the_no>No\.\s?))$", re.IGNORECASE
)
_RANK_HASH_RE = re.compile(
    rf"\b(?:(?:{_RANK_WORDS})\s+(?P<no>#)|the\s+(?P<the_no>#))$", re.IGNORECASE
)
# After "the No. 1" or "the #1", a noun that is ranked ("the No. 1 seller"); not "the No. 7 bus".
_RANKED_NOUN_AFTER_RE = re.compile(
    r"\s+(?:[a-z]+[-\s])?(?:seller|sellers|spot|position|ranking|player|seed|maker|carmaker"
    r"|chipmaker|producer|exporter|importer|economy|market|brand|priority|issue|concern|cause"
    r"|killer|destination|team|bank|lender|airline|company|firm|choice|source|supplier|buyer)\b"
)


def _rank_after(
    text: str, m: re.Match[str], floor: int, taken: TakenSpans, rank_re: re.Pattern[str]
) -> Quantity | None:
    """A rank after "No." or "#": "ranked No. 8", "the world No. 1", "ranked #1", "the #1 seller".
    `rank_re` finds the sign before the digits: its group "no" after a ranking word, "the_no"
    after "the", which makes a rank only before a ranked noun ("the No. 7 bus" is a name). Other
    numbers after "No." are identifiers. The span starts at the sign."""
    ns, e = m.start("num"), m.end()
    raw = m.group("num")
    rank = rank_re.search(text, max(floor, ns - 24), ns)
    if rank is None or not raw.isdigit() or len(raw) > 3 or m.group("ord"):
        return None
    if rank.group("the_no") and _RANKED_NOUN_AFTER_RE.match(text, e) is None:
        return None
    s = rank.start("no") if rank.group("no") else rank.start("the_no")
    if (e < len(text) and (text[e].isalnum() or text[e] == "_")) or not taken.free(s, e):
        return None
    taken.add(s, e)
    return new_quantity(text=text[s:e], start=s, end=e, value=int(raw), kind="ordinal")


def _fiscal_year_end(text: str, value: float, digits_end: int, pos: int) -> int | None:
    """ "2013-14", "2023/24", "2019-2020": a (fiscal) year, not a range of counts; the year it
    ends in, or None. Called for a range whose first number is four digits from 1900 to 2100."""
    return _following_year(value, text[digits_end + 1 : pos].strip(" -–—"))


def _following_year(value: float, written: str) -> int | None:
    """The year after `value` if `written` is it, in two digits or four ("14", "2014")."""
    nxt = int(value) + 1
    return nxt if written in (f"{nxt % 100:02d}", str(nxt)) else None


def _read_range(
    text: str, s: int, pos: int, floor: int, end: int
) -> tuple[float | int | None, int, bool] | None:
    """ "700-800", "700 to 800", "$5-6 billion"; but not a score ("won 3-2") and not the end of a
    change ("from 5 to 6", "rose 5 to 6"): "to" makes a range only after "between". Called only
    where `range_re_may_match` is True. (range_to, new pos, scoreline), or None."""
    range_match = RANGE_RE.match(text, pos, end)
    if range_match is None:
        return None
    if range_match.group("num2") is not None:  # "to" or "and"
        before = text[max(floor, s - 12) : s].lower()
        last_before = before.split()[-1:]
        if "between" in last_before:
            is_range = True
        elif "between" not in before:
            is_range = False
        else:
            is_range = "from" not in last_before and not change_before(text, s, floor)
    elif (
        text[s].isdigit()
        and not SCALE_RE.match(text, range_match.end(), end)
        and not PERCENT_RE.match(text, range_match.end(), end)
        and is_scoreline(text, s, range_match.end(), floor, end)
    ):
        # A score has no currency, scale or percent: "lost $1-2 billion", "lost 3-4%" are not.
        return None, range_match.end(), True
    else:
        is_range = True
    upper = range_match.group("num") or range_match.group("num2")
    if is_range and not too_long(upper):
        return to_number(upper), range_match.end(), False
    return None


def _read_suffix(
    text: str,
    pos: int,
    end: int,
    ctx: Context,
    kind: str,
    value: float,
    range_to: float | None,
    currency_sign: str | None,
    raw: str,
    currency: str | None,
) -> tuple[str, float, float | None, str | None, str | None, int]:
    """Scale, then percent, currency word, duration, measure or ratio after the number:
    (kind, value, range_to, unit, currency, pos) as read."""
    unit: str | None = None
    if (
        raw in _RACE_DISTANCES
        and text.startswith("m", pos)
        and not currency_sign
        and _RACE_AFTER_RE.match(text, pos + 1, end)
    ):
        return "measure", value, range_to, "m", currency, pos + 1  # "the 100m final": metres
    scale_match = SCALE_RE.match(text, pos, end)
    if scale_match and _scale_letter_ok(currency_sign, raw, scale_match):
        sc = fold(scale_match.group("scale"))
        mult = 1e12 if sc.startswith("lakh") and "crore" in sc else SCALES[sc]
        value *= mult
        if range_to is not None:
            range_to *= mult
        pos = scale_match.end()
    if kind == "money":
        # "NT$50 million dollars": swallow a trailing currency word.
        currency_match = CURRENCY_AFTER_RE.match(text, pos, end)
        if currency_match and fold(currency_match.group("cw")) in ("dollar", "dollars"):
            pos = currency_match.end()
        return kind, value, range_to, unit, currency, pos
    percent_match = PERCENT_RE.match(text, pos, end)
    if percent_match:
        if percent_match.group("pct"):
            kind, unit = "percent", "%"
        else:
            kind, unit = "percentage_point", "percentage point"
            if not percent_match.group("pp"):  # basis points
                value /= 100
                if range_to is not None:
                    range_to /= 100
        return kind, value, range_to, unit, currency, percent_match.end()
    word_currency = _currency_word(text, pos, end, ctx)
    if word_currency is not None:
        return "money", value, range_to, unit, word_currency[0], word_currency[1]
    duration_match = DURATION_RE.match(text, pos, end)
    if duration_match:
        unit = DURATION_UNITS[fold(duration_match.group("du"))]
        return "duration", value, range_to, unit, currency, duration_match.end("du")
    measure_match = MEASURE_RE.match(text, pos, end)
    if measure_match and unit_case_ok(measure_match.group("mu")):
        unit = MEASURE_UNITS[fold(measure_match.group("mu"))]
        return "measure", value, range_to, unit, currency, measure_match.end()
    times_match = TIMES_RE.match(text, pos, end)
    if times_match:
        return "ratio", value, range_to, "times", currency, times_match.end()
    return kind, value, range_to, unit, currency, pos


_RACE_DISTANCES = frozenset(
    ("50", "60", "100", "110", "200", "400", "800", "1500", "3000", "5000", "10000", "10,000")
)
_RACE_AFTER_RE = re.compile(
    r"\s+(?:final|finals|sprint|hurdles|freestyle|backstroke|breaststroke|butterfly|individual"
    r"|medley|relay|dash|race|heat|heats|semi-?finals?|steeplechase|title|world\s+record"
    r"|gold|silver|bronze)\b",
    re.IGNORECASE,
)


def _scale_letter_ok(currency_sign: str | None, raw: str, scale_match: re.Match[str]) -> bool:
    """ "5m", "$5 m", "$2.174T", "100K" are scaled; "5 m" (metres), "5 k", "5 t" (tonnes) are
    not, nor an upper-case letter glued to one digit ("3M", "4K": names and resolutions)."""
    letter = scale_match.group("scale")
    if fold(letter) not in LETTER_SCALES:
        return True
    if scale_match.group() != letter:  # spaced
        return currency_sign is not None and fold(letter) in ("m", "b", "k")
    if currency_sign or (letter.islower() and letter != "t"):
        return True
    if not letter.isupper() or not ("." in raw or len(raw) >= 2):
        return False
    # Whole digits and a capital word after them are an address ("221B Baker Street"), not
    # billions.
    after, text = scale_match.end(), scale_match.string
    return "." in raw or not (text.startswith(" ", after) and text[after + 1 : after + 2].isupper())


def _currency_word(text: str, pos: int, end: int, ctx: Context) -> tuple[str, int] | None:
    """ "20 euros", "5 BTC": the currency a word after the number names and where it ends."""
    currency_match = CURRENCY_AFTER_RE.match(text, pos, end)
    if not currency_match:
        return None
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
        return currency, currency_match.end()
    return None


# A number word and "in" or "out of" before digits: "Nine out of 10", "four in 10 voters".
_WORD_RATIO_BEFORE_RE = re.compile(
    rf"\b(?:{CARDINAL_WORD_PATTERN})\s+(?:in|out\s+of)\s+$", re.IGNORECASE
)

# Plurals without an "s" that follow a count, not a year: "2013 people signed it".
_PLURALS_WITHOUT_S = frozenset({"people", "children", "men", "women"})
# Plurals that news puts after a year, as a modifier: "below 2019 levels", "the 2013 elections",
# "its 2023 results", "the 2030 targets". A four-digit figure before one of them is a year.
_YEAR_MODIFIED_PLURALS = frozenset(
    {
        *("levels", "highs", "lows", "peaks", "figures", "numbers", "results", "estimates"),
        *("forecasts", "projections", "targets", "goals", "budgets", "accounts", "earnings"),
        *("accords", "agreements", "talks", "negotiations", "summits", "sanctions", "tariffs"),
        *("elections", "midterms", "primaries", "polls", "games", "olympics", "championships"),
        *("finals", "playoffs", "rules", "guidelines", "regulations", "standards", "reforms"),
        *("protests", "riots", "floods", "wildfires", "attacks", "rankings", "editions"),
    }
)


def _is_year(text: str, raw: str, value: float, start: int, pos: int, floor: int, end: int) -> bool:
    """A bare four-digit count from 1500 to 2100 is a year, unless a plural noun follows it with
    nothing before it that says "year" ("in", "since", "fiscal", a month, ...): "2024 votes",
    "2013 people"; or the word "minus" comes before it (a year has no sign: "minus 2013"). A plural
    that news puts after a year ("2019 levels", "the 2013 elections") leaves it a year.
    The caller has tested that it is a count of four characters, no range, nothing read after."""
    if "," in raw or "." in raw or not 1500 <= value <= 2100:
        return False
    if minus_word_before(text, start, floor):
        return False
    after = NOUN_RE.match(text, pos, end)
    if after is None or after.group(1) in STOP_WORDS:
        return True
    lo = max(floor, start - 16)
    noun = after.group(1)
    # "2024 votes", "2013 people"; not a possessive: "the 2013 women's final".
    plural = (noun.endswith("s") and not noun.endswith("'s")) or noun in _PLURALS_WITHOUT_S
    if not plural or noun in _YEAR_MODIFIED_PLURALS:
        return True
    return bool(YEAR_CONTEXT_BEFORE_RE.search(text, lo, start))


# "13F filing", "10K report": forms, not temperatures.
_FILING_AFTER_RE = re.compile(r"[\s-]+(?:filings?|forms?|reports?|holdings|disclosures?)\b", re.I)


def _is_bare_temperature(text: str, pos: int, end: int, value: float) -> bool:
    """ "45C", "-5C", "118F": a count with "C" or "F" at pos is a temperature written without the
    degree sign."""
    return (
        (pos + 1 >= end or not (text[pos + 1].isalnum() or text[pos + 1] in "_'’"))
        and abs(value) <= 200
        and not _FILING_AFTER_RE.match(text, pos + 1, end)
    )


def minus_start(text: str, s: int, floor: int) -> int | None:
    """Where the minus sign or the word "minus" before a figure starting at s starts, if there
    is one: a minus sign, not a hyphen joining words or a range, has a space, a bracket or the
    start of the span before it."""
    if s > floor and text[s - 1] in "-−":
        if s - 1 == floor or text[s - 2] in " (\t":
            return s - 1
        return None
    if minus_word_before(text, s, floor):
        return s - 6
    return None


def minus_word_before(text: str, s: int, floor: int) -> bool:
    """The word "minus" (and a space) right before s, not in "plus or minus" (a margin, ±)."""
    return text.endswith(("minus ", "Minus ", "MINUS "), max(floor, s - 6), s) and not (
        text.endswith(("plus or minus ", "Plus or minus "), max(floor, s - 14), s)
    )
