"""Is a quoted passage on the page (claims.quotecheck): plain Python, no database."""

from __future__ import annotations

import pytest

from claims.quotecheck import QUOTE_MATCH_THRESHOLD, normalise, quote_in_text

PAGE = (
    "Rotterdam — The port handled 3.9 million containers last year, its annual report says. "
    "“We expect growth to return,” the harbour master said on Tuesday."
)


def test_normalising_folds_quotes_dashes_case_and_spaces():
    typed = "  \u201cGrowth\u201d\u00a0\u2013 it\u2019s\n\tBACK\u2026  "  # curly, en dash, nbsp
    assert normalise(typed) == '"growth" - it\'s back...'


@pytest.mark.parametrize(
    "quote",
    [
        "The port handled 3.9 million containers last year",
        "the PORT handled   3.9 million\ncontainers last year",
        '"We expect growth to return," the harbour master said',
        "Rotterdam - The port handled",  # an en dash on the page, a hyphen in the quote
        "We expect growth to return the harbour master said",  # punctuation left out
    ],
)
def test_the_same_words_are_found_exactly(quote):
    match = quote_in_text(quote, PAGE)
    assert match.found and match.score == 1.0


def test_a_word_changed_or_added_still_matches_a_long_quote():
    quote = "The port handled some 3.9 million containers over last year, its annual report says"
    match = quote_in_text(quote, PAGE)
    assert match.found and QUOTE_MATCH_THRESHOLD <= match.score < 1.0
    assert match.passage.startswith("the port handled")


def test_a_different_figure_in_a_short_quote_is_not_found():
    assert not quote_in_text("4.2 million containers", PAGE).found


def test_the_same_words_in_another_order_are_not_found():
    quote = "last year containers million 3.9 handled port the report annual its"
    match = quote_in_text(quote, PAGE)
    assert not match.found and match.score < QUOTE_MATCH_THRESHOLD


def test_a_quote_about_something_else_is_not_found():
    match = quote_in_text("The minister resigned after the vote on the budget", PAGE)
    assert not match.found and match.score < 0.5


def test_an_empty_quote_or_page_finds_nothing():
    assert not quote_in_text("", PAGE).found
    assert not quote_in_text("The port handled 3.9 million containers", "").found


def test_a_nearly_quoted_passage_is_found_deep_in_a_long_page():
    filler = " ".join(f"word{i % 5000} shipping lane" for i in range(70_000))
    page = filler + " " + PAGE + " " + filler
    match = quote_in_text("The port handled about 3.9 million containers last year", page)
    assert match.found and match.passage.startswith("the port handled")
