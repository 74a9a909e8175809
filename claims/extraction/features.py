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


_INDEX = {name: i for i, name in enumerate(FEATURES)}
# For each phrase, the indexes (in FEATURES) of the features whose table holds it.
_GRAM_INDEXES: dict[str, tuple[int, ...]] = {
    g: tuple(_INDEX[name] for name in names) for g, names in _GRAM_FEATURES.items()
}
_POLICY = FEATURE_PHRASES["policy"]
(
    _DIGIT,
    _NUMBER,
    _PERCENT,
    _MONEY,
    _YEAR_OR_DATE,
    _ORDINAL,
    _COMPARISON,
    _FIRST_PERSON,
    _MODAL,
    _POLICY_I,
    _PROPER_NOUNS,
    _QUESTION,
    _LENGTH,
    _SHORT,
) = (
    _INDEX[n]
    for n in (
        "digit",
        "number",
        "percent",
        "money",
        "year_or_date",
        "ordinal",
        "comparison",
        "first_person",
        "modal",
        "policy",
        "proper_nouns",
        "question",
        "length",
        "short",
    )
)
# The feature a figure's kind sets.
_KIND_INDEX = {
    "count": _NUMBER,
    "measure": _NUMBER,
    "ratio": _NUMBER,
    "duration": _NUMBER,
    "percent": _PERCENT,
    "percentage_point": _PERCENT,
    "money": _MONEY,
    "year": _YEAR_OR_DATE,
    "date": _YEAR_OR_DATE,
    "ordinal": _ORDINAL,
}
_ZEROS = [0.0] * len(FEATURES)


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
    values = feature_values(text, start, end, quantities, tokens, has_digit)
    return dict(zip(FEATURES, values, strict=True))


def feature_values(
    text: str,
    start: int,
    end: int,
    quantities: Sequence[Quantity],
    tokens: Tokens | None = None,
    has_digit: bool | None = None,
) -> list[float]:
    """`sentence_features` as a list in the order of FEATURES (what the score reads)."""
    if tokens is None:
        tokens = Tokens(text, start, end)
    f = _ZEROS.copy()
    grams = tokens.hits  # the grams that are in some table: same answers, fewer lookups
    # A sentence has a few hits: visit them, not every table.
    for g in grams:
        for i in _GRAM_INDEXES.get(g, ()):
            f[i] = 1.0
    if len(grams & _POLICY) == 1:
        f[_POLICY_I] = 0.5
    raw = tokens.raw
    # Most sentences have no first person: one test in C, before counting.
    if not FIRST_PERSON_RAW.isdisjoint(raw):
        n_first = sum(map(FIRST_PERSON_RAW.__contains__, raw))
        f[_FIRST_PERSON] = min(1.0, 0.5 * n_first)
    if not MODAL_RAW.isdisjoint(raw) or not grams.isdisjoint(MODAL_PHRASES):
        f[_MODAL] = 1.0
    if has_digit is None:
        has_digit = _DIGIT_RE.search(text, start, end) is not None
    if has_digit:
        f[_DIGIT] = 1.0
    for q in quantities:
        k = q.kind
        ki = _KIND_INDEX.get(k)
        if ki is not None:
            f[ki] = 1.0
            if k == "ratio" and q.unit == "times":  # "doubled", "twice as many"
                f[_COMPARISON] = 1.0
    n_proper = len(_PROPER_RE.findall(text, start, end))
    f[_PROPER_NOUNS] = min(1.0, n_proper / 3)
    stripped = text[start:end].rstrip("\"'”’) ")
    f[_QUESTION] = 1.0 if stripped.endswith("?") else 0.0
    n_words = max(1, len(raw))
    f[_LENGTH] = min(1.0, math.log(n_words) / _LOG_60)
    f[_SHORT] = 1.0 if n_words < 6 else 0.0
    return f
