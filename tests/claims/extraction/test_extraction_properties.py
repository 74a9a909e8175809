"""Property tests: spans always match the text, nothing crashes on arbitrary unicode."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from claims.extraction import QUANTITY_KINDS, extract
from claims.extraction import lexicon as lx
from claims.extraction.figures import number_words
from claims.extraction.lexicon import Tokens

NEWSY = st.lists(
    st.sampled_from(
        [
            "The firm sold 1.2 million cars",
            " in 2021",
            ", up 3.4 percent",
            " from NT$50 (US$1.59)",
            " to $372.07 billion",
            ".",
            "\n",
            " Dr. ",
            "?",
            " four years ago",
            " 63,10,194",
            "-",
            "Photo credit: X\n",
            " ",
        ]
    ),
    max_size=30,
).map("".join)


def _check(text: str) -> None:
    for claim in extract(text):
        assert text[claim.start : claim.end] == claim.text
        assert claim.text.strip() == claim.text and claim.text
        assert 0.0 <= claim.checkworthiness <= 1.0
        for q in claim.quantities:
            assert text[q.start : q.end] == q.text
            assert claim.start <= q.start < q.end <= claim.end
            assert q.kind in QUANTITY_KINDS


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_spans_match_on_arbitrary_unicode(text):
    _check(text)


@settings(max_examples=200, deadline=None)
@given(NEWSY)
def test_spans_match_on_news_like_fragments(text):
    _check(text)


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


_NUMBER_WORD_PIECES = st.sampled_from(
    [
        *number_words.NUMBER_WORD_STARTS,
        *number_words.WORDS_AFTER_A,
        *"aAn -'\t\n5_",
        "an",
        "of",
        "often",
        "someone",
        "Two-Thirds",
        "A Dozen",
        "\u017fix",  # long s: IGNORECASE reads it as "six"
        "f\u0131ve",  # dotless i
        "\u0130",
        "\u212a",
        "é",
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(_NUMBER_WORD_PIECES, st.sampled_from([" ", "", "-", "  "])), max_size=20))
def test_number_words_are_found_where_a_full_scan_finds_them(pieces):
    text = "".join(w.upper() if i % 3 == 0 else w + sep for i, (w, sep) in enumerate(pieces))
    for start in (0, min(3, len(text))):
        end = len(text)
        expected = [m.span() for m in number_words.NUMBER_WORD_RE.finditer(text, start, end)]
        assert [m.span() for m in number_words.find_number_words(text, start, end)] == expected
