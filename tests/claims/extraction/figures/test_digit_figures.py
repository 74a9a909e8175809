"""Figures in digits: years, signs."""

from __future__ import annotations

from claims.extraction import (
    find_quantities,
)


def test_years_are_years_not_counts_but_four_digit_counts_stay_counts():
    qs = find_quantities("Since 2018 the firm has hired 2,019 engineers and 1999 technicians.")
    kinds = {q.text: q.kind for q in qs}
    assert kinds == {"2018": "year", "2,019": "count", "1999": "count"}


def test_a_minus_sign_makes_a_figure_negative_but_a_range_hyphen_does_not():
    qs = find_quantities("Growth was -0.3% in the quarter after 2-3% a year earlier.")
    assert [(q.value, q.range_to) for q in qs] == [(-0.3, None), (2, 3)]
