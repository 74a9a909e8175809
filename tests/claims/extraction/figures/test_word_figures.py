"""Figures in words: fractions."""

from __future__ import annotations

from claims.extraction import (
    find_quantities,
)


def test_fractions_need_of_when_they_could_be_a_duration_or_an_ordinal():
    assert [q.kind for q in find_quantities("Sales grew for two quarters running.")] == ["duration"]
    assert find_quantities("She won a third term.") == []
    (q,) = find_quantities("Three quarters of the staff left.")
    assert (q.kind, q.value, q.unit, q.noun) == ("ratio", 0.75, "3/4", "staff")
