"""Check-worthiness scores."""

from __future__ import annotations

from claims.extraction import (
    extract,
)


def test_predictions_score_lower_than_the_same_figure_stated_as_fact():
    fact = extract("The deficit reached 4.2 percent of GDP last year.")[0]
    prediction = extract("The deficit will reach 4.2 percent of GDP next year.")[0]
    assert prediction.type == "prediction"
    assert prediction.checkworthiness < fact.checkworthiness
    assert "-prediction" in prediction.signals


def test_a_prediction_without_figures_is_kept_but_ranked_low():
    (claim,) = extract("The mayor said the new bridge would open next spring.")
    assert claim.type == "prediction"
    assert claim.speaker == "The mayor"
    assert claim.checkworthiness < 0.2
