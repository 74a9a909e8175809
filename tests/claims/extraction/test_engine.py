"""`extract`: what is and is not a claim, in text order with exact spans, on any input."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.extraction import (
    QUANTITY_KINDS,
    extract,
)
from tests.claims.extraction.cases import (
    CHECKABLE_WITHOUT_STATISTICS,
    NOT_CHECKABLE,
)

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


def test_statistic_is_a_claim_and_small_talk_is_not():
    stat = extract("Unemployment fell to 3.9 percent in March, the lowest since 2001.")[0]
    assert 0.3 < stat.checkworthiness <= 1.0
    assert "+percent" in stat.signals
    assert extract("It was a pleasure to be here with you all tonight.") == []


@pytest.mark.parametrize("sentence", NOT_CHECKABLE)
def test_sentences_with_nothing_checkable_are_not_claims(sentence):
    assert extract(sentence) == []


def test_only_the_checkable_sentences_of_a_story_become_claims():
    body = (
        "He smiled and walked slowly out of the room. The plant employs 2,400 people.\n"
        "The sky was grey and the streets were quiet that morning.\n"
        "Tesla did not respond immediately to a request for comment.\n"
        "The Associated Press contributed to this report."
    )
    assert [c.text for c in extract(body)] == ["The plant employs 2,400 people."]


@pytest.mark.parametrize(("sentence", "ctype"), CHECKABLE_WITHOUT_STATISTICS)
def test_checkable_claims_without_a_statistic_stay(sentence, ctype):
    (claim,) = extract(sentence)
    assert claim.type == ctype


def test_claims_come_in_text_order_with_exact_spans():
    body = (
        "Photo credit: AFP\n"
        "The city planted 12,000 trees in 2024.  Officials said the target is 50,000 by 2030.\n"
        "Back to top"
    )
    claims = extract(body)
    assert [body[c.start : c.end] for c in claims] == [c.text for c in claims]
    assert [c.start for c in claims] == sorted(c.start for c in claims)
    assert len(claims) == 2


def test_extraction_is_deterministic():
    body = "Exports rose 4 percent to $1.2 billion, the ministry said. Imports fell 2 percent."
    assert extract(body) == extract(body)


def test_empty_and_whitespace_input_give_no_claims():
    assert extract("") == []
    assert extract("  \n\n \t") == []
