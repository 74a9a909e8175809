"""The role of a figure in a change."""

from __future__ import annotations

from hypothesis import example, given, settings

from claims.extraction import (
    find_quantities,
)
from claims.extraction.figures.changes import (
    CHANGE_AFTER_RE,
    DECREASE_WORDS,
    INCREASE_WORDS,
    change_after_re_may_match,
)
from tests.claims.extraction.text_strategies import biased_text


def test_a_deadline_year_is_not_the_size_of_a_rise():
    qs = find_quantities("The government will raise the minimum wage to $15 by 2026.")
    # $15 is where the raise ends ("raise <object> to": issue 16); 2026 only says when.
    assert [(q.text, q.change) for q in qs] == [("$15", "to"), ("2026", None)]
    (rise,) = find_quantities("Profits rose by 5 percent.")
    assert rise.change == "increase"


@settings(max_examples=300, deadline=None)
@example("Sales saw a 5 drop and a 6 Decline")
@given(biased_text([*INCREASE_WORDS, *DECREASE_WORDS, "5", "percent"]))
def test_change_after_re_may_match_is_false_only_where_the_regex_finds_no_change_word(text):
    for pos in range(len(text) + 1):
        for end in (len(text), max(pos, len(text) - 3)):
            if not change_after_re_may_match(text, pos, end):
                assert CHANGE_AFTER_RE.match(text, pos, end) is None
