"""Qualifiers before a figure ("more than", "about", "up to")."""

from __future__ import annotations

from .lookback import last_word_before, words_back

QUALIFIERS = {
    "more than": "more than", "over": "more than", "above": "more than",
    "in excess of": "more than", "upwards of": "more than", "just over": "more than",
    "well over": "more than", "greater than": "more than", "nearly": "nearly", "almost": "almost",
    "close to": "nearly", "just under": "nearly", "about": "about", "around": "about",
    "roughly": "about", "approximately": "about", "some": "about", "an estimated": "about",
    "estimated": "about", "up to": "up to", "as many as": "up to", "as much as": "up to",
    "at least": "at least", "no less than": "at least", "at most": "at most",
    "no more than": "at most", "less than": "less than", "fewer than": "less than",
    "under": "less than", "below": "less than", "exactly": "exactly", "only": "only",
}  # fmt: skip


# Every qualifier ends with one of these words: any other word before a figure ends the look-up.
QUALIFIER_LAST_WORDS = frozenset(k.rpartition(" ")[2] for k in QUALIFIERS)


def qualifier_before(
    text: str, pos: int, floor: int, last: str | None = None
) -> tuple[str | None, int]:
    """`last`, if given, is `last_word_before(text, pos, floor)`."""
    if (last_word_before(text, pos, floor) if last is None else last) not in QUALIFIER_LAST_WORDS:
        return None, pos
    words, starts = words_back(text, pos, floor)
    lo = pos - 24
    n_near = sum(1 for st in starts[-4:] if st >= lo)
    for n in (3, 2, 1):
        if n_near >= n:
            q = QUALIFIERS.get(" ".join(words[-n:]))
            if q:
                return q, starts[-n]
    return None, pos
