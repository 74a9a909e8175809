# ruff: noqa: RUF001  (typographic dashes, minus signs and currency signs are the point of these pieces)
"""Properties of every figure on any input: disjoint spans, a value that parses back from the
figure's own text, no exception on arbitrary Unicode, and work that grows linearly with the
input on adversarial text."""

from __future__ import annotations

import itertools
import math
import re
import sys
import time
import unicodedata
from collections.abc import Callable
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from claims.extraction import extract, find_quantities
from claims.extraction.figures import Context
from claims.extraction.types import Quantity

_PIECES = [
    *("1.2M", "100K", "$50k", "$2.174T", "10 bln", "5bn", "3.5 mn", "Rs 5 cr", "2 lakh crore"),
    *("10 €", "42 RM", "5 BTC", "300 yen", "20 euros", "R$ 10", "CHF 5", "USD", "EUR"),
    *("104°F", "38 degrees Celsius", "500 MW", "M7.1", "magnitude 7.3", "7.1-magnitude"),
    *("1/4 of", "½", "¾ of", "2½", "minus 5", "-3.2%", "$-99.99", "down 5%", "fell 3 points"),
    *("15 468", "1\u202f414\u202f021", "1'000", ".08", "3,5 %", "No. 8", "ranked No. 8", "8th"),
    *("13F", "COVID-19", "G7", "Boeing 737", "(02) 23456789", "2.13 am", "3-1", "24/7", "9/11"),
    *("2013-14", "seven hundred and twelve million dollars", "forty-second", "two and a half"),
    *("half a million", "a dozen", "a quarter of", "one in five", "nine out of ten", "tripled"),
    *("zero", "none of the 40", "twice", "by a fifth", "percent", "million", "of", "to", "from"),
    *("1/2 inch", "3/4 of an inch", "a 1/4-mile", "half a mile", "6ft 2in", "5 feet 8 inches"),
    *("14st 2lb", "7lb 8oz", "30 stone", "2hr 3min", "2hrs", "45 mins", "the 100m final"),
    *("15 cents", "10-15 cents", "a tenth of a point", "a million and a half", "777X"),
    *("a 3:1 ratio", "a ratio of 2:3", "a 2-to-1 margin", "5-to-10 years", "won 3:1", "50-50"),
    *("Minus 5 degrees", "at 8 p.m.", "11 PM", "12 per 100,000", "5.0 per 100,000 residents"),
    *("one in a million", "One-in-five", "a 1-in-100-year flood", "per 1,000 live births"),
    *("fifty cents", "ranked #1", "the #1 seller", "the No. 1 seller", "the No. 7 bus"),
    *("two point five million", "one point two percent", "between five and ten people"),
    *("between two and three million dollars", "at one point two"),
]
_ODD = ["\u200f", "\u200e", "\u202e", "\u200b", "\ufeff", "\u00a0", "\u2009", "\u017f", "\u0131"]
_ODD += ["\u0130", "\u212a", "٣", "५", "三", "Ж", "א", "ـ", "\u0301", "−", "–", "—", "\n", " "]
NEWS_AND_NOISE = st.lists(
    st.one_of(
        st.sampled_from(_PIECES),
        st.sampled_from(_PIECES).map(" ".__add__),
        st.sampled_from(_ODD),
        st.text(max_size=4),
    ),
    max_size=25,
).map("".join)

_SEPARATORS = re.compile("[,'\u2019 \u00a0\u2009\u202f]")
_LITERAL = re.compile(r"\d[\d,'\u2019 \u00a0\u2009\u202f.]*\d|\d|\.\d+")
_SCALES = (1, 1e2, 1e3, 1e5, 1e6, 1e7, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e17, 1e19, 1e21)
_VULGAR = {"½": 0.5, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 0.25, "¾": 0.75, "⅕": 0.2, "⅛": 0.125}


def _literal_value(lit: str) -> float:
    """A number as written, read independently of the engine's numerals module."""
    lit = lit.strip(" ,").rstrip(".")
    if re.fullmatch(r"\d{1,3},\d{1,2}", lit):  # a decimal comma
        return float(lit.replace(",", "."))
    if lit.count(".") > 1:  # dots grouping thousands
        lit = lit.replace(".", "")
    return float(_SEPARATORS.sub("", lit) or "nan")


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-5, abs_tol=1e-6)


def _parses_back(q: Quantity) -> bool:
    """Whether q.value follows from q.text: the number written (or the fraction or ratio its unit
    names), with its sign, times a scale word's power of ten (or a hundredth for basis points)."""
    unit = q.unit or ""
    if q.kind in ("date", "year"):
        # Digits of any script are digits (Arabic-Indic, Devanagari): compare them as ASCII.
        written = "".join(str(unicodedata.digit(c)) if c.isdecimal() else c for c in q.text)
        return str(int(q.value))[:4] in written or q.kind == "date"
    ratio = re.fullmatch(r"(\d+(?:\.\d+)?)(?:/| in | per |:)(\d+)", unit)
    if q.kind == "ratio" and ratio:
        return _close(abs(q.value), float(ratio.group(1)) / int(ratio.group(2)))
    lits = _LITERAL.findall(q.text)
    if not lits:
        return True  # number words: their values are pinned by the gold cases
    mixed = re.search(r"(\d+)[- ](\d)/(\d+)", q.text)  # "2-1/2 million", "R$ 10 1/4"
    hours_minutes = re.search(r"(\d+)h(?:rs?)?\s?(\d+)\s?m", q.text)  # "14h 30m", "2hr 3min"
    fraction = re.fullmatch(r"\D*(\d+)/(\d+)\D*", q.text)  # "1/2 inch", "3/4 of an inch"
    two_units = re.fullmatch(r"\D*(\d+)\s?(ft|feet|st|stone|lb)\s(\d+)\s?\D+", q.text)  # "6ft 2in"
    if mixed:
        lits = [str(int(mixed[1]) + int(mixed[2]) / int(mixed[3]))]
    elif q.kind == "duration" and hours_minutes:
        lits = [str(int(hours_minutes[1]) + int(hours_minutes[2]) / 60)]
    elif q.kind in ("measure", "duration") and fraction:
        lits = [str(int(fraction[1]) / int(fraction[2]))]
    elif q.kind == "measure" and two_units:
        per = {"ft": 12, "feet": 12, "st": 14, "stone": 14, "lb": 16}[two_units[2]]
        lits = [str(int(two_units[1]) + int(two_units[3]) / per)]
    base = _literal_value(lits[0])
    frac = next((v for c, v in _VULGAR.items() if c in q.text), 0.0)
    base += frac
    negative = q.value < 0
    written_negative = bool(re.match(r"(?:(?i:minus) |[-−]|\D{0,4}[-−]\d)", q.text))
    if negative != written_negative and q.value != 0:  # minus zero is zero
        return False
    return any(_close(abs(q.value), base * s) or _close(abs(q.value), base / s) for s in _SCALES)


def _all_figures(text: str) -> list[Quantity]:
    return find_quantities(text, ctx=Context.of(text))


@settings(max_examples=400, deadline=None)
@example("It fell to minus 5 and -3.2% and $-99.99, or 1 414 021 100 (3,5 %).")
@example("1.2M magnitude 7.3")
@example(".08million")
@example("\u22122013-14")  # a dash before a (fiscal) year is no sign
@example("R$ 10 1/4 and 2-1/2 million, in 14h 30m")
@example("1/2 inch, 3/4 of an inch, 6ft 2in, 5 feet 8 inches, 14st 2lb and 2hr 3min")
@example("\u22120")  # minus zero is zero
@example("In 2\u0660\u0662\u0664 the")  # Arabic-Indic digits in a year: 2024
@example("The festival runs 12-14 July.")  # a range must not run into the date after it
@example("\u200fThe 12\u200b000 people\u202e paid ٣ and ½ of 5 BTC.")
@given(NEWS_AND_NOISE)
def test_figures_never_overlap_and_their_values_parse_back_from_their_text(text):
    qs = _all_figures(text)
    for a, b in itertools.pairwise(qs):
        assert a.end <= b.start, (a, b)
    for q in qs:
        assert text[q.start : q.end] == q.text
        assert math.isfinite(q.value)
        assert _parses_back(q), q


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from([*_ODD, *"0123456789$€%.,-/ abcdefmMkKT½"]), max_size=80))
def test_extraction_never_raises_on_rtl_marks_zero_width_spaces_and_mixed_scripts(text):
    for claim in extract(text):
        assert text[claim.start : claim.end] == claim.text
    _all_figures(text)


# Adversarial inputs: (builder of a text of about n characters, name).
_ADVERSARIAL: list[tuple[Callable[[int], str], str]] = [
    (lambda n: "1" * n, "one long digit run"),
    (lambda n: "1,000," * (n // 6), "thousands separators"),
    (lambda n: "1 000 " * (n // 6), "space-grouped thousands"),
    (lambda n: "1'000'" * (n // 6), "apostrophe groups"),
    (lambda n: ".5" * (n // 2), "points and digits"),
    (lambda n: "(" * (n // 2) + "5" + ")" * (n // 2), "nested brackets"),
    (lambda n: "5-" * (n // 2), "dashes between digits"),
    (lambda n: "$" * n + "5", "currency signs"),
    (lambda n: "a " * (n // 2) + "million", "articles before a scale"),
    (lambda n: "one hundred and " * (n // 16), "an endless compound"),
    (lambda n: "minus " * (n // 6) + "5", "minus words"),
    (lambda n: "No. " * (n // 4) + "8", "No. runs"),
    (lambda n: "½" * n, "fraction signs"),
    (lambda n: "a hundred " * (n // 10), "a hundred, again and again"),
    (lambda n: "twenty five " * (n // 12), "tens and units without a hyphen"),
    (lambda n: "Apollo 11 " * (n // 10), "names before numbers"),
    (lambda n: "12-14 July " * (n // 11), "day ranges before months"),
    (lambda n: "The firm sold 1.2 million cars, up 3.4 percent. " * (n // 48), "news"),
]


def _count_calls(fn: Callable[[], Any]) -> int:
    """Python and C function calls made while fn runs: work, counted without a clock."""
    calls = 0

    def profile(frame: Any, event: str, arg: Any) -> None:
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1

    sys.setprofile(profile)
    try:
        fn()
    finally:
        sys.setprofile(None)
    return calls


def _best_cpu_time(fn: Callable[[], Any]) -> float:
    best = math.inf
    for _ in range(3):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def test_work_grows_linearly_with_adversarial_input():
    # Eight times the text may cost at most three times eight times the work: a quadratic scan
    # would cost 64 times. Calls are counted exactly; CPU time (best of three) catches regex
    # backtracking, which makes no calls, with the same generous factor.
    small, large = 4_000, 32_000
    for build, name in _ADVERSARIAL:
        a, b = build(small), build(large)
        calls_a = _count_calls(lambda a=a: (extract(a), _all_figures(a)))
        calls_b = _count_calls(lambda b=b: (extract(b), _all_figures(b)))
        assert calls_b <= 24 * calls_a + 1000, (name, calls_a, calls_b)
        time_a = _best_cpu_time(lambda a=a: (extract(a), _all_figures(a)))
        time_b = _best_cpu_time(lambda b=b: (extract(b), _all_figures(b)))
        assert time_b <= 24 * max(time_a, 0.002), (name, time_a, time_b)
