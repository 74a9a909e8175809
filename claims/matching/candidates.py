"""Choosing the words the candidate queries look for.

The candidate queries (claims/services/matching.py) ask the GIN-indexed full-text `search_vector`
for claims sharing the rarest words of the new claim: a bitmap over a few short posting lists, so
only a few rows are read from the table however large it is."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from itertools import combinations

from .vocabulary import DEMONYMS, SYNONYMS, WORD_RE, stem_of

# A lexeme that starts with a letter: numbers and years ("2023", "4.2") are left out.
_LEXEME_RE = re.compile(r"[a-z][a-z0-9']*[a-z0-9]|[a-z]")


def rarest_lexemes(
    lexemes: Iterable[str], frequencies: Mapping[str, float], count: int
) -> list[str]:
    """The `count` rarest of a claim's full-text lexemes (PostgreSQL's, already stemmed), by the
    share of claims containing them (`frequencies`, from pg_stats; a lexeme not listed there is
    rarer than every listed one). Ties go to the longer lexeme. Numbers are left out: the figure
    keys deal with them, and years would fetch a year's claims."""
    words = {w for w in lexemes if _LEXEME_RE.fullmatch(w)}
    return sorted(words, key=lambda w: (frequencies.get(w, 0.0), -len(w), w))[:count]


def related_words(text: str) -> list[str]:
    """Words news copy uses for the same subject as words of `text` ("sales" -> "revenue",
    "turnover", ...; "German" -> "Germany"), so a candidate worded the other way is found too."""
    groups: dict[str, set[str]] = {}
    for table in (SYNONYMS, DEMONYMS):
        for word, canonical in table.items():
            groups.setdefault(stem_of(canonical), {canonical}).add(word)
    found: set[str] = set()
    for match in WORD_RE.finditer(text):
        stem = stem_of(match.group())
        if stem in groups:
            found |= groups[stem]
    return sorted(w for w in found if w.isascii() and w.isalpha())


def _quote_lexeme(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def tsquery_any(lexemes: Sequence[str]) -> str:
    """A tsquery (text, cast with ::tsquery, not normalised again) matching any of the lexemes."""
    return " | ".join(_quote_lexeme(w) for w in lexemes)


def tsquery_at_least(lexemes: Sequence[str], needed: int) -> str:
    """A tsquery matching documents with at least `needed` of the lexemes (an OR of ANDs)."""
    needed = max(1, min(needed, len(lexemes)))
    return " | ".join(
        "(" + " & ".join(_quote_lexeme(w) for w in group) + ")"
        for group in combinations(lexemes, needed)
    )


def tsquery_first_and_any(lexemes: Sequence[str]) -> str:
    """A tsquery matching documents with the first lexeme and at least one of the others."""
    first, *others = lexemes
    if not others:
        return _quote_lexeme(first)
    return " | ".join(f"({_quote_lexeme(first)} & {_quote_lexeme(w)})" for w in others)
