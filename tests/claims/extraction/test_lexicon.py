"""Phrase look-ups over a sentence's tokens."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from claims.extraction import lexicon as lx
from claims.extraction.lexicon import Tokens
from tests.claims.extraction.text_strategies import biased_text

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


@settings(max_examples=500, deadline=None)
@given(
    biased_text(["don't", "rock'n'roll", "'tis", "O'Neill", "caf\u00e9", "it\u2019s", "abc"]),
    st.integers(0, 8),
    st.integers(0, 8),
)
def test_tokens_split_as_the_token_regex_does(text, cut_start, cut_end):
    # Tokens are cut in C (bytes.translate and split); they must be what the regex finds, in any
    # span of the text, with apostrophes, non-ASCII letters and odd spaces.
    start = min(cut_start, len(text))
    end = max(start, len(text) - cut_end)
    assert lx._tokens(text[start:end]) == lx._TOKEN_RE.findall(text, start, end)
