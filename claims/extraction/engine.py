"""`extract(text)`: sentences -> furniture/question/opinion filter -> figures -> type, score,
speaker -> keep only what is checkable -> consistency. Deterministic; no state between calls."""

from __future__ import annotations

import re
from typing import Any

from . import weights
from .classify import (
    claim_type,
    headline_runs,
    is_furniture,
    is_opinion,
    is_question,
    is_share_line,
    speaker_of,
)
from .consistency import check
from .features import FEATURES, feature_values
from .figures import Context, context_matters, find_quantities
from .lexicon import Tokens
from .scoring import WEIGHT_NAMES, checkworthiness_of_values
from .sentences import iter_sentence_spans
from .types import ConsistencyCheck, ExtractedClaim, Quantity, new_claim

MIN_WORDS = 4
# A sentence of three words is a claim only with a figure of these kinds or a change in it.
_SHORT_CLAIM_KINDS = frozenset({"percent", "percentage_point", "money", "measure"})
# The score reads the feature values by position: the weights are in the order of FEATURES.
if WEIGHT_NAMES != FEATURES:
    raise ImportError("claims/extraction/weights.py is not in the order of features.FEATURES")
_DIGIT_RE = re.compile(r"\d")


def extract(text: str) -> list[ExtractedClaim]:
    """The claims in an article body, in text order. `claim.text == text[claim.start:claim.end]`."""
    if not text:
        return []
    # The document scan for which dollar and yen are meant, only if some figure may ask.
    ctx = Context.of(text) if context_matters(text) else Context()
    claims: list[ExtractedClaim] = []
    # Figures of the sentence before, if it was a claim in the same paragraph: a change stated in
    # one sentence may start from a level stated in the one before.
    prev_figures: list[Quantity] = []
    current_para = -1
    runs = headline_runs(text) if "\n" in text else []
    for start, end, para in iter_sentence_spans(text):
        if runs and _in_runs(runs, start):
            continue
        if para != current_para:
            current_para = para
            prev_figures = []
        before, prev_figures = prev_figures, []
        sentence = text[start:end]
        n_words = text.count(" ", start, end) + 1
        if n_words < MIN_WORDS and not (
            # "Sales grew 2%.", "Turnout was 61%.": three words and a figure make a sentence.
            n_words == MIN_WORDS - 1 and sentence.endswith(".") and _DIGIT_RE.search(sentence)
        ):
            continue
        # Lower-cased once for the tests that read the sentence in any case.
        lowered = sentence.lower()
        if is_furniture(sentence, lowered) or is_question(sentence):
            continue
        tokens = Tokens(text, start, end)
        if is_share_line(tokens):
            continue
        # One digit test serves the figures and the features.
        has_digit = _DIGIT_RE.search(text, start, end) is not None
        quantities = find_quantities(text, start, end, ctx, tokens.words, has_digit, lowered)
        if n_words < MIN_WORDS and not any(
            q.kind in _SHORT_CLAIM_KINDS or q.change for q in quantities
        ):
            continue  # "Read 5 comments.", "See page 12."
        if is_opinion(tokens, quantities):
            continue
        ctype = claim_type(tokens, quantities, text, start, end)
        feats = feature_values(text, start, end, quantities, tokens, has_digit)
        score, signals = checkworthiness_of_values(feats, ctype)
        speaker = speaker_of(sentence, tokens, lowered)
        if not is_checkable(ctype, score, quantities, speaker):
            continue
        claims.append(
            new_claim(
                text=sentence,
                start=start,
                end=end,
                type=ctype,
                checkworthiness=score,
                signals=signals,
                quantities=quantities,
                consistency=check(text, quantities, before) if len(quantities) > 1 else [],
                speaker=speaker,
            )
        )
        prev_figures = quantities
    return claims


def _in_runs(runs: list[tuple[int, int]], pos: int) -> bool:
    """Whether pos is in one of the headline runs (a page has a handful at most)."""
    return any(s <= pos < e for s, e in runs)


def is_checkable(ctype: str, score: float, quantities: list[Quantity], speaker: str | None) -> bool:
    """Whether a sentence says something a source could confirm: a score at or above the fitted
    threshold, or a figure, or a typed claim (event, rank, rule, ...), or a named source.
    "He smiled and walked slowly out of the room." has none of these."""
    if score >= weights.THRESHOLD or ctype != "other" or speaker is not None:
        return True
    # Small numbers in words ("the two of them") are not figures to check.
    return any(
        not (q.kind == "count" and q.text.isalpha() and q.value < 10 and not q.qualifier)
        for q in quantities
    )


def quantity_to_dict(q: Quantity) -> dict[str, Any]:
    return {
        "text": q.text,
        "start": q.start,
        "end": q.end,
        "value": q.value,
        "kind": q.kind,
        "unit": q.unit,
        "currency": q.currency,
        "qualifier": q.qualifier,
        "noun": q.noun,
        "range_to": q.range_to,
        "change": q.change,
    }


def consistency_to_dict(c: ConsistencyCheck) -> dict[str, Any]:
    return {
        "kind": c.kind,
        "status": c.status,
        "expected": c.expected,
        "actual": c.actual,
        "detail": c.detail,
        "quantity_indexes": list(c.quantity_indexes),
        "related_spans": [list(span) for span in c.related_spans],
    }


def to_dict(claim: ExtractedClaim, article: str | None = None) -> dict[str, Any]:
    """The JSON-line form used by the CLI and the API. `article` is the article id, if any."""
    return {
        "article": article,
        "text": claim.text,
        "start": claim.start,
        "end": claim.end,
        "type": claim.type,
        "checkworthiness": claim.checkworthiness,
        "signals": list(claim.signals),
        "speaker": claim.speaker,
        "quantities": [quantity_to_dict(q) for q in claim.quantities],
        "consistency": [consistency_to_dict(c) for c in claim.consistency],
    }
