"""Phrase look-ups over a sentence's tokens."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from claims.extraction import lexicon as lx
from claims.extraction.lexicon import Tokens

# The phrase tables that are looked up in a sentence's grams (the *_RAW sets are matched
# against the raw tokens instead).
_TABLES = [
    lx.PREDICTION,
    lx.WEAK_PREDICTION,
    lx.CAUSAL,
    lx.RULE,
    lx.SUPERLATIVE,
    lx.COMPARISON,
    lx.QUALIFIER_COMPARISON,
    lx.OPINION,
    lx.EVENT,
    lx.EVENT_OBJECTS,
    lx.MODAL_PHRASES,
    *lx.FEATURE_PHRASES.values(),
]


_TABLE_WORDS = sorted({w for t in _TABLES for p in t for w in p.split()})


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*_TABLE_WORDS, "The", "5", ",", "\u2019s", "Will"]), max_size=40))
def test_phrase_lookups_see_every_gram_of_the_sentence(words):
    # Tokens keeps only the grams that are in some table; every table lookup must still answer
    # as if it saw all of them.
    text = " ".join(words)
    tokens = Tokens(text, 0, len(text))
    for table in _TABLES:
        assert tokens.any(table) == (not tokens.grams.isdisjoint(table))
        assert tokens.hits & table == tokens.grams & table
