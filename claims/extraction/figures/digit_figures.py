# ruff: noqa: RUF001  (typographic quotes, dashes and currency signs are the point of these patterns)
"""A figure written in digits, with what stands around it."""

from __future__ import annotations

import re

from ..types import Quantity
from .changes import change_after, change_before
from .currencies import (
    CURRENCY_AFTER,
    CURRENCY_AFTER_RE,
    CURRENCY_BEFORE_RE,
    DOLLAR_ADJECTIVES,
    Context,
    currency_before_re_may_match,
    currency_of_sign,
)
from .dates import YEAR_CONTEXT_BEFORE_RE
from .lookback import last_word_before
from .magnitudes import PERCENT_RE, SCALE_RE, SCALES
from .not_figures import IDENTIFIER_BEFORE_RE, identifier_before_re_may_match
from .nouns import NOUN_RE, STOP_WORDS, noun_after
from .number_words import TENS_WORDS, UNIT_WORDS
from .numerals import clean_value, to_number, too_long
from .qualifiers import qualifier_before
from .ranges import RANGE_RE, RANGE_STARTS, is_scoreline
from .spans import TakenSpans
from .suffixes import suffix_res_may_match
from .units import (
    DURATION_RE,
    DURATION_UNITS,
    MEASURE_RE,
    MEASURE_UNITS,
    ONE_IN_RE,
    TIMES_RE,
    unit_case_ok,
)


def digit_figure(
    text: str, m: re.Match[str], floor: int, end: int, ctx: Context, taken: TakenSpans
) -> Quantity | None:
    ns = m.start("num")
    if ns > floor and (text[ns - 1].isalnum() or text[ns - 1] in "._,"):
        return None
    cm0 = (
        CURRENCY_BEFORE_RE.search(text, max(floor, ns - 5), ns)
        if currency_before_re_may_match(text, ns, floor)
        else None
    )
    cur_sym = cm0.group() if cm0 else None
    s = cm0.start() if cm0 else ns
    e = m.end()
    if not taken.free(s, e):
        return None
    raw = m.group("num")
    if too_long(raw):
        return None
    # Identifiers and versions: "H100", "COVID-19", "No. 5", "3.5.1".
    if not cur_sym:
        lo = max(floor, ns - 8)
        if identifier_before_re_may_match(text, ns, lo) and IDENTIFIER_BEFORE_RE.search(
            text, lo, ns
        ):
            return None
        if text.startswith(".", e) and e + 1 < end and text[e + 1].isdigit():
            return None
    value: float = to_number(raw)
    ordinal = m.group("ord")
    pos = e
    kind = "count"
    unit: str | None = None
    currency: str | None = None
    noun: str | None = None
    range_to: float | None = None
    scoreline = False
    if cur_sym:
        kind = "money"
        currency = currency_of_sign(cur_sym.strip(), ctx, text, s)
    if ordinal:
        kind = "ordinal"
    else:
        # Range: "700-800", "700 to 800", "$5-6 billion".
        rm = RANGE_RE.match(text, pos, end) if text.startswith(RANGE_STARTS, pos) else None
        if rm:
            r_raw = rm.group("num") or rm.group("num2")
            is_to = rm.group("num2") is not None
            before = text[max(floor, s - 12) : s].lower()
            rng_ok = not is_to or (
                "from" not in before.split()[-1:] and not change_before(text, s, floor)
            )
            if is_to and "between" in before.split()[-1:]:
                rng_ok = True
            elif is_to and "between" not in before:
                rng_ok = rng_ok and False
            elif not is_to and is_scoreline(text, s, rm.end(), floor, end):
                rng_ok = False
                scoreline = True
            if rng_ok and "." not in r_raw[-1:] and not too_long(r_raw):
                range_to = to_number(r_raw)
                pos = rm.end()
        if suffix_res_may_match(text, pos, end):
            sm = SCALE_RE.match(text, pos, end)
            if sm:
                sc = sm.group("scale").lower()
                glued_ok = sc not in ("m", "b", "k") or cur_sym or sm.group().strip() == sc
                if glued_ok and not (sc in ("m", "b") and not cur_sym and text[sm.start()] == " "):
                    mult = 1e12 if sc.startswith("lakh") and "crore" in sc else SCALES[sc]
                    value *= mult
                    if range_to is not None:
                        range_to *= mult
                    pos = sm.end()
            if kind != "money":
                pm = PERCENT_RE.match(text, pos, end)
                if pm:
                    if pm.group("pct"):
                        kind = "percent"
                        unit = "%"
                    elif pm.group("pp"):
                        kind = "percentage_point"
                        unit = "percentage point"
                    else:
                        kind = "percentage_point"
                        unit = "percentage point"
                        value /= 100
                        if range_to is not None:
                            range_to /= 100
                    pos = pm.end()
                else:
                    cm = CURRENCY_AFTER_RE.match(text, pos, end)
                    if cm:
                        cw = cm.group("cw").lower()
                        adj = (cm.group("adj") or "").lower()
                        if cw in ("dollar", "dollars"):
                            currency = DOLLAR_ADJECTIVES.get(adj, ctx.dollar)
                        elif cw in ("pound", "pounds") and ctx.pound != "GBP":
                            currency = None
                        else:
                            currency = CURRENCY_AFTER[cw]
                        if cw in ("won", "rand") and not cm.group().startswith((" ", "-")):
                            currency = None
                        if currency:
                            kind = "money"
                            pos = cm.end()
                    if kind != "money":
                        dm = DURATION_RE.match(text, pos, end)
                        if dm:
                            kind = "duration"
                            unit = DURATION_UNITS[dm.group("du").lower()]
                            pos = dm.end("du")
                        else:
                            um = MEASURE_RE.match(text, pos, end)
                            if um and unit_case_ok(um.group("mu")):
                                kind = "measure"
                                unit = MEASURE_UNITS[um.group("mu").lower()]
                                pos = um.end()
                            else:
                                tm = TIMES_RE.match(text, pos, end)
                                if tm:
                                    kind = "ratio"
                                    unit = "times"
                                    pos = tm.end()
            else:
                # "NT$50 million dollars": swallow a trailing currency word.
                cm = CURRENCY_AFTER_RE.match(text, pos, end)
                if cm and cm.group("cw").lower() in ("dollar", "dollars"):
                    pos = cm.end()
        if (
            kind == "count"
            and range_to is None
            and pos == e
            and "," not in raw
            and "." not in raw
            and 1500 <= value <= 2100
            and len(raw) == 4
        ):
            after = NOUN_RE.match(text, pos, end)
            noun_next = after is not None and after.group(1) not in STOP_WORDS
            lo = max(floor, s - 16)
            if (
                not noun_next
                or YEAR_CONTEXT_BEFORE_RE.search(text, lo, s)
                or not after
                or not (after.group(1).endswith("s"))
            ):
                kind = "year"
    if kind == "count":
        noun = noun_after(text, pos, end, kind)
        om = ONE_IN_RE.match(text, pos, end) if noun is None and value < 100 else None
        if om is not None:
            den = om.group("den").lower()
            dv = int(den) if den.isdigit() else UNIT_WORDS.get(den) or TENS_WORDS.get(den)
            if dv:
                kind, unit, value = "ratio", f"{clean_value(value)} in {dv}", value / dv
                pos = om.end()
    elif kind == "percent":
        noun = noun_after(text, pos, end, kind)
    if (
        kind == "count"
        and range_to is None
        and pos < end
        and text[pos] in "CF"
        and (pos + 1 >= end or not (text[pos + 1].isalnum() or text[pos + 1] in "_'’"))
        and abs(value) <= 200
    ):
        # "45C", "-5C", "118F": a temperature written without the degree sign.
        kind, unit = "measure", "°" + text[pos]
        pos += 1
    if pos < end and (text[pos].isalnum() or text[pos] == "_"):
        # Glued to letters we did not read as a unit: an identifier such as "5G" or "100x2".
        return None
    last = last_word_before(text, s, floor)  # read once for the qualifier and the change
    qual, qstart = qualifier_before(text, s, floor, last)
    sign = -1 if is_negative(text, s, floor) else 1
    taken.add(s, pos)
    change = None
    if not scoreline:
        change = change_before(text, qstart, floor, last if qstart == s else None) or change_after(
            text, pos, end
        )
        if change not in (None, "from", "to") and kind in ("year", "date"):
            change = None  # "by 2026" says when, it is not the size of a rise
    return Quantity(
        text=text[s:pos],
        start=s,
        end=pos,
        value=clean_value(sign * value),
        kind=kind,
        unit=unit,
        currency=currency,
        qualifier=qual,
        noun=noun,
        range_to=clean_value(range_to) if range_to is not None else None,
        change=change,
    )


def is_negative(text: str, s: int, floor: int) -> bool:
    if s > floor and text[s - 1] in "-−":
        # A minus sign, not a hyphen joining words or a range: preceded by space or start.
        return s - 1 == floor or text[s - 2] in " (\t"
    return text.endswith("minus ", max(floor, s - 6), s)
