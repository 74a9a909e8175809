"""The fast number-word scan finds what a full regex scan finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from claims.extraction.figures import number_words

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
