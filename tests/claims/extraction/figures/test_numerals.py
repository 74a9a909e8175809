"""Numbers in digits that are too long to be figures."""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given, settings

from claims.extraction import (
    extract,
)
from claims.extraction.figures.numerals import NUMBER_PATTERN, NUMBER_RE
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
def test_number_scan_with_its_lookahead_finds_what_the_plain_pattern_finds(text):
    # NUMBER_RE starts with a lookahead so that `re` skips non-figure characters fast; it must
    # find exactly the matches of the pattern without it.
    plain = re.compile(rf"(?P<num>{NUMBER_PATTERN})(?![\d])(?:(?P<ord>st|nd|rd|th)\b)?")
    found = [(m.span(), m.groups()) for m in NUMBER_RE.finditer(text)]
    assert found == [(m.span(), m.groups()) for m in plain.finditer(text)]
