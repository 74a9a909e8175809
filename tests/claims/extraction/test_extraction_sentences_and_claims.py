"""Sentence splitting, what is and is not a claim, claim types, speakers and check-worthiness."""

from __future__ import annotations

import pytest

from claims.extraction import CLAIM_TYPES, extract, split_sentences
from tests.claims.extraction.cases import (
    ATTRIBUTIONS,
    FURNITURE_LINES,
    QUESTIONS_AND_OPINIONS,
    TYPED,
)


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


def test_company_suffix_at_the_end_of_a_sentence_still_ends_it():
    assert split_sentences("The plant belongs to Acme Inc. The firm declined to comment.") == [
        "The plant belongs to Acme Inc.",
        "The firm declined to comment.",
    ]


@pytest.mark.parametrize("line", FURNITURE_LINES)
def test_page_furniture_is_not_a_claim(line):
    body = f"{line}\nThe port handled 12.4 million containers in 2023."
    claims = extract(body)
    assert [c.text for c in claims] == ["The port handled 12.4 million containers in 2023."]


@pytest.mark.parametrize("sentence", QUESTIONS_AND_OPINIONS)
def test_questions_and_bare_opinions_are_not_claims(sentence):
    assert extract(sentence) == []


@pytest.mark.parametrize(("sentence", "speaker"), ATTRIBUTIONS)
def test_attributed_statement_records_its_speaker(sentence, speaker):
    (claim,) = extract(sentence)
    assert claim.speaker == speaker


def test_unattributed_statement_has_no_speaker():
    (claim,) = extract("The bridge carries 80,000 vehicles a day.")
    assert claim.speaker is None


@pytest.mark.parametrize(("sentence", "ctype"), TYPED)
def test_claim_type_follows_full_fact_taxonomy(sentence, ctype):
    (claim,) = extract(sentence)
    assert claim.type == ctype
    assert claim.type in CLAIM_TYPES


def test_predictions_score_lower_than_the_same_figure_stated_as_fact():
    fact = extract("The deficit reached 4.2 percent of GDP last year.")[0]
    prediction = extract("The deficit will reach 4.2 percent of GDP next year.")[0]
    assert prediction.type == "prediction"
    assert prediction.checkworthiness < fact.checkworthiness
    assert "-prediction" in prediction.signals


def test_statistic_outranks_small_talk_and_signals_explain_it():
    stat = extract("Unemployment fell to 3.9 percent in March, the lowest since 2001.")[0]
    talk = extract("It was a pleasure to be here with you all tonight.")
    assert 0.0 <= stat.checkworthiness <= 1.0
    assert "+percent" in stat.signals
    assert not talk or talk[0].checkworthiness < 0.3 < stat.checkworthiness


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
