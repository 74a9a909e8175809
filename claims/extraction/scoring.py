"""Check-worthiness: a logistic regression over `features.sentence_features` (weights fitted on
ClaimBuster, CC BY 4.0, see `weights.py`), then a penalty for predictions, which cannot be checked
yet. Signals name the features that moved the score most, with the direction."""

from __future__ import annotations

import math

from . import weights

PREDICTION_FACTOR = 0.6
_SIGNAL_MIN = 0.25  # |weight * value| below this is not worth naming
_WEIGHTS = tuple(weights.WEIGHTS.items())  # in the same order, so z sums the same way


def checkworthiness(features: dict[str, float], claim_type: str) -> tuple[float, list[str]]:
    z = weights.BIAS
    contributions: list[tuple[float, str]] = []
    get = features.get
    for name, w in _WEIGHTS:
        x = get(name, 0.0)
        if x:
            c = w * x
            z += c
            if abs(c) >= _SIGNAL_MIN:
                contributions.append((c, name))
    p = 1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0
    contributions.sort(key=lambda t: (-abs(t[0]), t[1]))
    signals = [("+" if c > 0 else "-") + name for c, name in contributions]
    if claim_type == "prediction":
        p *= PREDICTION_FACTOR
        signals.append("-prediction")
    return round(p, 4), signals
