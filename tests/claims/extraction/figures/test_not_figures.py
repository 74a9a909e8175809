"""Phone numbers, identifiers and clock times are not figures."""

from __future__ import annotations

import pytest

from claims.extraction import (
    find_quantities,
)
from tests.claims.extraction.cases import (
    NO_FIGURE_SENTENCES,
)


@pytest.mark.parametrize("sentence", NO_FIGURE_SENTENCES)
def test_phone_numbers_identifiers_and_times_are_not_figures(sentence):
    assert find_quantities(sentence) == []
