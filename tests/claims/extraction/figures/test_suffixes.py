"""What may follow a figure and change its meaning."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from claims.extraction.figures.currencies import (
    CURRENCY_AFTER,
    CURRENCY_AFTER_RE,
    DOLLAR_ADJECTIVES,
)
from claims.extraction.figures.magnitudes import PERCENT_RE, SCALE_RE, SCALES
from claims.extraction.figures.suffixes import suffix_res_may_match
from claims.extraction.figures.units import (
    DURATION_RE,
    DURATION_UNITS,
    MEASURE_RE,
    MEASURE_UNITS,
    TIMES_RE,
)
from tests.claims.extraction.text_strategies import biased_text

_SUFFIX_RES = (SCALE_RE, PERCENT_RE, CURRENCY_AFTER_RE, DURATION_RE, MEASURE_RE, TIMES_RE)
_SUFFIX_WORDS = [
    *SCALES,
    *CURRENCY_AFTER,
    *DOLLAR_ADJECTIVES,
    *DURATION_UNITS,
    *MEASURE_UNITS,
    *("%", "percent", "per cent", "percentage points", "pp", "ppts", "basis points", "bps"),
    *("pct", "times", "fold", "x", "lakh crore", "ago", "more", "than", "\u00b0", "/", "-"),
]


def test_a_unit_word_or_sign_after_the_number_may_change_its_meaning():
    for after in (" million", "%", " percent", " US dollars", " years", " km", " times", "bn"):
        assert suffix_res_may_match(after, 0, len(after))
    for after in (" people", "", ", and", " in 2020"):
        assert not suffix_res_may_match(after, 0, len(after))


# The prefilter reads up to three of whitespace and "-" and then the next word, and looks at
# each part of it between "-" and "/": " - million", "percentage-points", "5m-long" are all seen.
@settings(max_examples=500, deadline=None)
@example(" - million")
@example(" percentage-points")
@given(biased_text(_SUFFIX_WORDS))
def test_suffix_res_may_match_is_false_only_where_no_suffix_regex_matches(text):
    end = len(text)
    for pos in range(end + 1):
        if not suffix_res_may_match(text, pos, end):
            for rx in _SUFFIX_RES:
                assert rx.match(text, pos, end) is None


_SPACED_WORDS = [w for w in _SUFFIX_WORDS if "-" not in w and w != "/"]


def _any_case(word: str) -> st.SearchStrategy[str]:
    return st.sampled_from([word, word.upper(), word.title()])


@settings(max_examples=500, deadline=None)
@example(" times as many")
@example(" bps")
@given(
    st.tuples(
        st.sampled_from(["", " "]),
        st.sampled_from(_SPACED_WORDS).flatmap(
            lambda w: st.sampled_from([w, w.upper(), w.title()])
        ),
        st.sampled_from(["", " ", ".", ",", " people", " more than", "\n", " as"]),
    ).map("".join)
)
def test_suffix_res_may_match_is_true_for_each_suffix_word_after_a_figure(after):
    # The gaps above need a dash or sign between words; a unit word after a space is always seen.
    end = len(after)
    if not suffix_res_may_match(after, 0, end):
        for rx in _SUFFIX_RES:
            assert rx.match(after, 0, end) is None
