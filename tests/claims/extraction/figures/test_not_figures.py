"""Phone numbers, identifiers and clock times are not figures."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings

from claims.extraction import (
    find_quantities,
)
from claims.extraction.figures.not_figures import (
    _PHONE_HINT_RE,
    CLOCK_TIME_RE,
    HYPHENATED_CODE_RE,
    IDENTIFIER_BEFORE_RE,
    PHONE_RE,
    clock_time_re_may_match,
    hyphenated_code_re_may_match,
    identifier_before_re_may_match,
    phone_re_may_match,
)
from tests.claims.extraction.cases import (
    NO_FIGURE_SENTENCES,
)
from tests.claims.extraction.text_strategies import biased_text


@pytest.mark.parametrize("sentence", NO_FIGURE_SENTENCES)
def test_phone_numbers_identifiers_and_times_are_not_figures(sentence):
    assert find_quantities(sentence) == []


_IDENTIFIER_PIECES = [
    *("No.", "Nos.", "Model", "iPhone", "Galaxy", "Windows", "Series", "Article", "Section"),
    *("Route", "Highway", "Flight", "Room", "Ch.", "p.", "H", "COVID-", "A", "3.", "#", "5"),
    *("Boeing", "Airbus", "Chapter", "Group of", "Group", "of", "Interstate"),
]


@settings(max_examples=300, deadline=None)
@given(biased_text(_IDENTIFIER_PIECES))
def test_identifier_before_re_may_match_is_false_only_where_the_regex_finds_no_identifier(text):
    for ns in range(len(text) + 1):
        for floor in (0, max(0, ns - 3)):
            lo = max(floor, ns - 12)
            if not identifier_before_re_may_match(text, ns, lo):
                assert IDENTIFIER_BEFORE_RE.search(text, lo, ns) is None


@settings(max_examples=300, deadline=None)
@example("The meeting began at 12:30")
@example("The ferry leaves at 2.13 am, or 14.13 GMT.")
@given(biased_text(["12", "7", "30", "05", "am", "p.m.", "PM", "a.m", "GMT", "local time", "."]))
def test_clock_time_re_may_match_is_false_only_where_the_regex_finds_no_time(text):
    for start, end in ((0, len(text)), (1, max(1, len(text) - 1))):
        if not clock_time_re_may_match(text, start, end):
            assert CLOCK_TIME_RE.search(text, start, end) is None


@settings(max_examples=300, deadline=None)
@example("ISBN 978-0-306-40615-7")
@given(biased_text(["978", "0", "306", "-", "7", "12"]))
def test_hyphenated_code_re_may_match_is_false_only_where_the_regex_finds_no_code(text):
    for start, end in ((0, len(text)), (1, max(1, len(text) - 1))):
        if not hyphenated_code_re_may_match(text, start, end):
            assert HYPHENATED_CODE_RE.search(text, start, end) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "The book, ISBN 978-0-306-40615-7, is out of print.",
        "The ferry leaves at 2.13 am on weekdays.",
        "The airline grounded its Boeing 737 fleet.",
        "Chapter 11 protection gives the firm time.",
        "The fund disclosed the stake in its latest 13F filing.",
    ],
)
def test_isbns_clock_times_with_a_point_models_and_forms_are_not_figures(sentence):
    assert find_quantities(sentence) == []


_PHONE_PIECES = [
    "+44",
    "+1",
    "20",
    "7946",
    "0958",
    "(02)",
    "(0)",
    "2345",
    "6789",
    "123",
    "12345678",
]


# PHONE_RE's third form, "(02) 23456789" or "(02)2345-6789", has a bracket and three digits after
# it: the hint looks for that too.
@settings(max_examples=300, deadline=None)
@example("Call (02) 23456789 now.")
@given(biased_text(_PHONE_PIECES))
def test_phone_re_may_match_is_false_only_where_the_regex_finds_no_phone_number(text):
    for start, end in ((0, len(text)), (1, max(1, len(text) - 1))):
        if not phone_re_may_match(text, start, end):
            assert PHONE_RE.search(text, start, end) is None


@settings(max_examples=300, deadline=None)
@example("For tips call +44 20 7946 0958 or 2345-6789 between shifts.")
@given(biased_text(_PHONE_PIECES).map(lambda text: text.replace("(", "")))
def test_phone_re_may_match_is_false_only_where_the_regex_finds_no_phone_number_but_brackets(
    text,
):
    # The gap above needs a bracketed area code; without one the hint is exact.
    for start, end in ((0, len(text)), (1, max(1, len(text) - 1))):
        if not phone_re_may_match(text, start, end):
            assert PHONE_RE.search(text, start, end) is None


@settings(max_examples=300, deadline=None)
@example("Call (02) 2345-6789 or +44 20 7946 0958.")
@given(biased_text([*_PHONE_PIECES, "-", " ", "+", ")"]))
def test_phone_hint_from_its_first_character_class_finds_what_the_plain_hint_finds(text):
    # The hint is written to start with a character class, for speed; the same matches as the
    # plain alternation, in any span.
    plain = re.compile(r"[\d)][\s-]\d{3,4}[\s-]\d|\+\d|\)\s?\d{3}")
    for start, end in ((0, len(text)), (1, max(1, len(text) - 1)), (len(text) // 2, len(text))):
        found = [m.span() for m in _PHONE_HINT_RE.finditer(text, start, end)]
        assert found == [m.span() for m in plain.finditer(text, start, end)]
