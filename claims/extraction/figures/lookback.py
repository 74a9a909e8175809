"""The words right before a figure, read once and shared by the qualifier and change look-ups."""

from __future__ import annotations

import re

# Not "[A-Za-z]+": a leading plain character class lets `re` skip to a letter in C.
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z]*")


def words_before(text: str, pos: int, floor: int, span: int) -> tuple[list[str], list[int]]:
    """The lower-cased words in the `span` characters before pos, and where each starts, but only
    if nothing other than spaces separates the last of them from pos."""
    # Most figures follow a space and a word, or a bracket or sign: look before scanning.
    i = pos
    while i > floor and text[i - 1] == " ":
        i -= 1
    if i == floor or not (text[i - 1].isalpha() or text[i - 1].isspace()):
        return [], []
    lo = max(floor, pos - span)
    seg = text[lo:pos]
    words = _WORD_RE.findall(seg)
    if not words:
        return [], []
    # Where each word starts: between two words there are no ASCII letters, so the next
    # occurrence of a word from the end of the one before is where it was matched.
    starts: list[int] = []
    c = 0
    for w in words:
        c = seg.find(w, c)
        starts.append(lo + c)
        c += len(w)
    if seg[c:].strip():
        return [], []
    if starts[0] == lo and lo > floor and text[lo - 1].isalpha():
        del words[0], starts[0]  # cut in the middle of a word
    # Words are ASCII letters without spaces: one lower() over the joined words.
    return (" ".join(words).lower().split(" ") if words else []), starts


# The last look-back, reused: a figure's qualifier and change role read the same words. One tuple,
# read and replaced whole, so that threads sharing the module cannot see a half-updated entry.
_last_lookback: tuple[str, int, int, tuple[list[str], list[int]]] = ("", -1, -1, ([], []))


def words_back(text: str, pos: int, floor: int) -> tuple[list[str], list[int]]:
    """`words_before(text, pos, floor, 48)`, remembered for the next call at the same place."""
    global _last_lookback
    last = _last_lookback
    if last[1] == pos and last[2] == floor and last[0] is text:
        return last[3]
    found = words_before(text, pos, floor, 48)
    _last_lookback = (text, pos, floor, found)
    return found


_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def last_word_before(text: str, pos: int, floor: int) -> str:
    """The last of `words_before(text, pos, floor, 48)[0]`, or "" if there are none, without
    building the lists: most figures follow a word that can be neither a qualifier nor a change,
    and this is all it takes to know."""
    lo = max(floor, pos - 48)
    j = pos
    while j > lo and text[j - 1].isspace():
        j -= 1
    # Most words before a figure follow a space: the word from there, if it is all ASCII letters,
    # is the run of letters the loop below finds.
    k = text.rfind(" ", lo, j) + 1
    if k < lo:
        k = lo
    word = text[k:j]
    if not (word.isascii() and word.isalpha()):
        k = j
        while k > lo and text[k - 1] in _ASCII_LETTERS:
            k -= 1
    if k == j or (k == lo and lo > floor and text[lo - 1].isalpha()):
        # No word right before pos, or the only word is cut by the window.
        return ""
    return text[k:j].lower()
