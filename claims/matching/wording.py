"""Wording similarity as PostgreSQL's pg_trgm computes it, so the scorer and the database agree."""

from __future__ import annotations

import re

# pg_trgm's words: runs of letters and digits.
_TRGM_WORD_RE = re.compile(r"[0-9A-Za-z\u00C0-\u024F]+")


def trigrams(text: str) -> frozenset[str]:
    """pg_trgm's trigrams: lower-cased alphanumeric words, padded with two spaces before and one
    after, so `similarity()` here and in PostgreSQL agree."""
    grams: set[str] = set()
    for word in _TRGM_WORD_RE.findall(text.lower()):
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(grams)


def trigram_similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """pg_trgm's `similarity()`: shared trigrams over all trigrams."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
