"""The role a figure plays in a change: its size ("rose 5 percent"), or its start or end
("from ... to ...")."""

from __future__ import annotations

import re

from ..types import Quantity, new_quantity
from .lookback import last_word_before, words_back
from .numerals import DIGIT_RE, fold

INCREASE_WORDS = [
    "increase",
    "increased",
    "increasing",
    "increases",
    "rise",
    "rose",
    "risen",
    "rising",
    "rises",
    "gain",
    "gained",
    "gaining",
    "gains",
    "jump",
    "jumped",
    "jumping",
    "jumps",
    "growth",
    "grew",
    "grow",
    "growing",
    "grows",
    "climb",
    "climbed",
    "climbing",
    "surge",
    "surged",
    "surging",
    "soar",
    "soared",
    "soaring",
    "add",
    "added",
    "adding",
    "up",
    "boost",
    "boosted",
    "hike",
    "hiked",
    "rebound",
    "rebounded",
    "advance",
    "advanced",
    "expanded",
    "expansion",
    "widened",
    "widening",
    "raise",
    "raised",
    "raising",
    "lifted",
    "hiked",
]
DECREASE_WORDS = [
    "decrease",
    "decreased",
    "decreasing",
    "decreases",
    "drop",
    "dropped",
    "dropping",
    "drops",
    "fall",
    "fell",
    "fallen",
    "falling",
    "falls",
    "decline",
    "declined",
    "declining",
    "declines",
    "loss",
    "lost",
    "losing",
    "slump",
    "slumped",
    "slumping",
    "plunge",
    "plunged",
    "plunging",
    "cut",
    "cuts",
    "reduction",
    "reduced",
    "shrank",
    "shrink",
    "shrinking",
    "slid",
    "slide",
    "sliding",
    "tumble",
    "tumbled",
    "tumbling",
    "down",
    "shed",
    "sank",
    "sink",
    "contraction",
    "contracted",
    "dip",
    "dipped",
    "eased",
    "retreated",
    "narrowed",
    "narrowing",
    "lowered",
    "trimmed",
    "slashed",
    "slip",
    "slipped",
    "slips",
    "off",
    "eases",
    "ease",
    "halved",
]


_INCREASE_SET = frozenset(INCREASE_WORDS)
_DECREASE_SET = frozenset(DECREASE_WORDS)
# The word right before a figure that has a change role ends with one of these.
# "rose to a record $5bn", "fell to an all-time low of 2%": the figure is where the change ended.
_RECORD_LAST_WORDS = frozenset({"record", "high", "low"})
# What may stand between "to" and the figure: " a record ", " an all-time low of ".
_RECORD_TAIL = r"\s+an?\s+(?:new\s+)?(?:record|all-time|historic)(?:\s+(?:high|low))?(?:\s+of)?\s+$"
_TO_A_RECORD_RE = re.compile(rf"\bto{_RECORD_TAIL}", re.IGNORECASE)
CHANGE_LAST_WORDS = _INCREASE_SET | _DECREASE_SET | _RECORD_LAST_WORDS | {"from", "to", "of", "by"}


def change_word(word: str) -> bool:
    """Whether a lower-cased word says a rise or fall ("rose", "cut")."""
    return word in _INCREASE_SET or word in _DECREASE_SET


def change_before(text: str, pos: int, floor: int, last: str | None = None) -> str | None:
    """`last`, if given, is `last_word_before(text, pos, floor)`."""
    if last is None:
        last = last_word_before(text, pos, floor)
    if last not in CHANGE_LAST_WORDS:
        return None
    if last in _RECORD_LAST_WORDS or last == "of":
        if _TO_A_RECORD_RE.search(text, max(floor, pos - 40), pos):
            return "to"
        if last != "of":
            return None
    # The last word decides, except "of" and "by" (the verb before them does): `last` is the last
    # word of `words_back` (tests/claims/extraction/figures/test_lookback.py), so the words need
    # not be read.
    if last == "from" or last == "to":
        return last
    if last in _INCREASE_SET:
        return "increase"
    if last in _DECREASE_SET:
        return "decrease"
    # `last` is "of" or "by", the last of `words`: the verb before it decides.
    words, starts = words_back(text, pos, floor)
    look = words[-2:-1]
    if last == "by":
        # "raise the wage to $15 by 2026": the verb belongs to the figure before, not to this one.
        k = len(words) - 1
        while k > max(0, len(words) - 6):
            gap_lo = starts[k - 1] + len(words[k - 1])
            if DIGIT_RE.search(text, gap_lo, starts[k]):
                break
            k -= 1
        look = words[k:-1]
    for w in reversed(look):
        if w in _INCREASE_SET:
            return "increase"
        if w in _DECREASE_SET:
            return "decrease"
    return None


CHANGE_AFTER_RE = re.compile(
    r"\s+(?P<w>increase|rise|gain|jump|growth|surge|climb|decrease|drop|fall|decline|loss|slump"
    r"|plunge|cut|reduction|contraction)\b",
    re.IGNORECASE,
)


# What the first letter of a word of CHANGE_AFTER_RE can be, under IGNORECASE (checked over all of
# Unicode: U+0130 and U+0131 match "i", U+017F "s").
_CHANGE_AFTER_FIRST_LETTERS = frozenset("irgjscdflpIRGJSCDFLP\u0130\u0131\u017f")


def change_after_re_may_match(text: str, pos: int, end: int) -> bool:
    """False only if CHANGE_AFTER_RE cannot match at pos: a match is whitespace and then one of
    its words, so the first character after the whitespace must be a first letter of one."""
    if pos >= end or not text[pos].isspace():
        return False
    j = pos + 1
    while j < end and text[j].isspace():
        j += 1
    return j < end and text[j] in _CHANGE_AFTER_FIRST_LETTERS


def change_after(text: str, pos: int, end: int) -> str | None:
    """ "5 percent rise": the change word right after a figure."""
    m = CHANGE_AFTER_RE.match(text, pos, end) if change_after_re_may_match(text, pos, end) else None
    if not m:
        return None
    return "increase" if fold(m.group("w")) in INCREASE_WORDS else "decrease"


# "rose to", "fell to", "narrowed to": the figure after is where a change ended, even with no
# figure before it.
_VERB_TO_RE = re.compile(
    rf"\b(?:{'|'.join(sorted(set(INCREASE_WORDS + DECREASE_WORDS) - {'up', 'down', 'off'}))})"
    r"\s+to\s+$",
    re.IGNORECASE,
)
_RECORD_TAIL_RE = re.compile(_RECORD_TAIL, re.IGNORECASE)
_RECORD_TAIL_ENDS = ("record ", "high ", "low ", "of ")


# "cut output to", "raised its forecast to", "lowered the interest rate to": a change verb, its
# object (a determiner and up to two words), then "to". Only for a figure that is not a count of
# something ("cut funding to 40 schools" names where the money went).
_VERB_OBJECT_TO_RE = re.compile(
    rf"\b(?:{'|'.join(sorted(set(INCREASE_WORDS + DECREASE_WORDS) - {'up', 'down', 'off'}))})"
    r"\s+(?:(?:the|its|their|his|her|our|this|a|an)\s+)?(?:[a-z]+\s+){1,2}?to\s+$",
    re.IGNORECASE,
)


def _after_verb_object_to(text: str, q: Quantity) -> bool:
    if q.kind == "count" and q.noun is not None:
        return False
    return _VERB_OBJECT_TO_RE.search(text, max(0, q.start - 48), q.start) is not None


def _after_verb_to(text: str, pos: int) -> bool:
    """A change verb and "to" right before pos, or before "a record" and the like that end at
    pos ("rose to a record $5bn"): the figure is where the change ended."""
    if _VERB_TO_RE.search(text, max(0, pos - 24), pos) is not None:
        return True
    if not text.endswith(_RECORD_TAIL_ENDS, max(0, pos - 8), pos):
        return False  # most figures: one test
    tail = _RECORD_TAIL_RE.search(text, max(0, pos - 40), pos)
    if tail is None:
        return False
    to_end = tail.start() + 1  # "to" and the first character of the tail's whitespace
    return _VERB_TO_RE.search(text, max(0, to_end - 24), to_end) is not None


# Between a change and a figure that restates it: " (", ", or ", " and by ".
_RESTATED_GAP_RE = re.compile(r"\s*\(\s*|\)?,?\s*(?:or|and|,)\s+(?:by\s+)?")


_OVER_GAP_RE = re.compile(r"\s+over\s+", re.IGNORECASE)


def link_changes(text: str, qs: list[Quantity]) -> list[Quantity]:
    """Second pass over a sentence's figures: "to" only counts after a change or "from";
    a bracketed conversion or ", or X percent" takes the change role of the figure before it;
    "over" between a figure and a duration is the period, not "more than" ("£40m over four
    years", "rose 20 percent over three years")."""
    if not qs:
        return qs
    out: list[Quantity] = []
    prev: Quantity | None = None
    seen_change_or_from = False
    for q in qs:
        ch = q.change
        if (
            ch == "to"
            and not seen_change_or_from
            and not _after_verb_to(text, q.start)
            and not _after_verb_object_to(text, q)
        ):
            ch = None
        if ch is None and prev is not None and prev.change in ("increase", "decrease", "change"):
            gap = text[prev.end : q.start]
            if _RESTATED_GAP_RE.fullmatch(gap):
                ch = prev.change
        if ch in ("increase", "decrease", "change", "from"):
            seen_change_or_from = True
        qual = q.qualifier
        if (
            qual == "more than"
            and q.kind == "duration"
            and prev is not None
            and _OVER_GAP_RE.fullmatch(text, prev.end, q.start)
        ):
            qual = None
        if ch != q.change or qual != q.qualifier:
            q = new_quantity(
                text=q.text,
                start=q.start,
                end=q.end,
                value=q.value,
                kind=q.kind,
                unit=q.unit,
                currency=q.currency,
                qualifier=qual,
                noun=q.noun,
                range_to=q.range_to,
                change=ch,
            )
        out.append(q)
        prev = q
    return out
