"""`extract(text)`: sentences -> furniture/question/opinion filter -> figures -> type, score,
consistency, speaker. Deterministic; no state between calls."""

from __future__ import annotations

from typing import Any

from .classify import claim_type, is_furniture, is_opinion, is_question, speaker_of
from .consistency import check
from .features import sentence_features
from .lexicon import Tokens
from .numbers import Context, find_quantities
from .scoring import checkworthiness
from .sentences import iter_sentence_spans
from .types import ConsistencyCheck, ExtractedClaim, Quantity

MIN_WORDS = 4


def extract(text: str) -> list[ExtractedClaim]:
    """The claims in an article body, in text order. `claim.text == text[claim.start:claim.end]`."""
    if not text:
        return []
    ctx = Context.of(text)
    claims: list[ExtractedClaim] = []
    for start, end, _para in iter_sentence_spans(text):
        sentence = text[start:end]
        if text.count(" ", start, end) + 1 < MIN_WORDS:
            continue
        if is_furniture(sentence) or is_question(sentence):
            continue
        tokens = Tokens(text, start, end)
        quantities = find_quantities(text, start, end, ctx, tokens.low)
        if is_opinion(tokens, quantities):
            continue
        ctype = claim_type(tokens, quantities)
        feats = sentence_features(text, start, end, quantities, tokens)
        score, signals = checkworthiness(feats, ctype)
        claims.append(
            ExtractedClaim(
                text=sentence,
                start=start,
                end=end,
                type=ctype,
                checkworthiness=score,
                signals=signals,
                quantities=quantities,
                consistency=check(text, quantities) if len(quantities) > 1 else [],
                speaker=speaker_of(sentence),
            )
        )
    return claims


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
