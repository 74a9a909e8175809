"""`find_quantities`: every figure of a span of text."""

from __future__ import annotations

import re
from operator import attrgetter

from ..types import Quantity
from .changes import link_changes
from .currencies import DEFAULT_CONTEXT, Context
from .dates import DATE_RE, date_figure, date_re_may_match
from .digit_figures import digit_figure
from .fractions import VULGAR_RE, vulgar_figure, vulgar_re_may_match
from .not_figures import (
    CLOCK_TIME_RE,
    HYPHENATED_CODE_RE,
    PHONE_RE,
    clock_time_re_may_match,
    hyphenated_code_re_may_match,
    in_grouped_number,
    phone_re_may_match,
)
from .number_words import (
    find_number_words,
    has_case_odd_letter,
    number_word_re_may_match,
    only_scale_words_without_a,
)
from .numerals import DIGIT_RE, NUMBER_RE
from .spans import TakenSpans
from .word_figures import word_figure

_WORDS_RE = re.compile(r"[A-Za-z]+")
_START = attrgetter("start")


def find_quantities(
    text: str,
    start: int = 0,
    end: int | None = None,
    ctx: Context = DEFAULT_CONTEXT,
    words: list[str] | set[str] | None = None,
    has_digit: bool | None = None,
    lowered: str | None = None,
) -> list[Quantity]:
    """All figures in text[start:end], sorted by offset.

    `words` (the lower-cased words of the span, as a list or a set, if the caller has them) and
    `has_digit` (whether the span holds a digit, `\\d`, if the caller knows) only save work: scans
    for month names and number words are skipped when none of their words occur, and all digit
    scans without a digit. `lowered`, if given, is `text[start:end].lower()`.
    """
    if end is None:
        end = len(text)
    if words is None:
        words = [w.lower() for w in _WORDS_RE.findall(text, start, end)]
    wordset = words if isinstance(words, set) else set(words)
    if has_digit is None:
        has_digit = DIGIT_RE.search(text, start, end) is not None
    vulgar = vulgar_re_may_match(text, start, end, lowered)  # "½" is no digit (\\d)
    number_words = number_word_re_may_match(wordset) and not (
        only_scale_words_without_a(wordset) and not has_case_odd_letter(text, start, end)
    )
    if not (has_digit or vulgar or number_words):
        return []  # most sentences of news: nothing below could find a figure
    taken = TakenSpans()
    out: list[Quantity] = []
    if vulgar:
        for m in VULGAR_RE.finditer(text, start, end):
            q = vulgar_figure(text, m, start, end, taken)
            if q is not None:
                out.append(q)
    if has_digit:
        _mask_clock_times_and_phones(text, start, end, taken)
        if date_re_may_match(text, start, end, wordset):
            out += _dates(text, start, end, taken)
        for m in NUMBER_RE.finditer(text, start, end):
            q = digit_figure(text, m, start, end, ctx, taken)
            if q is not None:
                out.append(q)
    if number_words:
        for m in find_number_words(text, start, end, lowered):
            if taken.free(m.start(), m.end()):
                q = word_figure(text, m, start, end, ctx, taken)
                if q is not None:
                    out.append(q)
    out.sort(key=_START)
    return link_changes(text, out)


def _mask_clock_times_and_phones(text: str, start: int, end: int, taken: TakenSpans) -> None:
    """Digits of clock times, phone numbers and hyphenated codes (ISBNs) are not figures: take
    their spans first."""
    if clock_time_re_may_match(text, start, end):
        for m in CLOCK_TIME_RE.finditer(text, start, end):
            taken.add(m.start(), m.end())
    if phone_re_may_match(text, start, end):
        for m in PHONE_RE.finditer(text, start, end):
            if not in_grouped_number(text, m.start(), start):
                taken.add(m.start(), m.end())
    if hyphenated_code_re_may_match(text, start, end):
        for m in HYPHENATED_CODE_RE.finditer(text, start, end):
            taken.add(m.start(), m.end())


def _dates(text: str, start: int, end: int, taken: TakenSpans) -> list[Quantity]:
    out: list[Quantity] = []
    for m in DATE_RE.finditer(text, start, end):
        if taken.free(m.start(), m.end()):
            q = date_figure(text, m, start)
            if q is not None:
                taken.add(m.start(), m.end())
                out.append(q)
    return out
