"""A figure written in words."""

from __future__ import annotations

import re
from typing import NamedTuple

from ..types import Quantity, new_quantity
from .changes import change_before
from .compounds import COMPOUND_RE, TENS_ORDINAL_RE, compound_value, tens_ordinal_value
from .currencies import CURRENCY_AFTER, CURRENCY_AFTER_RE, DOLLAR_ADJECTIVES, Context
from .fractions import fraction_unit_after
from .lookback import last_word_before
from .magnitudes import PERCENT_RE, SCALE_RE, SCALES
from .nouns import is_plural_noun, noun_after
from .number_words import (
    FRACTION_DENOMINATORS,
    ORDINAL_WORDS,
    UNIT_WORDS,
)
from .numerals import clean_value, fold
from .qualifiers import qualifier_before
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
)


class _WordReading(NamedTuple):
    value: float
    kind: str
    pos: int
    unit: str | None = None
    currency: str | None = None
    range_to: float | None = None


# "twice as many", "half of", "double the", "a threefold rise": how many times.
_MULTIPLIERS = {
    "twice": 2, "double": 2, "triple": 3, "threefold": 3, "fourfold": 4, "tenfold": 10,
    "doubled": 2, "tripled": 3, "trebled": 3, "quadrupled": 4, "halved": 0.5,
}  # fmt: skip
_OF_A_SCALE_RE = re.compile(r"\s+of\s+an?\s+(?P<scale>thousand|million|billion|trillion)\b", re.I)
_OF_A_POINT_RE = re.compile(r"\s+of\s+a\s+(?:percentage[\s-])?point\b", re.I)
_HALF_A_SCALE_RE = re.compile(
    r"\s+an?(?:\s+(?P<scale>thousand|million|billion|trillion|dozen)\b"
    r"|(?=\s+percentage[\s-]point\b))",
    re.I,
)
# Scale words that make a number word a figure by themselves ("two million").
_WORD_SCALES = (
    *("thousand", "million", "billion", "trillion", "lakh", "lakhs", "crore", "crores"),
    "hundred",  # "a hundred people"
)
# Currency words that follow a number word ("five dollars"); "pound", "won" ... are too ambiguous.
_WORD_CURRENCIES = ("dollars", "yuan", "euros", "pounds", "rupees")
# Measure units too ambiguous after a number word ("one m", "two in", "three gb").
_AMBIGUOUS_AFTER_WORD = ("m", "g", "in", "ha", "mb", "gb")


def word_figure(
    text: str, m: re.Match[str], floor: int, end: int, ctx: Context, taken: TakenSpans
) -> Quantity | None:
    """The figure that `m` (a match of NUMBER_WORD_RE) starts, or None if the words do not make
    one ("one of them", "a third term") or it overlaps a figure already taken."""
    s, pos = m.start(), m.end()
    low = fold(m.group())
    read: _WordReading | None
    if m.group("fden") or m.group("fden2") or m.group("fden3") or m.group("fden4"):
        of_scale = _OF_A_SCALE_RE.match(text, pos, end)
        num, den = _fraction_of(m)
        if of_scale is not None:
            # "a quarter of a million people", "three-quarters of a billion dollars": an amount.
            if num >= den:
                return None
            value = num / den * SCALES[fold(of_scale.group("scale"))]
            read = _cardinal_suffix(text, value, low, of_scale.end(), end, ctx, True)
        elif num < den and (point := _OF_A_POINT_RE.match(text, pos, end)) is not None:
            # "a tenth of a point", "a quarter of a percentage point": a part of a point.
            read = _WordReading(num / den, "percentage_point", point.end(), "percentage point")
        else:
            measured = fraction_unit_after(text, num / den, pos, end) if num < den else None
            if measured is None:
                return fraction_figure(text, m, floor, end, taken)
            # "a quarter of a mile", "three-quarters of an hour": a measure or a duration.
            read = _WordReading(*measured)
    elif m.group("twice"):
        half_of = _HALF_A_SCALE_RE.match(text, pos, end) if low == "half" else None
        if half_of:  # "half a million", "half a trillion dollars", "half a percentage point"
            scale = fold(half_of.group("scale") or "")
            value = 0.5 * (12 if scale == "dozen" else SCALES[scale] if scale else 1)
            read = _cardinal_suffix(text, value, low, half_of.end(), end, ctx, True)
        elif low == "half" and (half_unit := _half_a_unit(text, pos, end)) is not None:
            read = half_unit  # "half a mile", "half an hour"
        elif low == "half" and last_word_before(text, s, floor) in _HALF_OF_A_PERIOD:
            return None  # "the first half of 2024": a period, not a ratio
        else:
            read = _multiplier(text, low, pos)
    elif m.group("verb"):
        read = _WordReading(_MULTIPLIERS[low], "ratio", pos, "times")
    elif m.group("none"):
        read = _WordReading(0, "count", pos)
    elif m.group("ordw"):
        read = _WordReading(ORDINAL_WORDS[low], "ordinal", pos)
    elif low in ("a", "an") and text.startswith((" hundred", " Hundred"), pos):
        # "a hundred and forty thousand", "a hundred billion": the compound "one hundred ...".
        # A compound is far shorter than 200 characters: the window keeps this linear.
        one = COMPOUND_RE.match("one" + text[pos : min(end, pos + 200)])
        if one is None:
            return None
        value = compound_value(one.group())[0]
        read = _cardinal_suffix(text, value, low, pos + one.end() - 3, end, ctx, True)
    elif low in ("a", "an"):
        value, pos, scaled = _with_scale(text, 1, pos, end)
        if not scaled:
            nxt = text[pos : pos + 12].lower()
            if nxt.startswith((" decade", " century")):
                return one_duration_figure(text, s, pos, end, floor)
            if nxt.startswith(" half"):  # "a half-mile stretch", "a half hour"
                measured = fraction_unit_after(text, 0.5, pos + 5, end)
                if measured is None:
                    return None
                read = _WordReading(*measured)
                return _word_quantity(text, s, floor, end, read, taken)
            if not nxt.startswith(" dozen"):
                return None  # "a half", "a third" without "of", or just "a"
            value, pos, scaled = 12, pos + 6, True
        read = _cardinal_suffix(text, value, low, pos, end, ctx, scaled)
    else:
        read = _cardinal(text, s, low, end, ctx)
    return _word_quantity(text, s, floor, end, read, taken)


def _word_quantity(
    text: str, s: int, floor: int, end: int, read: _WordReading | None, taken: TakenSpans
) -> Quantity | None:
    """The figure of a reading that starts at s, its qualifier, noun and change; None if there is
    no reading or it overlaps a figure already taken."""
    if read is None or not taken.free(s, read.pos):
        return None
    pos = read.pos
    taken.add(s, pos)
    qual, qstart = qualifier_before(text, s, floor)
    kind = read.kind
    return new_quantity(
        text=text[s:pos],
        start=s,
        end=pos,
        value=clean_value(read.value),
        kind=kind,
        unit=read.unit,
        currency=read.currency,
        qualifier=qual,
        noun=noun_after(text, pos, end, kind) if kind in ("count", "percent") else None,
        range_to=clean_value(read.range_to) if read.range_to is not None else None,
        change=change_before(text, qstart, floor) if kind != "ratio" else None,
    )


def _cardinal(text: str, s: int, low: str, end: int, ctx: Context) -> _WordReading | None:
    """ "forty-second" (an ordinal); "seven hundred and twelve million dollars", "two and a
    half years", "six companies"."""
    tens_ordinal = TENS_ORDINAL_RE.match(text, s, end)
    if tens_ordinal:
        return _WordReading(tens_ordinal_value(tens_ordinal), "ordinal", tens_ordinal.end())
    compound = COMPOUND_RE.match(text, s, end)
    if compound is None:
        return None
    value, scaled = compound_value(compound.group())
    pos = compound.end()
    if (
        not scaled
        and text.startswith((" point ", " Point "), pos)
        and (point := _POINT_RE.match(text, pos, end)) is not None
        and text[max(0, s - 3) : s].lower() != "at "  # "at one point two men ..."
    ):
        # "two point five million", "one point two percent": a decimal said in words.
        digits = "".join(str(_DIGIT_WORDS[w]) for w in fold(point["d"]).replace("-", " ").split())
        value, pos, _ = _with_scale(text, value + float("0." + digits), point.end(), end)
        scaled = True
    if (
        text.startswith(" and ", pos)
        and text[max(0, s - 8) : s].lower() == "between "
        and (upper := _AND_COMPOUND_RE.match(text, pos, end)) is not None
    ):
        return _word_range(text, value, scaled, low, pos, upper, end, ctx)
    if not scaled:
        value, pos, scaled = _with_scale(text, value, pos, end)
    if not scaled and text.startswith(" dozen", pos) and not text[pos + 6 : pos + 7].isalpha():
        value, pos, scaled = value * 12, pos + 6, True  # "two dozen eggs"
    # Several number words ("three hundred", "two and a half", "thirty-nine") are a figure by
    # themselves; but not the second half of a year said in words ("nineteen sixty-one").
    words = compound.group()
    scaled = scaled or ("hundred" in words.lower() or "and" in words.lower().split())
    scaled = scaled or ((" " in words or "-" in words) and not _after_century(text, s))
    return _cardinal_suffix(text, value, low, pos, end, ctx, scaled)


_AND_COMPOUND_RE = re.compile(rf"\s+and\s+(?P<c>{COMPOUND_RE.pattern})", re.IGNORECASE)


def _word_range(
    text: str,
    value: float,
    scaled: bool,
    low: str,
    pos: int,
    upper: re.Match[str],
    end: int,
    ctx: Context,
) -> _WordReading | None:
    """ "between five and ten people", "between two and three million": a range in words. A scale
    after the second number is the first's too; what follows it (percent, a unit) is both's."""
    words = upper.group("c")
    base, upper_scaled = compound_value(words)
    top, pos, with_scale = _with_scale(text, base, upper.end(), end)
    if not scaled:
        # "two and three million": two million; "ten and twenty thousand": ten thousand.
        if with_scale and base:
            value *= top / base
        elif upper_scaled:
            value *= SCALES.get(fold(words.split()[-1]), 1)
    read = _cardinal_suffix(text, value, low, pos, end, ctx, scaled or upper_scaled or with_scale)
    if read is None or read.kind not in ("count", "percent", "money", "measure", "duration"):
        return None
    return read._replace(range_to=top * read.value / value if value else top)


# The digits after "point": "two point five", "one point two five", "zero point oh five".
_DIGIT_WORDS = {w: v for w, v in UNIT_WORDS.items() if v < 10} | {"oh": 0}
_DIGIT_WORD = "|".join(_DIGIT_WORDS)
_POINT_RE = re.compile(
    rf"\s+point\s+(?P<d>(?:{_DIGIT_WORD})(?:[\s-]+(?:{_DIGIT_WORD}))*)\b(?!-)", re.IGNORECASE
)
_CENTURY_WORD_BEFORE_RE = re.compile(r"\b(?:seventeen|eighteen|nineteen|twenty)[\s-]+$", re.I)


def _after_century(text: str, s: int) -> bool:
    """Whether the words at s follow "nineteen" or the like: a year said in words."""
    return _CENTURY_WORD_BEFORE_RE.search(text, max(0, s - 12), s) is not None


# "the first half of 2024", "the second half of the season": the half of a period.
_HALF_OF_A_PERIOD = frozenset(["first", "second", "latter", "back", "front", "opening", "final"])
_A_RE = re.compile(r"\s+an?(?=\s)")


def _half_a_unit(text: str, pos: int, end: int) -> _WordReading | None:
    """ "half a mile", "half an hour": the measure or duration after "half" (at pos)."""
    a = _A_RE.match(text, pos, end)
    measured = fraction_unit_after(text, 0.5, a.end(), end) if a is not None else None
    if measured is None:
        return None
    return _WordReading(*measured)


def _multiplier(text: str, low: str, pos: int) -> _WordReading | None:
    if low == "half":
        if text.startswith((" of", " the "), pos):  # "half of them", "half the size of"
            return _WordReading(0.5, "ratio", pos, "1/2")
        if not text.startswith(" as", pos):
            return None
        value: float = 0.5
    elif low in ("double", "triple"):
        if not text.startswith((" the", " that", " what"), pos):
            return None  # "a double room", "triple jump"
        value = _MULTIPLIERS[low]
    else:
        value = _MULTIPLIERS[low]
    return _WordReading(value, "ratio", pos, "times")


def _with_scale(text: str, value: float, pos: int, end: int) -> tuple[float, int, bool]:
    """ "two million": the value with the scale applied, the end, and whether there was one."""
    scale_match = SCALE_RE.match(text, pos, end) if suffix_res_may_match(text, pos, end) else None
    if scale_match and fold(scale_match.group("scale")) in _WORD_SCALES:
        scale = SCALES[fold(scale_match.group("scale"))]
        pos = scale_match.end()
        if text.startswith(" and a half", pos) and not text[pos + 11 : pos + 12].isalnum():
            # "a million and a half people": half of the scale more.
            return value * scale + scale / 2, pos + 11, True
        return value * scale, pos, True
    return value, pos, False


def _cardinal_suffix(
    text: str, value: float, low: str, pos: int, end: int, ctx: Context, scaled: bool
) -> _WordReading | None:
    """What follows a cardinal number word: percent, currency, or a unit (see `_cardinal_unit`)."""
    if text.startswith(" cents", pos) and not text[pos + 6 : pos + 7].isalpha():
        return _WordReading(value / 100, "money", pos + 6, currency=ctx.dollar)  # "fifty cents"
    if not suffix_res_may_match(text, pos, end):
        # No percent, currency, duration, ratio or measure can follow: "one in five" or a count.
        return _cardinal_unit(text, value, low, pos, end, scaled, False)
    percent_match = PERCENT_RE.match(text, pos, end)
    if percent_match and percent_match.group("pct"):
        return _WordReading(value, "percent", percent_match.end(), "%")
    if percent_match:
        if not percent_match.group("pp"):  # basis points: "twenty-five basis points" is 0.25
            value /= 100
        return _WordReading(value, "percentage_point", percent_match.end(), "percentage point")
    currency_match = CURRENCY_AFTER_RE.match(text, pos, end)
    if currency_match and fold(currency_match.group("cw")) in _WORD_CURRENCIES:
        cw = fold(currency_match.group("cw"))
        currency = (
            DOLLAR_ADJECTIVES.get(fold(currency_match.group("adj") or ""), ctx.dollar)
            if cw == "dollars"
            else CURRENCY_AFTER[cw]
        )
        return _WordReading(value, "money", currency_match.end(), currency=currency)
    return _cardinal_unit(text, value, low, pos, end, scaled)


def _cardinal_unit(
    text: str, value: float, low: str, pos: int, end: int, scaled: bool, suffix: bool = True
) -> _WordReading | None:
    """A duration, "three times", "one in five", a measure; else a count, which a bare number word
    is only when it counts something ("six companies") or has a scale ("two million").
    `suffix` False says that `suffix_res_may_match` is False at pos: no duration, ratio or
    measure regex can match there."""
    duration_match = DURATION_RE.match(text, pos, end) if suffix else None
    times_match = None if duration_match or not suffix else TIMES_RE.match(text, pos, end)
    one_in_match = None if (duration_match or times_match) else ONE_IN_RE.match(text, pos, end)
    if duration_match:
        return _WordReading(
            value,
            "duration",
            duration_match.end("du"),
            DURATION_UNITS[fold(duration_match.group("du"))],
        )
    if times_match and times_match.group("t"):
        return _WordReading(value, "ratio", times_match.end("t"), "times")
    if times_match and times_match.group("fold"):  # "five-fold", "five fold"
        return _WordReading(value, "ratio", times_match.end("fold"), "times")
    if one_in_match and value:
        dv = one_in_denominator(one_in_match)
        if not dv:
            return None
        return _WordReading(
            value / dv, "ratio", one_in_match.end(), f"{clean_value(value)} in {dv}"
        )
    measure_match = MEASURE_RE.match(text, pos, end) if suffix else None
    if measure_match and fold(measure_match.group("mu")) not in _AMBIGUOUS_AFTER_WORD:
        return _WordReading(
            value, "measure", measure_match.end(), MEASURE_UNITS[fold(measure_match.group("mu"))]
        )
    if not scaled and (noun_after(text, pos, end, "count") is None or low == "one"):
        return None
    return _WordReading(value, "count", pos)


def _fraction_of(m: re.Match[str]) -> tuple[int, int]:
    """The numerator and denominator of a fraction in words ("two-thirds": 2, 3)."""
    num_w = fold(m.group("fnum") or m.group("fnum2") or m.group("fnum3") or m.group("fnum4") or "a")
    den_w = fold(m.group("fden") or m.group("fden2") or m.group("fden3") or m.group("fden4"))
    return (1 if num_w in ("a", "an") else UNIT_WORDS[num_w]), FRACTION_DENOMINATORS[den_w]


def fraction_figure(
    text: str, m: re.Match[str], floor: int, end: int, taken: TakenSpans
) -> Quantity | None:
    """ "two-thirds of voters": a ratio, value 2/3, unit "2/3"."""
    num, den = _fraction_of(m)
    s, pos = m.start(), m.end()
    if num >= den or not taken.free(s, pos):
        return None
    taken.add(s, pos)
    qual, _ = qualifier_before(text, s, floor)
    noun = noun_after(text, pos, end, "percent")
    if noun is not None and not is_plural_noun(noun.rpartition(" ")[2]):
        noun = None  # "two-thirds of the worst toxic ...": only a plainly counted noun
    return new_quantity(
        text=text[s:pos],
        start=s,
        end=pos,
        value=clean_value(num / den),
        kind="ratio",
        unit=f"{num}/{den}",
        qualifier=qual,
        noun=noun,
    )


def one_duration_figure(text: str, s: int, pos: int, end: int, floor: int) -> Quantity | None:
    duration_match = DURATION_RE.match(text, pos, end)
    if not duration_match:
        return None
    qual, _ = qualifier_before(text, s, floor)
    e = duration_match.end("du")
    return new_quantity(
        text=text[s:e],
        start=s,
        end=e,
        value=1,
        kind="duration",
        unit=DURATION_UNITS[fold(duration_match.group("du"))],
        qualifier=qual,
    )
