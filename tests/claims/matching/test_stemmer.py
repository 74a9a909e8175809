"""claims.matching.stemmer and the synonyms: inflections and newsroom paraphrases fold to one
form, so the same claim in other words matches."""

from __future__ import annotations

import pytest

from claims.matching import MATCH_THRESHOLD, score_pair
from claims.matching.stemmer import stem
from claims.matching.vocabulary import stem_of

from .stored import quantities


def score(a: str, b: str):
    return score_pair(a, quantities(a), b, quantities(b))


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["increases", "increased", "increasing"], "increas"),
        (["hospitals", "hospital"], "hospit"),
        (["vaccinated", "vaccination", "vaccines"], "vaccin"),
        (["elected", "election", "elections"], "elect"),
        (["cutting", "cuts", "cut"], "cut"),
        (["hopping", "hop"], "hop"),
        (["communities", "community"], "communiti"),
    ],
)
def test_inflections_share_a_stem(words, expected):
    assert {stem(w) for w in words} == {expected}


@pytest.mark.parametrize(
    ("words", "canonical"),
    [
        (["lay off", "laid off", "shed", "axed", "cutting", "slashes"], "cut"),
        (["said", "told", "stated", "says"], "say"),
        (["rose", "increased", "climbed", "grew"], "rise"),
        (["fell", "dropped", "declined", "slumped"], "fall"),
        (["staff", "workforce", "employees", "workers"], "employee"),
        (["worldwide", "global", "globally"], "global"),
        (["Germany", "German"], "germani"),
    ],
)
def test_synonyms_fold_to_one_word(words, canonical):
    from claims.matching.vocabulary import fold_phrases

    assert {stem_of(fold_phrases(w)) for w in words} == {canonical}


def test_acronyms_are_not_stemmed():
    assert stem_of("UPS") == "ups"
    assert stem_of("ups") == "up"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "Siemens will cut 5,600 jobs worldwide.",
            "Siemens is cutting 5,600 jobs around the world.",
        ),
        ("Meta shed 21,000 jobs in 2023.", "Meta axed 21,000 jobs in 2023."),
        (
            "Retail sales rose 0.6% in March, the department said.",
            "Retail sales increased 0.6 percent in March, the department told reporters.",
        ),
        ("Acme will cut 10% of its workforce.", "Acme will shed ten per cent of its staff."),
        (
            "Volkswagen raised $1.2bn in a bond sale.",
            "Volkswagen raised 1.2 billion dollars in a bond sale.",
        ),
        (
            "Drug deaths in Scotland fell to 1,051 in 2022.",
            "Drug-related deaths in Scotland dropped to 1,051 in 2022.",
        ),
    ],
)
def test_paraphrases_and_unit_variants_match(a, b):
    result = score(a, b)
    assert result.same and result.score >= MATCH_THRESHOLD, result
