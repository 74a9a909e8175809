"""The role of a figure in a change."""

from __future__ import annotations

from claims.extraction import (
    find_quantities,
)


def test_a_deadline_year_is_not_the_size_of_a_rise():
    qs = find_quantities("The government will raise the minimum wage to $15 by 2026.")
    assert [(q.text, q.change) for q in qs] == [("$15", None), ("2026", None)]
    (rise,) = find_quantities("Profits rose by 5 percent.")
    assert rise.change == "increase"
