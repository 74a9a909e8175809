"""Currencies before and after figures, and the article's dollar and yen."""

from __future__ import annotations

import re

from hypothesis import example, given, settings

from claims.extraction import (
    extract,
    find_quantities,
)
from claims.extraction.figures.currencies import (
    CURRENCY_BEFORE,
    CURRENCY_BEFORE_PATTERN,
    CURRENCY_BEFORE_RE,
    NAMED_DOLLAR_PREFIXES,
    PLACE_RE,
    Context,
    context_matters,
    currency_before_re_may_match,
)
from tests.claims.extraction.text_strategies import biased_text


def test_bracketed_us_dollar_conversion_is_positive():
    # quantulum3 reads "(US$1.59)" as minus 1.59.
    (claim,) = extract("The stock lost NT$50 (US$1.59) on Friday to close at NT$1,430.")
    usd = next(q for q in claim.quantities if q.currency == "USD")
    assert usd.value == 1.59


def test_bare_dollar_takes_the_country_of_the_article():
    text = (
        "The Australian government said the scheme would cost $1.2 billion. "
        "Canberra will fund it from the Australian budget surplus of $4 billion."
    )
    qs = [q for c in extract(text) for q in c.quantities if q.kind == "money"]
    assert {q.currency for q in qs} == {"AUD"}
    assert {q.currency for q in find_quantities("It cost $5 million.")} == {"USD"}


def test_yen_sign_is_yuan_unless_the_article_is_about_japan():
    assert find_quantities("It costs ¥300 in Shanghai.")[0].currency == "CNY"
    text = "In Tokyo, Japanese shoppers paid ¥300 for the same item."
    q = next(q for c in extract(text) for q in c.quantities)
    assert q.currency == "JPY"


_SIGNS_AND_CODES = [
    *CURRENCY_BEFORE,
    *NAMED_DOLLAR_PREFIXES,
    "Rs",
    "Rp",
    "Tk",
    "RMB",
    "USD",
    "up ",
    "5",
    "1,200",
]


@settings(max_examples=300, deadline=None)
@given(biased_text(_SIGNS_AND_CODES))
def test_currency_before_re_may_match_is_false_only_where_the_regex_finds_no_sign(text):
    for ns in range(len(text) + 1):
        for floor in (0, max(0, ns - 2), ns):
            if not currency_before_re_may_match(text, ns, floor):
                assert CURRENCY_BEFORE_RE.search(text, max(floor, ns - 5), ns) is None


@settings(max_examples=300, deadline=None)
@given(biased_text(_SIGNS_AND_CODES))
def test_currency_before_lookahead_finds_what_the_plain_pattern_finds(text):
    plain = re.compile(rf"(?:{CURRENCY_BEFORE_PATTERN})$")
    for ns in range(len(text) + 1):
        lo = max(0, ns - 5)
        a, b = CURRENCY_BEFORE_RE.search(text, lo, ns), plain.search(text, lo, ns)
        assert (a and a.span()) == (b and b.span())


# Few dollar signs: most texts with one have a bare one, and then there is nothing to test.
_CONTEXT_WORDS = ["\u00a5", "NT$", "US $", "\u20ac", "\u00a3", "Rs", "dollar", "DOLLARS", "yen"]
_CONTEXT_WORDS += ["Australian", "Canada", "Japan", "Tokyo", "5", "12.5", "million", "pounds"]


@settings(max_examples=300, deadline=None)
@example("It cost 5 Dollars, or \u00a5300.")
@given(biased_text(_CONTEXT_WORDS, max_pieces=10))
def test_without_a_bare_dollar_or_yen_no_figure_depends_on_the_article_context(text):
    if not context_matters(text):
        for ctx in (Context(dollar="AUD", yen="JPY"), Context(dollar="CAD")):
            assert find_quantities(text, ctx=ctx) == find_quantities(text)


_PLACE_WORDS = ["Australian", "ASX", "Canada", "TSX", "U.S.", "US", "United States", "Japan", "yen"]


@settings(max_examples=300, deadline=None)
@example("Wall Street's yen, U.S.-Japan, xTokyo Osaka_ US")
@given(biased_text([*_PLACE_WORDS, "Washington", "Tokyo", "x", "_"]))
def test_the_place_scan_with_its_lookahead_first_finds_what_the_word_boundary_first_finds(text):
    plain = re.compile(PLACE_RE.pattern.replace("(?=[ACJMNOQSTUWy])\\b", "\\b", 1))
    assert plain.pattern != PLACE_RE.pattern
    found = [(m.span(), m.lastgroup) for m in PLACE_RE.finditer(text)]
    assert found == [(m.span(), m.lastgroup) for m in plain.finditer(text)]
