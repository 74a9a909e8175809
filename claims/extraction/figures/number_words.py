"""Numbers written as words ("forty-two", "a dozen", "two-thirds"), and the fast scan
that finds where they can start."""

from __future__ import annotations

import re

from .alternation import longest_first

UNIT_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS_WORDS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "fifteenth": 15,
    "twentieth": 20,
}  # fmt: skip
CARDINAL_WORD_PATTERN = "|".join(sorted(list(UNIT_WORDS) + list(TENS_WORDS), key=len, reverse=True))
FRACTION_DENOMINATORS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4,
    "fourths": 4, "fifth": 5,
    "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8,
    "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10,
}  # fmt: skip
NUMERATOR_WORD_PATTERN = "|".join(list(UNIT_WORDS)[2:10])
# Fractions: "two-thirds" always; "three quarters" and "a third" only before "of" (else a duration,
# "two quarters", or an ordinal, "a third term").
# Every alternative of NUMBER_WORD_RE starts with one of these words. Checking the first letter in a
# lookahead lets `re` give up at once at most word boundaries instead of trying every alternative
# (~2.5x faster scan); under IGNORECASE the class matches exactly the characters that one of the
# words' first letters would.
NUMBER_WORD_STARTS = [*UNIT_WORDS, *TENS_WORDS, *ORDINAL_WORDS, "a", "an", "one", "three"]
NUMBER_WORD_STARTS += ["twice", "half", "double", "triple", "threefold", "fourfold", "tenfold"]
NUMBER_WORD_STARTS += ["doubled", "tripled", "trebled", "quadrupled", "halved", "none"]
NUMBER_WORD_FIRST_LETTERS = "".join(sorted({w[0] for w in NUMBER_WORD_STARTS}))
# A word ordinal is a rank before a superlative or "place" ("third-largest", "second place") or
# after a verb of ranking ("finished third", "rose to fourth"); elsewhere ("for the first time")
# it is not read. Each a fixed-width look-behind.
_RANK_VERBS_BEFORE = "|".join(
    f"(?<=\\b{v} )"
    for v in (
        *("finished", "finishes", "finishing", "came", "comes", "ranked", "ranks", "placed"),
        *("rose to", "climbed to", "fell to", "dropped to", "slipped to", "slid to", "jumped to"),
        *("moved up to", "moved to"),
    )
)
_ORDINALS = "|".join(ORDINAL_WORDS)
NUMBER_WORD_RE = re.compile(
    rf"\b(?=[{NUMBER_WORD_FIRST_LETTERS}])(?:(?P<fnum>{NUMERATOR_WORD_PATTERN})[- ]"
    r"(?P<fden>thirds|fourths|fifths|sixths|sevenths|eighths|ninths|tenths)"
    r"|(?P<fnum2>three)[- ](?P<fden2>quarters)(?=\s+of\b)"
    r"|(?P<fnum3>an?|one)[- ](?P<fden3>half|third|quarter|fourth|fifth|sixth|seventh|eighth"
    r"|ninth|tenth)"
    r"(?=\s+of\b)"
    r"|(?<=\bby )(?:(?P<fnum4>an?|one)[- ])?"
    r"(?P<fden4>half(?!\s+an?\b)|third|quarter|fifth|tenth)(?!\s+of\b)"
    r"|(?P<verb>doubled|tripled|trebled|quadrupled|halved)"
    r"|(?P<none>none)(?=\s+of\s+(?:the\s+|its\s+|their\s+|these\s+|those\s+)?\d)"
    rf"|(?P<tens>{'|'.join(TENS_WORDS)})(?:-(?P<tu>{'|'.join(list(UNIT_WORDS)[1:10])}))?"
    rf"|(?P<w>{CARDINAL_WORD_PATTERN})(?:\s+hundred\b)?|(?P<a>an?)(?=\s+(?:dozen|decade|century|half|third"
    r"|quarter of|hundred|thousand|million|billion|trillion)\b)"
    rf"|(?P<twice>twice|half|double|triple|threefold|fourfold|tenfold)"
    rf"|(?=(?:{_ORDINALS})\b)(?:{_RANK_VERBS_BEFORE}|(?=(?:{_ORDINALS})[- ](?:largest|biggest|"
    r"highest|lowest|most|least|smallest|richest|poorest|busiest|best|worst|fastest|slowest|"
    rf"oldest|largest|longest|place|ranked|straight|consecutive|successive)))(?P<ordw>{_ORDINALS}))\b",
    re.IGNORECASE,
)
_NUMBER_WORD_TRIGGERS = frozenset(
    [
        *UNIT_WORDS,
        *TENS_WORDS,
        *ORDINAL_WORDS,
        "dozen",
        "decade",
        "century",
        "twice",
        "half",
        "double",
        "triple",
        "threefold",
        "fourfold",
        "tenfold",
        "doubled",
        "tripled",
        "trebled",
        "quadrupled",
        "halved",
        "none",
        *FRACTION_DENOMINATORS,
        # "a million": "a" before a scale word is a figure by itself.
        "hundred",
        "thousand",
        "million",
        "billion",
        "trillion",
    ]
)
_APOSTROPHE_RE = re.compile("['\u2019]")


def _shortest(words: list[str]) -> tuple[str, ...]:
    """The words that do not start with another of them (finding those finds all)."""
    return tuple(
        sorted(w for w in set(words) if not any(w != v and w.startswith(v) for v in words))
    )


# Where NUMBER_WORD_RE can match: at one of its first words (in any case), or at "a"/"an"
# before one of WORDS_AFTER_A ("a dozen", "a third of", "an-eighth").
_NUMBER_WORD_FIRSTS = _shortest([w for w in NUMBER_WORD_STARTS if w not in ("a", "an")])
WORDS_AFTER_A = _shortest(
    """dozen decade century half third quarter hundred thousand million billion trillion fourth
    fifth sixth seventh eighth ninth tenth""".split()  # noqa: SIM905
)
# Occurrences of those words in the lower-cased span, case-sensitive, so that `re` can skip ahead
# by first character. A word where NUMBER_WORD_RE can start is never inside a longer occurrence (it
# starts at a word boundary, and the words are letters only), so non-overlapping matches suffice.
_CANDIDATE_RE = re.compile(longest_first({*_NUMBER_WORD_FIRSTS, *WORDS_AFTER_A}))
# The only characters that IGNORECASE matches to an ASCII letter that `str.lower` does not turn
# into that letter (U+0130 also lower-cases to two characters), checked over all of Unicode.
_CASE_ODD = ("\u0130", "\u0131", "\u017f")


def find_number_words(
    text: str, start: int, end: int, lowered: str | None = None
) -> list[re.Match[str]]:
    """`list(NUMBER_WORD_RE.finditer(text, start, end))`, found faster: scanning tries every
    alternative at nearly every word (~0.1 us a character); instead, a case-sensitive scan of the
    lower-cased span gives every place where a match can start, and `match` is tried there, in
    order, after the end of the previous match, which is what finditer does. `lowered`, if
    given, is `text[start:end].lower()`."""
    seg = text[start:end]
    if not seg.isascii() and any(c in seg for c in _CASE_ODD):
        return list(NUMBER_WORD_RE.finditer(text, start, end))
    # Same length: U+0130 is the only character that changes it.
    low = seg.lower() if lowered is None else lowered
    cands: set[int] = set()
    for om in _CANDIDATE_RE.finditer(low):
        i = om.start()
        cands.add(i)
        if low.startswith(WORDS_AFTER_A, i):
            r = i  # "a" + whitespace + the word, or "a" + "-" + the word
            while r > 0 and low[r - 1].isspace():
                r -= 1
            cands.update((r - 1, r - 2, i - 2, i - 3))
    out: list[re.Match[str]] = []
    done = 0
    for c in sorted(cands):
        if c < done:
            continue
        p = start + c
        if p and (text[p - 1].isalnum() or text[p - 1] == "_"):
            # Inside a word ("often", "someone"): \b, which NUMBER_WORD_RE starts with, fails.
            continue
        m = NUMBER_WORD_RE.match(text, p, end)
        if m:
            out.append(m)
            done = m.end() - start
    return out


def number_word_re_may_match(words: set[str]) -> bool:
    """False only if NUMBER_WORD_RE cannot match a figure in a span whose lower-cased words are
    `words`: every figure in words has one of _NUMBER_WORD_TRIGGERS, as a word or as a part of
    a word split at an apostrophe ("dozen's")."""
    if not words.isdisjoint(_NUMBER_WORD_TRIGGERS):
        return True
    # The parts of all the words split at apostrophes, in C: the words without one are their own
    # part, and none of them is a trigger.
    joined = " ".join(words)
    if "'" not in joined and "\u2019" not in joined:
        return False
    return not _NUMBER_WORD_TRIGGERS.isdisjoint(_APOSTROPHE_RE.sub(" ", joined).split(" "))


# Words that start a number word only after "a" or "an" ("a dozen", "a million": the `a` branch of
# NUMBER_WORD_RE); every other branch starts with another trigger, or with "a", "an" or "one".
_AFTER_A_ONLY = frozenset(
    ["dozen", "decade", "century", "thousand", "million", "billion", "trillion"]
)
_TRIGGERS_ALONE = _NUMBER_WORD_TRIGGERS - _AFTER_A_ONLY
_A_WORDS = frozenset(["a", "an"])


def only_scale_words_without_a(words: set[str]) -> bool:
    """True only if NUMBER_WORD_RE cannot match in a span of ASCII case letters (none of
    `_CASE_ODD`) whose lower-cased words are `words` although `number_word_re_may_match(words)`
    says it may: its triggers there are "dozen", "million" and the like, which make a figure only
    after "a" or "an", and neither is a word or a part of a word split at an apostrophe. Figure-
    dense news writes "$4.5 billion" far more often than "a billion"."""
    if not words.isdisjoint(_TRIGGERS_ALONE) or not words.isdisjoint(_A_WORDS):
        return False
    joined = " ".join(words)
    if "'" not in joined and "\u2019" not in joined:
        return True
    parts = _APOSTROPHE_RE.sub(" ", joined).split(" ")
    return _TRIGGERS_ALONE.isdisjoint(parts) and _A_WORDS.isdisjoint(parts)


def has_case_odd_letter(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] holds a letter that IGNORECASE matches to an ASCII letter of a
    number word but `str.lower` does not turn into it (then the words say less than the regex)."""
    seg = text[start:end]
    return not seg.isascii() and any(c in seg for c in _CASE_ODD)
