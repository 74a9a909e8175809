"""Page furniture, questions and opinions, claim types and speakers."""

from __future__ import annotations

import pytest

from claims.extraction import (
    CLAIM_TYPES,
    extract,
)
from tests.claims.extraction.cases import (
    ATTRIBUTIONS,
    FURNITURE_LINES,
    QUESTIONS_AND_OPINIONS,
    TYPED,
)


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
