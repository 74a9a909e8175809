"""Numbers in digits that are too long to be figures."""

from __future__ import annotations

import math

import pytest

from claims.extraction import (
    extract,
)


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
