"""Dates."""

from __future__ import annotations

from claims.extraction import (
    find_quantities,
)


def test_a_date_at_the_end_of_a_sentence_leaves_the_full_stop_out():
    (q,) = find_quantities("The bill passed on 5 May.")
    assert (q.text, q.kind, q.unit) == ("5 May", "date", "--05-05")
    assert find_quantities("It was signed on Jan. 3, 2020.")[0].text == "Jan. 3, 2020"
