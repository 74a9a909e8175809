"""Alternations written as tries match what the length-sorted alternations match."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from claims.extraction.figures.alternation import longest_first
from claims.extraction.figures.currencies import (
    CURRENCY_AFTER_RE,
    CURRENCY_AFTER_WORDS,
    CURRENCY_SIGNS_AFTER,
    DOLLAR_ADJECTIVES,
)
from claims.extraction.figures.number_words import (
    _CANDIDATE_RE,
    _NUMBER_WORD_FIRSTS,
    WORDS_AFTER_A,
)
from tests.claims.extraction.text_strategies import biased_text


def _sorted_alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _every_match(rx: re.Pattern[str], text: str) -> list:
    """What `match` gives at every position, and what finditer gives."""
    at = [rx.match(text, i) for i in range(len(text) + 1)]
    found = [(m.span(), m.groups()) if m else None for m in at]
    return [found, [(m.span(), m.groups()) for m in rx.finditer(text)]]


# What follows the words decides whether re backtracks into them: a word boundary, a letter,
# or another word of the same set.
_TAILS = [r"\b", "x", r"\s+y", ""]


@settings(max_examples=400, deadline=None)
@example(["ab", "abcd", "abc"], "abcd abcx ab.", 0)
@example(["a\u017f", "As."], "A\u017f.", 3)
@given(
    st.lists(st.text(alphabet="abAB .é\u017f", min_size=1, max_size=4), min_size=1, max_size=8),
    st.text(alphabet="abAB .xyé\u017f", max_size=30),
    st.integers(0, len(_TAILS) - 1),
)
def test_a_trie_matches_what_the_sorted_alternation_matches(words, text, tail):
    try:
        pattern = longest_first(words)
    except ValueError:
        assume(False)  # words that differ only in case (refused)
    for flags in (0, re.IGNORECASE):
        trie = re.compile(f"(?P<w>{pattern}){_TAILS[tail]}", flags)
        plain = re.compile(f"(?P<w>{_sorted_alternation(words)}){_TAILS[tail]}", flags)
        assert _every_match(trie, text) == _every_match(plain, text)


_CURRENCY_AFTER_PLAIN = re.compile(
    rf"\s?-?\s?(?:(?P<adj>{_sorted_alternation(DOLLAR_ADJECTIVES)})\s+)?"
    rf"(?P<cw>(?:{_sorted_alternation(CURRENCY_AFTER_WORDS)})\b|[{CURRENCY_SIGNS_AFTER}])",
    re.IGNORECASE,
)
_CANDIDATE_PLAIN = re.compile(_sorted_alternation({*_NUMBER_WORD_FIRSTS, *WORDS_AFTER_A}))


@settings(max_examples=300, deadline=None)
@example(" US dollars, new zealand  dollars -euros 5 rm5 zł NT dollar")
@given(biased_text([*CURRENCY_AFTER_WORDS, *DOLLAR_ADJECTIVES, "dollarsx", "euro-"], 12))
def test_the_currency_word_regex_is_the_sorted_alternation(text):
    assert _every_match(CURRENCY_AFTER_RE, text) == _every_match(_CURRENCY_AFTER_PLAIN, text)


@settings(max_examples=300, deadline=None)
@example("seventeen often a half, an eighth, fortieth tenths")
@given(biased_text([*_NUMBER_WORD_FIRSTS, *WORDS_AFTER_A, "teen", "ty"], 12))
def test_the_number_word_candidates_are_the_sorted_alternation(text):
    low = text.lower()
    assert _every_match(_CANDIDATE_RE, low) == _every_match(_CANDIDATE_PLAIN, low)


def test_words_that_differ_only_in_case_are_refused():
    with pytest.raises(ValueError):
        longest_first(["us", "US dollar"])
