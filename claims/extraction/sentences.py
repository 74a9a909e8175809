# ruff: noqa: RUF001  (typographic quotes, dashes and currency signs are the point of these patterns)
"""Sentence splitting with exact offsets, stdlib `re` only.

A newline always ends a sentence (news bodies put one paragraph a line); inside a line a sentence
ends at . ! ? (and any closing quotes or brackets) followed by space and something that can start a
sentence, unless the word before the full stop is an abbreviation, an initial or part of a number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# Titles and similar: a full stop after them never ends a sentence.
_NEVER_END = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sen",
        "rep",
        "gov",
        "gen",
        "lt",
        "col",
        "capt",
        "sgt",
        "st",
        "jr",
        "sr",
        "rev",
        "hon",
        "messrs",
        "mt",
        "ft",
        "fig",
        "vs",
        "no",
        "nos",
        "nr",
        "art",
        "sec",
        "vol",
        "pp",
        "ca",
        "approx",
        "dept",
        "est",
        "e.g",
        "i.e",
        "etc.",
        "jan",
        "feb",
        "mar",
        "apr",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
    ]
)
# Company suffixes and place abbreviations often end a sentence too: split only before a word that
# usually starts one.
_MAYBE_END = frozenset(
    [
        "inc",
        "co",
        "corp",
        "ltd",
        "plc",
        "llc",
        "bros",
        "etc",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
        "a.m",
        "p.m",
    ]
)
_STARTERS = frozenset(
    [
        "the",
        "a",
        "an",
        "it",
        "its",
        "he",
        "she",
        "they",
        "we",
        "i",
        "this",
        "that",
        "these",
        "those",
        "there",
        "but",
        "and",
        "in",
        "on",
        "at",
        "as",
        "if",
        "however",
        "meanwhile",
        "shares",
        "analysts",
        "its",
        "his",
        "her",
        "their",
        "our",
        "after",
        "before",
        "when",
        "while",
        "since",
        "last",
        "next",
        "earlier",
        "later",
        "also",
        "according",
        "other",
        "some",
        "many",
        "most",
        "both",
        "one",
        "two",
        "three",
    ]
)

# Currency abbreviations written with a full stop before the amount ("Rs. 5,000"): never an end
# when a figure follows.
_CURRENCY_ABBR = frozenset(["rs", "re", "rp", "dh", "kr", "sh", "ksh", "shs", "tk"])

# A run of . ! ? … and closing quotes or brackets before whitespace and what can start a sentence,
# or a newline (the plain pattern is in tests/claims/extraction/test_sentences.py), written to
# start with the class of both alternatives' first characters, which the lookbehinds then tell
# apart: `re` skips to a character of a leading class in C, but tries a full match at every
# position when the pattern starts with anything else (a lookahead included). The same matches,
# the scan in about half the time.
_BOUNDARY = re.compile(
    r"""[.!?…\n](?:(?<=[.!?…])[.!?…]*["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9\u0080-\uffff])|(?<=\n))"""
)
_LINE_SPACE = " \t\r\f\v\u00a0"


def _word_before(text: str, pos: int) -> str:
    """The token (letters, dots) ending at `pos` (the position of the full stop), lower-cased."""
    # Most tokens follow a space: the text from there, if it is all letters and dots, is what
    # the loop below would read.
    k = text.rfind(" ", max(0, pos - 24), pos)
    if k >= 0:
        w = text[k + 1 : pos]
        if not w or w.replace(".", "").isalpha():
            return w.lower()
    i = pos
    while i > 0 and (text[i - 1].isalpha() or text[i - 1] == "."):
        i -= 1
    return text[i:pos].lower()


_NEXT_WORD_RE = re.compile(r"\s*[\"'“‘(\[]?([A-Za-z]+)")
_FIGURE_NEXT_RE = re.compile(r"[ \t\u00a0]*\d")


def _next_word(text: str, pos: int) -> str:
    m = _NEXT_WORD_RE.match(text, pos)
    return m.group(1).lower() if m else ""


def iter_sentence_spans(text: str) -> Iterator[tuple[int, int, int]]:
    """Yield (start, end, paragraph_index) for each sentence, whitespace trimmed, never empty."""
    start = 0
    para = 0
    for m in _BOUNDARY.finditer(text):
        if m.group() == "\n":
            s, e = _trim(text, start, m.start())
            if e > s:
                yield s, e, para
            start = m.end()
            # A blank line or any newline starts a new paragraph.
            para += 1
            continue
        dot = m.start()
        if text[dot] == ".":
            word = _word_before(text, dot)
            if word:
                bare = word.rstrip(".")
                if bare in _CURRENCY_ABBR and _FIGURE_NEXT_RE.match(text, m.end()):
                    continue
                if bare in _MAYBE_END:
                    if _next_word(text, m.end()) not in _STARTERS:
                        continue
                elif bare in _NEVER_END or (len(bare) == 1 and bare.isalpha()):
                    # An initial ("J. K. Rowling") or a title ("Dr. Chen").
                    if not (len(bare) == 1 and text[dot - 1].islower()):
                        continue
                elif "." in bare and _next_word(text, m.end()) not in _STARTERS:
                    # Dotted abbreviations such as "a.m." behave like _MAYBE_END.
                    continue
        s, e = _trim(text, start, m.end())
        if e > s:
            yield s, e, para
        start = m.end()
    s, e = _trim(text, start, len(text))
    if e > s:
        yield s, e, para


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the whitespace at its ends (empty: end <= start)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_sentences(text: str) -> list[str]:
    """The sentences as strings (convenience for tests and the fit script)."""
    return [text[s:e] for s, e, _ in iter_sentence_spans(text)]
