"""Ranges and match scores."""

from __future__ import annotations

from claims.extraction import (
    find_quantities,
)


def test_a_match_score_is_two_numbers_not_a_range():
    qs = find_quantities("The home side scored 3-2 after trailing, and won 2-1 a week later.")
    assert all(q.range_to is None for q in qs)
    assert all(q.change is None for q in qs)
    assert find_quantities("in a 4-1 defeat")[0].range_to is None
    assert find_quantities("The festival expects 700-800 volunteers.")[0].range_to == 800
