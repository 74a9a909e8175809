"""Sentence splitting, what is and is not a claim, claim types, speakers and check-worthiness."""

from __future__ import annotations

import pytest

from claims.extraction import CLAIM_TYPES, extract, split_sentences
from tests.claims.extraction.cases import (
    ATTRIBUTIONS,
    CHECKABLE_WITHOUT_STATISTICS,
    FURNITURE_LINES,
    NOT_CHECKABLE,
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


@pytest.mark.parametrize("line", FURNITURE_LINES)
def test_page_furniture_is_not_a_claim(line):
    body = f"{line}\nThe port handled 12.4 million containers in 2023."
    claims = extract(body)
    assert [c.text for c in claims] == ["The port handled 12.4 million containers in 2023."]


@pytest.mark.parametrize(
    "line",
    [
        "The company, which employs 2,400 people, declined to comment.",
        "Police said 40 boats sank in the harbour, via REUTERS",
        # Case-insensitive matching reads these as "declined" and "Reuters": the quick word test
        # in front of the phrase patterns must not skip them.
        "The company, which employs 2,400 people, decl\u0131ned to comment.",
        "Police said 40 boats sank in the harbour, via Reuter\u017f",
    ],
)
def test_a_figure_in_boilerplate_ending_in_a_phrase_does_not_make_it_a_claim(line):
    assert extract(line) == []
    assert extract(line.rpartition(",")[0] + ".") != []


@pytest.mark.parametrize("sentence", QUESTIONS_AND_OPINIONS)
def test_questions_and_bare_opinions_are_not_claims(sentence):
    assert extract(sentence) == []


@pytest.mark.parametrize(("sentence", "speaker"), ATTRIBUTIONS)
def test_attributed_statement_records_its_speaker(sentence, speaker):
    (claim,) = extract(sentence)
    assert claim.speaker == speaker


def test_according_to_names_the_speaker_in_any_case():
    (claim,) = extract("ACCORDING TO the census bureau, 1,200 homes were destroyed.")
    assert claim.speaker == "the census bureau"


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


def test_a_prediction_without_figures_is_kept_but_ranked_low():
    (claim,) = extract("The mayor said the new bridge would open next spring.")
    assert claim.type == "prediction"
    assert claim.speaker == "The mayor"
    assert claim.checkworthiness < 0.2


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
