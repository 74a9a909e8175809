"""A figure written in words."""

from __future__ import annotations

import re

from ..types import Quantity
from .changes import change_before
from .currencies import CURRENCY_AFTER, CURRENCY_AFTER_RE, DOLLAR_ADJECTIVES, Context
from .magnitudes import PERCENT_RE, SCALE_RE, SCALES
from .nouns import is_plural_noun, noun_after
from .number_words import (
    FRACTION_DENOMINATORS,
    ORDINAL_WORDS,
    TENS_WORDS,
    UNIT_WORDS,
    cardinal_word_value,
)
from .numerals import clean_value
from .qualifiers import qualifier_before
from .spans import TakenSpans
from .units import DURATION_RE, DURATION_UNITS, MEASURE_RE, MEASURE_UNITS, ONE_IN_RE, TIMES_RE


def word_figure(
    text: str, m: re.Match[str], floor: int, end: int, ctx: Context, taken: TakenSpans
) -> Quantity | None:
    s, pos = m.start(), m.end()
    if m.group("fden") or m.group("fden2") or m.group("fden3"):
        return fraction_figure(text, m, floor, end, taken)
    low = m.group().lower()
    kind = "count"
    unit: str | None = None
    currency = None
    if m.group("twice"):
        ratios = {
            "twice": 2,
            "double": 2,
            "triple": 3,
            "threefold": 3,
            "fourfold": 4,
            "tenfold": 10,
        }
        if low == "half":
            if not text.startswith(" of", pos) and not text.startswith(" as", pos):
                return None
            value: float = 0.5
        elif low in ("double", "triple"):
            if not text.startswith((" the", " that", " what"), pos):
                return None
            value = ratios[low]
        else:
            value = ratios[low]
        kind, unit = "ratio", "times"
    elif m.group("ordw"):
        value = ORDINAL_WORDS[low]
        kind = "ordinal"
    else:
        v = cardinal_word_value(m)
        if v is None:
            return None
        value = v
        matched = False
        sm = SCALE_RE.match(text, pos, end)
        if sm and sm.group("scale").lower() in (
            "thousand",
            "million",
            "billion",
            "trillion",
            "lakh",
            "lakhs",
            "crore",
            "crores",
        ):
            value *= SCALES[sm.group("scale").lower()]
            pos = sm.end()
            matched = True
        if low in ("a", "an") and not matched:
            nxt = text[pos : pos + 12].lower()
            if nxt.startswith(" dozen"):
                value, pos, matched = 12, pos + 6, True
            elif nxt.startswith(" decade") or nxt.startswith(" century"):
                return one_duration_figure(text, s, pos, end, floor)
            elif nxt.startswith((" half", " third", " quarter")):
                return None
            else:
                return None
        pm = PERCENT_RE.match(text, pos, end)
        cm = None if pm else CURRENCY_AFTER_RE.match(text, pos, end)
        if pm and pm.group("pct"):
            kind, unit, pos = "percent", "%", pm.end()
        elif pm:
            kind, unit, pos = "percentage_point", "percentage point", pm.end()
        elif cm and cm.group("cw").lower() in ("dollars", "yuan", "euros", "pounds", "rupees"):
            cw = cm.group("cw").lower()
            currency = (
                DOLLAR_ADJECTIVES.get((cm.group("adj") or "").lower(), ctx.dollar)
                if cw == "dollars"
                else CURRENCY_AFTER[cw]
            )
            kind, pos = "money", cm.end()
        else:
            dm = DURATION_RE.match(text, pos, end)
            tm = None if dm else TIMES_RE.match(text, pos, end)
            om = None if (dm or tm) else ONE_IN_RE.match(text, pos, end)
            if dm:
                kind, unit, pos = "duration", DURATION_UNITS[dm.group("du").lower()], dm.end("du")
            elif tm and tm.group("t"):
                kind, unit, pos = "ratio", "times", tm.end("t")
            elif om and value:
                den = om.group("den").lower()
                dv = int(den) if den.isdigit() else UNIT_WORDS.get(den) or TENS_WORDS.get(den)
                if not dv:
                    return None
                kind, unit, value, pos = (
                    "ratio",
                    f"{clean_value(value)} in {dv}",
                    value / dv,
                    om.end(),
                )
            else:
                um = MEASURE_RE.match(text, pos, end)
                if um and um.group("mu").lower() not in ("m", "g", "in", "ha", "mb", "gb"):
                    kind, unit, pos = "measure", MEASURE_UNITS[um.group("mu").lower()], um.end()
                elif matched:
                    pass
                else:
                    # A bare number word counts only when it counts something: "six companies".
                    noun = noun_after(text, pos, end, "count")
                    if noun is None or low in ("one", "zero"):
                        return None
    if not taken.free(s, pos):
        return None
    taken.add(s, pos)
    qual, qstart = qualifier_before(text, s, floor)
    noun = noun_after(text, pos, end, kind) if kind in ("count", "percent") else None
    return Quantity(
        text=text[s:pos],
        start=s,
        end=pos,
        value=clean_value(value),
        kind=kind,
        unit=unit,
        currency=currency,
        qualifier=qual,
        noun=noun,
        change=change_before(text, qstart, floor) if kind != "ratio" else None,
    )


def fraction_figure(
    text: str, m: re.Match[str], floor: int, end: int, taken: TakenSpans
) -> Quantity | None:
    """ "two-thirds of voters": a ratio, value 2/3, unit "2/3"."""
    num_w = (m.group("fnum") or m.group("fnum2") or m.group("fnum3")).lower()
    den_w = (m.group("fden") or m.group("fden2") or m.group("fden3")).lower()
    num = 1 if num_w in ("a", "an") else UNIT_WORDS[num_w]
    den = FRACTION_DENOMINATORS[den_w]
    s, pos = m.start(), m.end()
    if num >= den or not taken.free(s, pos):
        return None
    taken.add(s, pos)
    qual, _ = qualifier_before(text, s, floor)
    noun = noun_after(text, pos, end, "percent")
    if noun is not None and not is_plural_noun(noun.rpartition(" ")[2]):
        noun = None  # "two-thirds of the worst toxic ...": only a plainly counted noun
    return Quantity(
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
    dm = DURATION_RE.match(text, pos, end)
    if not dm:
        return None
    qual, _ = qualifier_before(text, s, floor)
    e = dm.end("du")
    return Quantity(
        text=text[s:e],
        start=s,
        end=e,
        value=1,
        kind="duration",
        unit=DURATION_UNITS[dm.group("du").lower()],
        qualifier=qual,
    )
