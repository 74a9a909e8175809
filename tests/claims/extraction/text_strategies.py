# ruff: noqa: RUF001  (typographic quotes, dashes and currency signs are the point of these pieces)
"""Hypothesis strategies for text that puts a regex's own words and characters side by side, so
that a property about when a regex can match is tested where it matters."""

from __future__ import annotations

from collections.abc import Iterable

from hypothesis import strategies as st

# Characters that decide many matches: separators, signs, brackets, apostrophes, digits, and the
# non-ASCII letters that IGNORECASE matches to ASCII ones (long s, dotless i, dotted I, Kelvin).
SEPARATORS = [*" \t\n -–—.,;:/()+#%$€£¥₹'’\"”_0123456789", "  ", " - ", "\u00a0"]
ODD_LETTERS = ["\u017f", "\u0131", "\u0130", "\u212a", "é", "ß"]


def _cases(word: str) -> st.SearchStrategy[str]:
    return st.sampled_from([word, word.upper(), word.title(), word.lower()])


def biased_text(words: Iterable[str], max_pieces: int = 20) -> st.SearchStrategy[str]:
    """Text made of `words` (in any case, often after a space), separators, digits and a little
    arbitrary text."""
    vocab = sorted(set(words))
    piece = st.one_of(
        st.sampled_from(vocab).flatmap(_cases),
        st.sampled_from(vocab).flatmap(_cases).map(" ".__add__),
        st.sampled_from(SEPARATORS),
        st.sampled_from(ODD_LETTERS),
        st.text(max_size=3),
    )
    return st.lists(piece, max_size=max_pieces).map("".join)


def with_plain_spaces(text: str) -> str:
    """`text` with every whitespace character (what `\\s` matches) made a plain space."""
    return "".join(" " if c.isspace() else c for c in text)
