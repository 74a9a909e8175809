"""Numbers in digits that are too long to be figures."""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.extraction import (
    extract,
    find_quantities,
)
from claims.extraction.figures.numerals import (
    NUMBER_PATTERN,
    NUMBER_RE,
    clean_value,
    to_number,
    too_long,
)
from tests.claims.extraction.text_strategies import biased_text


@pytest.mark.parametrize(
    "text",
    [
        "The value was " + "9" * 400 + " trillion dollars.",
        "It cost $" + "9" * 400 + " trillion.",
        "It had " + ",".join(["999"] * 200) + " trillion yuan.",
        "One in " + "7" * 5000 + " people agreed.",
        "Serial " + "1" * 5000 + " was 1." + "9" * 400 + " million units.",
    ],
    ids=lambda t: t[:20],
)
def test_absurdly_long_numbers_neither_crash_nor_overflow(text):
    for claim in extract(text):
        for q in claim.quantities:
            assert math.isfinite(q.value)
            assert len(q.text) < 60


_DIGIT_PIECES = ["1", "12", "123", "1234", ",", ".", "'", "\u2019", " ", "\u00a0", "\u2009", "%"]


@settings(max_examples=500, deadline=None)
@given(biased_text([*_DIGIT_PIECES, "st", "nd", "th"], max_pieces=30))
def test_number_scan_from_its_first_character_class_finds_what_the_plain_pattern_finds(text):
    # NUMBER_RE is written to start with the class of its first characters so that `re` skips
    # non-figure characters fast; it must find exactly the matches and groups of the plain
    # pattern, in the whole text and in any span of it (the scan reads one sentence at a time).
    plain = re.compile(rf"(?P<num>{NUMBER_PATTERN})(?![\d])(?:(?P<ord>st|nd|rd|th)\b)?")
    for start, end in ((0, len(text)), (1, max(1, len(text) - 1)), (len(text) // 2, len(text))):
        found = [
            (m.span(), m.span("num"), m.groups()) for m in NUMBER_RE.finditer(text, start, end)
        ]
        expected = [(m.span(), m.span("num"), m.groups()) for m in plain.finditer(text, start, end)]
        assert found == expected


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet="0123456789\u0660\u0669", max_size=20),
    st.text(alphabet="0123456789\u0660\u0669", min_size=1, max_size=20),
)
def test_a_number_with_one_decimal_point_reads_as_to_number_says(whole, frac):
    """digit_figure reads "4.2" and ".08" without to_number and too_long: the same value, and
    the same refusal of a number with too many digits."""
    raw = f"{whole}.{frac}"
    found = [q for q in find_quantities(f"The index was {raw} on Monday.") if q.text == raw]
    if too_long(raw):
        assert found == []
    else:
        assert [q.value for q in found] == [clean_value(to_number(raw))]
