"""Check-worthiness: a logistic regression over `features.sentence_features` (weights fitted on
ClaimBuster, CC BY 4.0, see `weights.py`), then a penalty for predictions, which cannot be checked
yet. Signals name the features that moved the score most, with the direction."""

from __future__ import annotations

import functools
import math
from itertools import compress

from . import weights

PREDICTION_FACTOR = 0.6
_SIGNAL_MIN = 0.25  # |weight * value| below this is not worth naming
_WEIGHTS = tuple(weights.WEIGHTS.items())  # in the same order, so z sums the same way
_NAMES = tuple(weights.WEIGHTS)
# Per feature: its name, weight and minus the weight's size (the sort key of its signal).
_TERMS = tuple((name, w, -abs(w)) for name, w in _WEIGHTS)
WEIGHT_NAMES = _NAMES
_ZEROS = (0.0,) * len(_NAMES)
_INDEXES = range(len(_NAMES))


def checkworthiness(features: dict[str, float], claim_type: str) -> tuple[float, list[str]]:
    # Most features are 0: read all values in C, then visit only the non-zero ones, in order.
    return checkworthiness_of_values(list(map(features.get, _NAMES, _ZEROS)), claim_type)


def checkworthiness_of_values(xs: list[float], claim_type: str) -> tuple[float, list[str]]:
    """`checkworthiness` of the feature values in the order of the weights (which is FEATURES:
    `features.feature_values` gives them so, without a dictionary)."""
    score, signals = _score(tuple(xs), claim_type)
    return score, list(signals)


# The score and signals of the feature vectors seen lately (a pure function of the values and the
# type). Most features are 0 or 1 and the others take few values, so sentences share a handful of
# vectors (85 for the 11,553 sentences of the bench's mix): most sentences pay a look-up instead
# of the sum, sort and signal names.
@functools.lru_cache(maxsize=4096)
def _score(xs: tuple[float, ...], claim_type: str) -> tuple[float, tuple[str, ...]]:
    z = weights.BIAS
    contributions: list[tuple[float, str, float]] = []
    for i in compress(_INDEXES, xs):
        x = xs[i]
        name, w, minus_abs_w = _TERMS[i]
        if x == 1.0:  # most values: w * 1.0 is w, exactly
            z += w
            if minus_abs_w <= -_SIGNAL_MIN:
                contributions.append((minus_abs_w, name, w))
            continue
        c = w * x
        z += c
        if abs(c) >= _SIGNAL_MIN:
            contributions.append((-abs(c), name, c))
    p = 1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0
    # By size, then name (names differ, so the third item is never compared).
    contributions.sort()
    signals = [("+" if c > 0 else "-") + name for _, name, c in contributions]
    if claim_type == "prediction":
        p *= PREDICTION_FACTOR
        signals.append("-prediction")
    return round(p, 4), tuple(signals)
