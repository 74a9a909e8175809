"""A small English stemmer in the manner of Snowball's English ("Porter2") algorithm, written for
the scorer: "laying" / "laid" stay apart (irregular forms are the synonym list's job), but
"increases" / "increased" / "increasing", "cuts" / "cutting", "hospitals" / "hospital",
"unemployment" / "employment" / "employ..." are folded the way Snowball folds them.

It follows Snowball's steps (R1/R2 regions, steps 0, 1a, 1b, 1c, 2, 3, 4, 5) with its
exception list shortened to the words news copy uses. It is not byte-for-byte Snowball; it only
has to give the same stem to the forms of one word on both sides of a pair.
"""

from __future__ import annotations

import re
from functools import lru_cache

_VOWELS = frozenset("aeiouy")
_DOUBLES = ("bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt")
_LI_ENDINGS = frozenset("cdeghkmnrt")
# Words Snowball leaves alone or maps by hand (the ones news copy meets).
_EXCEPTIONS = {
    "skis": "ski",
    "skies": "sky",
    "dying": "die",
    "lying": "lie",
    "tying": "tie",
    "idly": "idl",
    "gently": "gentl",
    "ugly": "ugli",
    "early": "earli",
    "only": "onli",
    "singly": "singl",
    "sky": "sky",
    "news": "news",
    "howe": "howe",
    "atlas": "atlas",
    "cosmos": "cosmos",
    "bias": "bias",
    "andes": "andes",
}
_AFTER_1A = frozenset(
    {"inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed"}
)
_STEP2 = [
    ("ational", "ate"),
    ("tional", "tion"),
    ("enci", "ence"),
    ("anci", "ance"),
    ("abli", "able"),
    ("entli", "ent"),
    ("izer", "ize"),
    ("ization", "ize"),
    ("ation", "ate"),
    ("ator", "ate"),
    ("alism", "al"),
    ("aliti", "al"),
    ("alli", "al"),
    ("fulness", "ful"),
    ("ousli", "ous"),
    ("ousness", "ous"),
    ("iveness", "ive"),
    ("iviti", "ive"),
    ("biliti", "ble"),
    ("bli", "ble"),
    ("fulli", "ful"),
    ("lessli", "less"),
]
_STEP2.sort(key=lambda pair: -len(pair[0]))
_STEP3 = [
    ("ational", "ate"),
    ("tional", "tion"),
    ("alize", "al"),
    ("icate", "ic"),
    ("iciti", "ic"),
    ("ical", "ic"),
    ("ful", ""),
    ("ness", ""),
]
_STEP4 = sorted(
    [
        "al",
        "ance",
        "ence",
        "er",
        "ic",
        "able",
        "ible",
        "ant",
        "ement",
        "ment",
        "ent",
        "ism",
        "ate",
        "iti",
        "ous",
        "ive",
        "ize",
    ],
    key=lambda s: -len(s),
)
_WORD_RE = re.compile(r"^[a-z']+$")


def _is_vowel(word: str, i: int) -> bool:
    return word[i] in _VOWELS


def _region_after(word: str, start: int) -> int:
    """Index after the first non-vowel following a vowel, from `start` (Snowball's R1/R2)."""
    for i in range(start + 1, len(word)):
        if not _is_vowel(word, i) and _is_vowel(word, i - 1):
            return i + 1
    return len(word)


def _regions(word: str) -> tuple[int, int]:
    r1 = _region_after(word, 0)
    for prefix in ("gener", "commun", "arsen"):
        if word.startswith(prefix):
            r1 = len(prefix)
    return r1, _region_after(word, r1)


def _is_short_syllable(word: str, end: int) -> bool:
    """The word up to `end` ends in a short syllable."""
    if end == 2:
        return _is_vowel(word, 0) and not _is_vowel(word, 1)
    if end >= 3:
        a, b, c = word[end - 3], word[end - 2], word[end - 1]
        return a not in _VOWELS and b in _VOWELS and c not in _VOWELS and c not in "wxY"
    return False


def _is_short(word: str, r1: int) -> bool:
    return r1 >= len(word) and _is_short_syllable(word, len(word))


def _has_vowel(part: str) -> bool:
    return any(ch in _VOWELS for ch in part)


def _step1a(word: str) -> str:
    if word.endswith("sses"):
        return word[:-2]
    if word.endswith(("ied", "ies")):
        return word[:-2] if len(word) > 4 else word[:-1]
    if word.endswith(("us", "ss")):
        return word
    if word.endswith("s") and _has_vowel(word[:-2]):
        return word[:-1]
    return word


def _step1b(word: str, r1: int) -> str:
    for suffix in ("eedly", "eed"):
        if word.endswith(suffix):
            if len(word) - len(suffix) >= r1:
                return word[: -len(suffix)] + "ee"
            return word
    for suffix in ("ingly", "edly", "ing", "ed"):
        if word.endswith(suffix):
            stem = word[: -len(suffix)]
            if not _has_vowel(stem):
                return word
            if stem.endswith(("at", "bl", "iz")):
                return stem + "e"
            if stem.endswith(_DOUBLES):
                return stem[:-1]
            if _is_short(stem, _regions(stem)[0]):
                return stem + "e"
            return stem
    return word


def _step1c(word: str) -> str:
    if len(word) > 2 and word[-1] in "yY" and word[-2] not in _VOWELS:
        return word[:-1] + "i"
    return word


def _step2(word: str, r1: int) -> str:
    for suffix, replacement in _STEP2:
        if word.endswith(suffix):
            if len(word) - len(suffix) >= r1:
                return word[: -len(suffix)] + replacement
            return word
    if word.endswith("ogi") and len(word) - 3 >= r1 and word[-4:-3] == "l":
        return word[:-1]
    if word.endswith("li") and len(word) - 2 >= r1 and word[-3:-2] in _LI_ENDINGS:
        return word[:-2]
    return word


def _step3(word: str, r1: int, r2: int) -> str:
    if word.endswith("ative"):
        return word[:-5] if len(word) - 5 >= r2 else word
    for suffix, replacement in _STEP3:
        if word.endswith(suffix):
            if len(word) - len(suffix) >= r1:
                return word[: -len(suffix)] + replacement
            return word
    return word


def _step4(word: str, r2: int) -> str:
    if word.endswith("ion") and len(word) - 3 >= r2 and word[-4:-3] in ("s", "t"):
        return word[:-3]
    for suffix in _STEP4:
        if word.endswith(suffix):
            return word[: -len(suffix)] if len(word) - len(suffix) >= r2 else word
    return word


def _step5(word: str, r1: int, r2: int) -> str:
    if word.endswith("e"):
        stem = word[:-1]
        if len(stem) >= r2 or (len(stem) >= r1 and not _is_short_syllable(stem, len(stem))):
            return stem
    elif word.endswith("ll") and len(word) - 1 >= r2:
        return word[:-1]
    return word


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The stem of a lower-case English word ("increasing" -> "increas", "hospitals" ->
    "hospit"). Words of two letters or fewer, and anything that is not letters, are returned
    as they are."""
    if len(word) <= 2 or not _WORD_RE.match(word):
        return word
    if word in _EXCEPTIONS:
        return _EXCEPTIONS[word]
    word = word.strip("'")
    if word.endswith("'s'"):
        word = word[:-3]
    elif word.endswith("'s"):
        word = word[:-2]
    if word.startswith("y"):
        word = "Y" + word[1:]
    word = re.sub(r"(?<=[aeiouy])y", "Y", word)
    r1, r2 = _regions(word)
    word = _step1a(word)
    if word in _AFTER_1A:
        return word
    word = _step1b(word, r1)
    word = _step1c(word)
    word = _step2(word, r1)
    word = _step3(word, r1, r2)
    word = _step4(word, r2)
    word = _step5(word, r1, r2)
    return word.replace("Y", "y")
