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


# For a last word that is no qualifier by itself ("than", "to", "of", "least", ...): the words
# that must come right before it for some qualifier to end with it ("more", "up", "at", ...).
_WORDS_BEFORE_LAST: dict[str, tuple[str, ...]] = {}
for _q in QUALIFIERS:
    _words = _q.split(" ")
    if len(_words) > 1 and _words[-2] not in _WORDS_BEFORE_LAST.get(_words[-1], ()):
        _WORDS_BEFORE_LAST[_words[-1]] = (*_WORDS_BEFORE_LAST.get(_words[-1], ()), _words[-2])
for _q in QUALIFIERS:
    _WORDS_BEFORE_LAST.pop(_q, None)  # a qualifier by itself: its words must be read
# Qualifiers of one word that end no longer qualifier ("about", "nearly", "below"; not "over",
# which ends "just over"): the word before them does not matter.
_ALONE = frozenset(
    q for q in QUALIFIERS if " " not in q and not any(k.endswith(" " + q) for k in QUALIFIERS)
)


def qualifier_before(
    text: str, pos: int, floor: int, last: str | None = None
) -> tuple[str | None, int]:
    """`last`, if given, is `last_word_before(text, pos, floor)`."""
    if last is None:
        last = last_word_before(text, pos, floor)
    if last not in QUALIFIER_LAST_WORDS:
        return None, pos
    before = _WORDS_BEFORE_LAST.get(last)
    if before is not None:
        # Only a qualifier of two or three words can end with `last`; its word before `last`
        # starts in the 24 characters before pos (see n_near below), so it is a substring of them
        # (lower-cased: the words are ASCII letters). Most "to", "of", "than" have none.
        near = text[max(floor, pos - 24) : pos].lower()
        if not any(w in near for w in before):
            return None, pos
    elif last in _ALONE:
        # The qualifier is `last` itself, if it starts in the 24 characters before pos (as
        # n_near below asks): no need to read the words.
        j = pos
        while text[j - 1].isspace():  # stops at `last`
            j -= 1
        s = j - len(last)
        return (QUALIFIERS[last], s) if s >= pos - 24 else (None, pos)
    return qualifier_of_words(text, pos, floor)


def qualifier_of_words(text: str, pos: int, floor: int) -> tuple[str | None, int]:
    """The qualifier of up to three words that ends at pos, read from `words_back`."""
    words, starts = words_back(text, pos, floor)
    lo = pos - 24
    n_near = sum(1 for st in starts[-4:] if st >= lo)
    for n in (3, 2, 1):
        if n_near >= n:
            q = QUALIFIERS.get(" ".join(words[-n:]))
            if q:
                return q, starts[-n]
    return None, pos
