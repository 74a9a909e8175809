"""The words before a figure, and the short cuts that read only the last of them."""

from __future__ import annotations

from hypothesis import example, given, settings

from claims.extraction.figures.changes import DECREASE_WORDS, INCREASE_WORDS, change_before
from claims.extraction.figures.lookback import last_word_before, words_before
from claims.extraction.figures.qualifiers import QUALIFIERS, qualifier_before
from tests.claims.extraction.text_strategies import biased_text

_QUALIFIER_WORDS = [w for q in QUALIFIERS for w in q.split()]
_CHANGE_WORDS = [*INCREASE_WORDS, *DECREASE_WORDS, "from", "to", "of", "by"]


def _words_back_slowly(text: str, pos: int, floor: int) -> tuple[list[str], list[int]]:
    return words_before(text, pos, floor, 48)


@settings(max_examples=300, deadline=None)
@example("rose  \t5 from\u00a05 \u017fome 5")
@example("x" * 47 + "up to 5")
@given(biased_text([*_QUALIFIER_WORDS, *_CHANGE_WORDS, "5"]))
def test_the_last_word_before_is_the_last_of_the_words_back(text):
    # change_before decides from the last word alone (but after "of" and "by"): that word must be
    # the last of the words that the full look-back reads.
    for pos in range(len(text) + 1):
        for floor in (0, max(0, pos - 30), pos):
            words, _ = words_before(text, pos, floor, 48)
            assert last_word_before(text, pos, floor) == (words[-1] if words else "")


def _qualifier_from_all_words(text: str, pos: int, floor: int) -> tuple[str | None, int]:
    """qualifier_before as it reads without its short cuts: the last three words looked up."""
    words, starts = _words_back_slowly(text, pos, floor)
    n_near = sum(1 for st in starts[-4:] if st >= pos - 24)
    for n in (3, 2, 1):
        if n_near >= n:
            q = QUALIFIERS.get(" ".join(words[-n:]))
            if q:
                return q, starts[-n]
    return None, pos


def _change_from_all_words(text: str, pos: int, floor: int) -> str | None:
    """change_before as it reads without its short cuts (kept here as the reference)."""
    from claims.extraction.figures.changes import _DECREASE_SET, _INCREASE_SET, DIGIT_RE

    words, starts = _words_back_slowly(text, pos, floor)
    if not words:
        return None
    last = words[-1]
    if last in ("from", "to"):
        return last
    look = words[-2:-1] if last in ("of", "by") else [last]
    if last == "by":
        k = len(words) - 1
        while k > max(0, len(words) - 6):
            if DIGIT_RE.search(text, starts[k - 1] + len(words[k - 1]), starts[k]):
                break
            k -= 1
        look = words[k:-1]
    for w in reversed(look):
        if w in _INCREASE_SET:
            return "increase"
        if w in _DECREASE_SET:
            return "decrease"
    return None


@settings(max_examples=300, deadline=None)
@example("no more than 5, well over 6, up-to 7, as many as 8 close  to 9")
@example("x" * 30 + "more than 5")
@example("more" + " " * 12 + "than 5, at" + " " * 16 + "least 6")
@example("approximately" + " " * 11 + "5, roughly" + " " * 18 + "6 only\t\u00a07 éabout 8")
@given(biased_text([*_QUALIFIER_WORDS, *_CHANGE_WORDS, "5"]))
def test_qualifier_and_change_short_cuts_give_what_the_full_look_back_gives(text):
    for pos in range(len(text) + 1):
        for floor in (0, max(0, pos - 30), pos):
            assert qualifier_before(text, pos, floor) == _qualifier_from_all_words(text, pos, floor)
            assert change_before(text, pos, floor) == _change_from_all_words(text, pos, floor)
