"""Dates."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from claims.extraction import (
    find_quantities,
)
from claims.extraction.figures.dates import DATE_RE, date_re_may_match
from claims.extraction.lexicon import Tokens
from tests.claims.extraction.text_strategies import SEPARATORS, biased_text


def test_a_date_at_the_end_of_a_sentence_leaves_the_full_stop_out():
    (q,) = find_quantities("The bill passed on 5 May.")
    assert (q.text, q.kind, q.unit) == ("5 May", "date", "--05-05")
    assert find_quantities("It was signed on Jan. 3, 2020.")[0].text == "Jan. 3, 2020"


_DATE_PIECES = [
    *("January", "Jan", "Jan.", "Feb", "March", "Mar.", "Apr", "April", "May", "June", "Jul."),
    *("Aug", "Sep", "Sept.", "September", "Oct", "Nov.", "December", "25th", "1st", "of"),
    *("2024", "1999", "04", "4", "12", "31", ".", "-", "/", "2024-04-25", "5/4/2023"),
]


def _both_word_readings(text: str) -> list[set[str]]:
    """The words as find_quantities reads them, and as the engine passes them (its tokens)."""
    return [
        {w.lower() for w in re.findall(r"[A-Za-z]+", text)},
        set(Tokens(text, 0, len(text)).low),
    ]


# DATE_RE's "25 April" form ends at a month that is not glued to letters, so "5 Mayors" holds no
# date and the prefilter (a month name among the words) is exact.
@settings(max_examples=500, deadline=None)
@example("The 5 Mayors met.")
@example("25th'Apr 0")  # a month after an apostrophe: one token of the engine's, "th'apr"
@given(biased_text(_DATE_PIECES))
def test_date_re_may_match_is_false_only_where_the_regex_finds_no_date(text):
    for words in _both_word_readings(text):
        for start, end in ((0, len(text)), (1, max(1, len(text) - 1))):
            if not date_re_may_match(text, start, end, words):
                assert DATE_RE.search(text, start, end) is None


_NOT_LETTERS = [c for c in SEPARATORS if not any(ch.isalpha() for ch in c)]


@settings(max_examples=500, deadline=None)
@example("It was signed on 2020.05.04, or 5/4/2020, or Jan. 3, 2020.")
@given(
    st.lists(
        st.one_of(st.sampled_from(_DATE_PIECES), st.sampled_from(_NOT_LETTERS)), max_size=15
    ).map(" ".join)
)
def test_date_re_may_match_is_false_only_where_the_regex_finds_no_date_in_separate_words(text):
    # The gap above needs a month glued to more letters; here every piece stands apart.
    for words in _both_word_readings(text):
        for start, end in ((0, len(text)), (1, max(1, len(text) - 1))):
            if not date_re_may_match(text, start, end, words):
                assert DATE_RE.search(text, start, end) is None
