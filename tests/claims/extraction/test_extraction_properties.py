"""Property tests: spans always match the text, nothing crashes on arbitrary unicode."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from claims.extraction import QUANTITY_KINDS, extract

NEWSY = st.lists(
    st.sampled_from(
        [
            "The firm sold 1.2 million cars",
            " in 2021",
            ", up 3.4 percent",
            " from NT$50 (US$1.59)",
            " to $372.07 billion",
            ".",
            "\n",
            " Dr. ",
            "?",
            " four years ago",
            " 63,10,194",
            "-",
            "Photo credit: X\n",
            " ",
        ]
    ),
    max_size=30,
).map("".join)


def _check(text: str) -> None:
    for claim in extract(text):
        assert text[claim.start : claim.end] == claim.text
        assert claim.text.strip() == claim.text and claim.text
        assert 0.0 <= claim.checkworthiness <= 1.0
        for q in claim.quantities:
            assert text[q.start : q.end] == q.text
            assert claim.start <= q.start < q.end <= claim.end
            assert q.kind in QUANTITY_KINDS


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_spans_match_on_arbitrary_unicode(text):
    _check(text)


@settings(max_examples=200, deadline=None)
@given(NEWSY)
def test_spans_match_on_news_like_fragments(text):
    _check(text)
