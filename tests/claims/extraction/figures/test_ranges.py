"""Ranges and match scores."""

from __future__ import annotations

from hypothesis import example, given, settings

from claims.extraction import (
    find_quantities,
)
from claims.extraction.figures.ranges import RANGE_AFTER_SPACE, RANGE_RE, range_re_may_match
from tests.claims.extraction.text_strategies import biased_text, with_plain_spaces


def test_a_match_score_is_no_figure_and_no_range():
    # Issue 16: a score ("won 3-1", "a 2-2 draw", "a 5-4 ruling") is not a quantity at all.
    text = "The home side scored 3-2 after trailing, and won 2-1 a week later."
    assert find_quantities(text) == []
    assert find_quantities("in a 4-1 defeat") == []
    assert find_quantities("The 5-4 ruling struck down the law.") == []
    assert find_quantities("The festival expects 700-800 volunteers.")[0].range_to == 800


_RANGE_PIECES = ["to", "and", "5", "1,000", "$", "NT$", "US $", "-", "\u2013", "\u2014", " "]


# RANGE_RE allows any one whitespace character before the dash; so does the prefilter, so
# "5\t-6" and "5\u00a0-\u00a06" are ranges like "5 - 6".
@settings(max_examples=300, deadline=None)
@example("It takes 5\t\u20136 days.")
@given(biased_text(_RANGE_PIECES))
def test_range_re_may_match_is_false_only_where_the_regex_finds_no_range(text):
    for pos in range(len(text) + 1):
        if not range_re_may_match(text, pos):
            for end in (len(text), max(pos, len(text) - 2)):
                assert RANGE_RE.match(text, pos, end) is None


@settings(max_examples=300, deadline=None)
@example("between 5 and 6 days, from 7 to 8 days, 9-10 days")
@given(biased_text(_RANGE_PIECES).map(with_plain_spaces))
def test_range_re_may_match_is_false_only_where_the_regex_finds_no_range_in_plain_spaced_text(
    text,
):
    # The gap above needs whitespace other than a space before the dash.
    for pos in range(len(text) + 1):
        if not range_re_may_match(text, pos):
            for end in (len(text), max(pos, len(text) - 2)):
                assert RANGE_RE.match(text, pos, end) is None


# digit_figure tests this before range_re_may_match: a range starts with a dash, or with one
# whitespace character and then a dash, "to" or "and".
@settings(max_examples=300, deadline=None)
@example("It takes 5\t\u20136 days, 7 to 8 days, 9 and 10.")
@given(biased_text(_RANGE_PIECES))
def test_a_range_starts_with_a_dash_or_whitespace_and_a_dash_to_or_and(text):
    for pos in range(len(text) + 1):
        for end in (len(text), max(pos, len(text) - 2)):
            if RANGE_RE.match(text, pos, end) is not None:
                assert pos < end
                assert text[pos] in "-\u2013\u2014" or (
                    text[pos].isspace() and text.startswith(RANGE_AFTER_SPACE, pos + 1)
                )
