"""Sentence splitting."""

from __future__ import annotations

import re

from hypothesis import example, given, settings

from claims.extraction import (
    extract,
    split_sentences,
)
from claims.extraction.sentences import _BOUNDARY, _word_before
from tests.claims.extraction.text_strategies import biased_text


def test_splitter_keeps_abbreviations_decimals_and_quotes_together():
    text = (
        'Dr. Chen of Acme Inc. said U.S. sales rose 3.5 percent. "It was a good year." '
        "Mr. Lee disagreed! Sales at No. 2 plant fell.\nA new paragraph starts here"
    )
    assert split_sentences(text) == [
        "Dr. Chen of Acme Inc. said U.S. sales rose 3.5 percent.",
        '"It was a good year."',
        "Mr. Lee disagreed!",
        "Sales at No. 2 plant fell.",
        "A new paragraph starts here",
    ]


def test_currency_abbreviation_before_a_figure_does_not_end_the_sentence():
    text = "The fine was Rs. 5,000 per violation, the court said. Appeals are rising."
    assert split_sentences(text) == [
        "The fine was Rs. 5,000 per violation, the court said.",
        "Appeals are rising.",
    ]
    claim = extract(text)[0]
    (fine,) = claim.quantities
    assert (fine.text, fine.value, fine.kind, fine.currency) == ("Rs. 5,000", 5000, "money", "INR")


def test_company_suffix_at_the_end_of_a_sentence_still_ends_it():
    assert split_sentences("The plant belongs to Acme Inc. The firm declined to comment.") == [
        "The plant belongs to Acme Inc.",
        "The firm declined to comment.",
    ]


@settings(max_examples=300, deadline=None)
@given(biased_text(["Dr.", "It", "said.", "?", "!", "\u2026", '."', ".)", "\n", "A", "5"]))
def test_boundary_scan_from_its_first_character_class_finds_what_the_plain_pattern_finds(text):
    plain = re.compile(
        r"""[.!?\u2026]+["'\u201d\u2019)\]]*(?=\s+["'\u201c\u2018(\[]?[A-Z0-9\u0080-\uffff])|\n"""
    )
    assert [m.span() for m in _BOUNDARY.finditer(text)] == [m.span() for m in plain.finditer(text)]


def _word_before_slowly(text: str, pos: int) -> str:
    i = pos
    while i > 0 and (text[i - 1].isalpha() or text[i - 1] == "."):
        i -= 1
    return text[i:pos].lower()


@settings(max_examples=300, deadline=None)
@example("Dr. U.S. e.g. .. x y" + "a" * 30 + ". Ünal. \u0130. 5.")
@given(biased_text(["Dr.", "U.S.", "Rs.", "a.m.", "é", ".", " ", "Inc.", "J."]))
def test_the_word_before_a_full_stop_is_what_the_letter_by_letter_read_gives(text):
    for pos in range(len(text) + 1):
        assert _word_before(text, pos) == _word_before_slowly(text, pos)
