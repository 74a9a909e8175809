# ruff: noqa: RUF001  (typographic quotes, dashes and currency signs are the point of these patterns)
"""Interpretable sentence features, shared by the runtime score and `bench/fit_checkworthiness.py`.

Cues are phrase tables in `lexicon.py`, looked up in the sentence's word grams.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from .lexicon import FEATURE_PHRASES, FIRST_PERSON_RAW, MODAL_PHRASES, MODAL_RAW, Tokens
from .types import Quantity

# Both alternatives start with a capital; testing it first spares the look-behind and the
# boundary test at every other position (the scan costs half as much).
_PROPER_RE = re.compile(r"(?=[A-Z])(?:(?<=[a-z,;:] )[A-Z][a-z]+|\b[A-Z]{2,}\b)")
_DIGIT_RE = re.compile(r"\d")
_LOG_60 = math.log(60)

FEATURES = (
    "digit",
    "number",
    "percent",
    "money",
    "year_or_date",
    "ordinal",
    "comparison",
    "superlative",
    "attribution",
    "opinion",
    "first_person",
    "second_person",
    "modal",
    "policy",
    "past_fact",
    "negation",
    "causal",
    "rule",
    "courtesy",
    "evaluative",
    "proper_nouns",
    "question",
    "length",
    "short",
)


def sentence_features(
    text: str,
    start: int,
    end: int,
    quantities: Sequence[Quantity],
    tokens: Tokens | None = None,
) -> dict[str, float]:
    """Feature values in [0, 1] for text[start:end]; `quantities` are the figures found in it."""
    if tokens is None:
        tokens = Tokens(text, start, end)
    f = dict.fromkeys(FEATURES, 0.0)
    grams = tokens.hits  # the grams that are in some table: same answers, fewer lookups
    for name, table in FEATURE_PHRASES.items():
        if not grams.isdisjoint(table):
            f[name] = 1.0
    if len(grams & FEATURE_PHRASES["policy"]) == 1:
        f["policy"] = 0.5
    raw = tokens.raw
    n_first = sum(map(FIRST_PERSON_RAW.__contains__, raw))
    f["first_person"] = min(1.0, 0.5 * n_first)
    if not MODAL_RAW.isdisjoint(raw) or not grams.isdisjoint(MODAL_PHRASES):
        f["modal"] = 1.0
    if _DIGIT_RE.search(text, start, end):
        f["digit"] = 1.0
    for q in quantities:
        k = q.kind
        if k in ("count", "measure", "ratio", "duration"):
            f["number"] = 1.0
        elif k in ("percent", "percentage_point"):
            f["percent"] = 1.0
        elif k == "money":
            f["money"] = 1.0
        elif k in ("year", "date"):
            f["year_or_date"] = 1.0
        elif k == "ordinal":
            f["ordinal"] = 1.0
    n_proper = len(_PROPER_RE.findall(text, start, end))
    f["proper_nouns"] = min(1.0, n_proper / 3)
    stripped = text[start:end].rstrip("\"'”’) ")
    f["question"] = 1.0 if stripped.endswith("?") else 0.0
    n_words = max(1, len(raw))
    f["length"] = min(1.0, math.log(n_words) / _LOG_60)
    f["short"] = 1.0 if n_words < 6 else 0.0
    return f
