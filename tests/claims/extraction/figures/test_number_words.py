"""The fast number-word scan finds what a full regex scan finds."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from claims.extraction import find_quantities
from claims.extraction.figures import number_words
from claims.extraction.figures.number_words import number_word_re_may_match
from claims.extraction.lexicon import Tokens
from tests.claims.extraction.text_strategies import biased_text

_NUMBER_WORD_PIECES = st.sampled_from(
    [
        *number_words.NUMBER_WORD_STARTS,
        *number_words.WORDS_AFTER_A,
        *"aAn -'\t\n5_",
        "an",
        "of",
        "often",
        "someone",
        "Two-Thirds",
        "A Dozen",
        "\u017fix",  # long s: IGNORECASE reads it as "six"
        "f\u0131ve",  # dotless i
        "\u0130",
        "\u212a",
        "é",
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(_NUMBER_WORD_PIECES, st.sampled_from([" ", "", "-", "  "])), max_size=20))
def test_number_words_are_found_where_a_full_scan_finds_them(pieces):
    text = "".join(w.upper() if i % 3 == 0 else w + sep for i, (w, sep) in enumerate(pieces))
    for start in (0, min(3, len(text))):
        end = len(text)
        expected = [m.span() for m in number_words.NUMBER_WORD_RE.finditer(text, start, end)]
        assert [m.span() for m in number_words.find_number_words(text, start, end)] == expected


_WORD_FIGURE_PIECES = [
    *number_words.NUMBER_WORD_STARTS,
    *number_words.WORDS_AFTER_A,
    *("thousand", "million", "hundred", "of", "times", "largest", "place", "people", "years"),
    *("a dozen", "two-thirds", "three quarters of", "an eighth of", "forty-two", "'s", "n't"),
]


# "a"/"an" before "thousand" ... "trillion" is a figure by itself ("A million people marched."), so
# the scale words are triggers; a token such as "dozen's" is split at its apostrophe.
@settings(max_examples=500, deadline=None)
@example("A million people marched.")
@example("It is worth a dozen's eggs.")
@given(biased_text(_WORD_FIGURE_PIECES, max_pieces=8))
def test_number_word_re_may_match_is_false_only_where_the_regex_finds_no_number_word(text):
    for words in (
        {w.lower() for w in re.findall(r"[A-Za-z]+", text)},
        set(Tokens(text, 0, len(text)).low),
    ):
        if not number_word_re_may_match(words):
            assert number_words.NUMBER_WORD_RE.search(text) is None


_SMALL_WORD_PIECES = [w for w in _WORD_FIGURE_PIECES if w not in ("thousand", "million")]


def _without_apostrophes(text: str) -> str:
    return text.replace("'", " ").replace("\u2019", " ")


@settings(max_examples=500, deadline=None)
@example("Sales doubled, and the third quarter was the best.")
@given(
    biased_text(_SMALL_WORD_PIECES, max_pieces=8).map(
        lambda t: t.replace("'", " ").replace("\u2019", " ")
    )
)
def test_number_word_re_may_match_is_false_only_where_the_regex_finds_none_but_the_gaps(text):
    # The gaps above need "a" before a large scale word, or an apostrophe in a token.
    for words in (
        {w.lower() for w in re.findall(r"[A-Za-z]+", text)},
        set(Tokens(text, 0, len(text)).low),
    ):
        if not number_word_re_may_match(words):
            assert number_words.NUMBER_WORD_RE.search(text) is None


_SCALE_WORD_PIECES = [
    *_WORD_FIGURE_PIECES,
    *("billion", "trillion", "dozen", "decade", "century", "a", "A", "an", "An", "$4.5", "o'"),
    *("'a", "\u2019an", "a\u2019", "\u017fix", "f\u0131ve", "\u0130"),
]


# Figure-dense news writes "$4.5 billion" far more often than "a billion": when the only triggers
# are words that make a figure only after "a" or "an", and neither is there, the scan is skipped.
@settings(max_examples=1000, deadline=None)
@example("Revenue was $4.5 billion, up from $3 million.")
@example("A million people marched.")
@example("It cost o'a billion.")
@example("It cost o\u2019an eighth of a dozen.")
@example("A dozen \u017fix.")
@given(biased_text(_SCALE_WORD_PIECES, max_pieces=10))
def test_scale_words_without_a_are_no_number_word(text):
    if number_words.has_case_odd_letter(text, 0, len(text)):
        return
    for words in (
        {w.lower() for w in re.findall(r"[A-Za-z]+", text)},
        set(Tokens(text, 0, len(text)).low),
    ):
        if number_word_re_may_match(words) and number_words.only_scale_words_without_a(words):
            assert number_words.NUMBER_WORD_RE.search(text) is None


def test_a_before_a_scale_word_is_still_read():
    assert [q.value for q in find_quantities("A million people marched.")] == [1_000_000]
    assert [q.value for q in find_quantities("Revenue was $4.5 billion.")] == [4_500_000_000]


# IGNORECASE matches "\u017fix" (long s) and "f\u0131ve" (dotless i) as "six" and "five", while
# `str.lower` keeps those letters: the value look-up folds them (numerals.fold), so they are read,
# and the whole article does not fail on a KeyError.
@pytest.mark.parametrize(
    "text", ["The city has \u017fix schools and two parks.", "F\u0131ve people and two dogs."]
)
def test_number_words_with_letters_that_only_match_under_ignorecase_do_not_crash(text):
    assert [q.value for q in find_quantities(text)][:1] in ([6], [5])


def test_a_million_alone_in_a_sentence_is_a_figure():
    [q] = find_quantities("A million people marched.")
    assert (q.text, q.value, q.noun) == ("A million", 1_000_000, "people")
