"""claims.matching.scoring: the same fact reworded matches; similar but different facts stay
apart."""

from __future__ import annotations

import pytest

from claims.matching import (
    MATCH_THRESHOLD,
    features,
    in_conflict,
    score_pair,
    trigram_similarity,
    trigrams,
)

from .stored import quantities


def score(a: str, b: str):
    return score_pair(a, quantities(a), b, quantities(b))


# --- same fact, reworded ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "Acme reported revenue of $4.2 billion in 2023.",
            "In 2023, Acme's sales came to $4.2bn, the company said.",
        ),
        (
            "The harbour handled 4.2 million containers last year.",
            "Last year the port moved 4.2 million containers, its busiest year.",
        ),
        (
            "Unemployment fell to 3.9% in March 2024.",
            "The jobless rate dropped to 3.9 per cent in March 2024, official figures show.",
        ),
        (
            "The minister said the new bridge will open in 2026.",
            "The minister said the new bridge would open in 2026.",
        ),
        (
            "Germany's exports rose 5% in 2023.",
            "German exports grew by 5 percent in 2023, the statistics office said.",
        ),
    ],
)
def test_rewordings_of_the_same_fact_match(a, b):
    result = score(a, b)
    assert result.same, result.reasons
    assert result.score >= MATCH_THRESHOLD
    assert score(b, a).score == result.score


def test_a_figure_within_rounding_matches():
    result = score(
        "The city has 1,234 licensed taxis, the council said.",
        "The city has about 1,200 licensed taxis.",
    )
    assert result.same, result.reasons


# --- similar but different --------------------------------------------------------------------


def test_the_same_figure_about_another_company_stays_apart():
    result = score(
        "Acme reported revenue of $4.2 billion in 2023.",
        "Globex reported revenue of $4.2 billion in 2023.",
    )
    assert not result.same
    assert "different names" in result.reasons


def test_the_same_figure_about_another_country_stays_apart_even_mid_sentence():
    result = score(
        "Exports from Germany rose 5% in 2023.",
        "Exports from France rose 5% in 2023.",
    )
    assert not result.same


def test_the_same_figure_in_another_year_stays_apart():
    result = score(
        "Acme reported revenue of $4.2 billion in 2023.",
        "Acme reported revenue of $4.2 billion in 2022.",
    )
    assert not result.same
    assert any("different years" in r for r in result.reasons)


def test_the_same_figure_in_another_unit_stays_apart():
    result = score(
        "The refinery emits 5 million tonnes of CO2 a year.",
        "The refinery emits 5 million barrels of CO2 a year.",
    )
    assert not result.same


def test_the_same_amount_in_another_currency_stays_apart():
    assert not score(
        "The council spent £2.5 million on new bus lanes.",
        "The council spent €2.5 million on new bus lanes.",
    ).same


def test_an_updated_figure_stays_apart_and_is_recognised_as_an_update():
    result = score(
        "Acme reported revenue of $4.2 billion in 2023.",
        "Acme reported revenue of $4.5 billion in 2023.",
    )
    assert not result.same
    assert result.relation == "updated"


def test_near_identical_wording_with_a_changed_number_stays_apart():
    a = "The harbour handled 4.2 million containers last year, the authority said."
    b = "The harbour handled 4.6 million containers last year, the authority said."
    assert trigram_similarity(trigrams(a), trigrams(b)) > 0.8
    assert not score(a, b).same


def test_the_same_figure_counting_something_else_stays_apart():
    assert not score(
        "The harbour handled 4.2 million containers last year.",
        "The airport handled 4.2 million passengers last year.",
    ).same


def test_the_same_percentage_of_another_indicator_stays_apart():
    assert not score(
        "Unemployment fell to 3.9% in March 2024.",
        "Inflation fell to 3.9% in March 2024.",
    ).same


def test_a_rise_and_a_fall_of_the_same_size_stay_apart():
    assert not score(
        "Acme's share price rose 12 percent on Monday.",
        "Acme's share price fell 12 percent on Monday.",
    ).same


@pytest.mark.parametrize(
    ("a", "b", "why"),
    [
        (
            "More than 500 people were evacuated from the town.",
            "Fewer than 500 people were evacuated from the town.",
            "opposite qualifiers",
        ),
        (
            "Acme's revenue rose 5% in the first quarter of 2023.",
            "Acme's revenue rose 5% in the second quarter of 2023.",
            "different quarters",
        ),
        ("Acme's revenue rose 5% in Q1 2023.", "Acme's revenue rose 5% in Q2 2023.", "quarters"),
        (
            "Globex made a profit of $300 million in the first half.",
            "Globex made a profit of $300 million in H2.",
            "different halfs",
        ),
        (
            "Unemployment stood at 4.2% in March.",
            "Unemployment stood at 4.2% in April.",
            "different months",
        ),
        (
            "Acme reported revenue of $4.2 billion in FY2023.",
            "Acme reported revenue of $4.2 billion in FY2024.",
            "different years",
        ),
        (
            "Globex expects sales of $900 million in FY24.",
            "Globex expects sales of $900 million in FY25.",
            "different years",
        ),
        (
            "The unemployment rate is 4.2%, the ministry said.",
            "The unemployment rate is not 4.2%, the ministry said.",
            "denies",
        ),
        ("The hospital has 400 beds.", "The hospital doesn't have 400 beds.", "denies"),
        ("Unemployment fell to 4% last month.", "Unemployment rose to 4% last month.", "opposite"),
        ("The minimum wage is £10 per hour.", "The minimum wage is £10 per day.", "rates"),
        (
            "Drivers earn $200 a day on the route.",
            "Drivers earn $200 a week on the route.",
            "rates",
        ),
        ("Acme's revenue grew 5% last year.", "Acme's revenue grew 5% this year.", "relative"),
    ],
)
def test_the_same_figure_said_of_another_period_sense_or_rate_stays_apart(a, b, why):
    for left, right in ((a, b), (b, a)):
        result = score(left, right)
        assert not result.same
        assert result.relation == "different"
        assert any(why in reason for reason in result.reasons), result.reasons


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "More than 500 people were evacuated from the town.",
            "Over 500 residents of the town were evacuated.",
        ),
        (
            "Acme's revenue rose 5% in the first quarter of 2023.",
            "In Q1 2023, Acme's sales rose 5%.",
        ),
        ("Unemployment fell to 4% last month.", "Last month unemployment dropped to 4%."),
        ("The minimum wage is £10 per hour.", "The minimum wage stands at £10 an hour."),
        ("Acme reported revenue of $4.2 billion in FY2023.", "Acme's FY2023 sales came to $4.2bn."),
        (
            "Nearly 40% of pupils passed the maths exam.",
            "Almost 40% of pupils passed the maths exam.",
        ),
        (
            "The economy did not grow in 2023, the statistics office said.",
            "The statistics office said the economy did not grow in 2023.",
        ),
        ("The plant drew 200 staff a year ago.", "A year ago the plant drew 200 staff."),
    ],
)
def test_the_same_period_sense_and_rate_reworded_still_match(a, b):
    result = score(a, b)
    assert result.same, result.reasons


def test_a_claim_without_a_year_conflicts_with_neither_dated_version_but_they_conflict():
    undated = "Unemployment stood at 4.2%, the statistics office said."
    in_2022 = "Unemployment stood at 4.2% in 2022."
    in_2023 = "Unemployment stood at 4.2% in 2023."

    def feats(text):
        return features(text, quantities(text))

    assert score(undated, in_2022).same and score(undated, in_2023).same
    assert not in_conflict(feats(undated), feats(in_2022))
    assert in_conflict(feats(in_2022), feats(in_2023))
    # Too little in common is not a conflict.
    assert not in_conflict(feats(undated), feats("The minister said the bridge opens in 2026."))


def test_unrelated_claims_score_below_the_threshold():
    result = score(
        "The harbour handled 4.2 million containers last year.",
        "The minister said the new bridge will open in 2026.",
    )
    assert not result.same
    assert result.score < MATCH_THRESHOLD
