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

# A capitalised word after a lower-case word (or , ; :) and one space, or a word of capitals:
# `(?<=[a-z,;:] )[A-Z][a-z]+|\b[A-Z]{2,}\b`, written to start with the capital itself (the look-
# behinds moved past it, `\b` before a capital being "no word character before it") so that `re`
# skips to the next capital in C: the same matches at under half the cost of a lookahead start.
_PROPER_RE = re.compile(r"[A-Z](?:(?<=[a-z,;:] [A-Z])[a-z]+|(?<!\w.)[A-Z]+\b)")
_DIGIT_RE = re.compile(r"\d")
_LOG_60 = math.log(60)
# For each phrase, the features whose table holds it.
_GRAM_FEATURES: dict[str, tuple[str, ...]] = {}
for _name, _table in FEATURE_PHRASES.items():
    for _g in _table:
        _GRAM_FEATURES[_g] = (*_GRAM_FEATURES.get(_g, ()), _name)

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
    has_digit: bool | None = None,
) -> dict[str, float]:
    """Feature values in [0, 1] for text[start:end]; `quantities` are the figures found in it.
    `has_digit`, if the caller knows it, is whether the span holds a digit (`\\d`)."""
    if tokens is None:
        tokens = Tokens(text, start, end)
    f = dict.fromkeys(FEATURES, 0.0)
    grams = tokens.hits  # the grams that are in some table: same answers, fewer lookups
    # A sentence has a few hits: visit them, not every table.
    for g in grams:
        for name in _GRAM_FEATURES.get(g, ()):
            f[name] = 1.0
    if len(grams & FEATURE_PHRASES["policy"]) == 1:
        f["policy"] = 0.5
    raw = tokens.raw
    n_first = sum(map(FIRST_PERSON_RAW.__contains__, raw))
    f["first_person"] = min(1.0, 0.5 * n_first)
    if not MODAL_RAW.isdisjoint(raw) or not grams.isdisjoint(MODAL_PHRASES):
        f["modal"] = 1.0
    if has_digit is None:
        has_digit = _DIGIT_RE.search(text, start, end) is not None
    if has_digit:
        f["digit"] = 1.0
    for q in quantities:
        k = q.kind
        if k in ("count", "measure", "ratio", "duration"):
            f["number"] = 1.0
            if k == "ratio" and q.unit == "times":  # "doubled", "twice as many"
                f["comparison"] = 1.0
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
