"""Number words of more than one word: "seven hundred and twelve million", "two and a half",
"forty-second" (an ordinal)."""

from __future__ import annotations

import re

from .number_words import ORDINAL_WORDS, TENS_WORDS, UNIT_WORDS
from .numerals import fold

_UNITS_1_9 = "|".join(list(UNIT_WORDS)[1:10])
_TENS = "|".join(TENS_WORDS)
_UNITS_AND_TEENS = "|".join(sorted(UNIT_WORDS, key=len, reverse=True))
# "forty-two", and "forty two" as news quotes speech.
_CARD = rf"(?:(?:{_TENS})(?:[- ](?:{_UNITS_1_9})\b)?|(?:{_UNITS_AND_TEENS}))\b"
_HUNDREDS = (
    rf"{_CARD}(?:[\s-]+hundred\b(?:\s+(?:and\s+)?{_CARD})?)?(?:\s+and\s+a\s+(?:half|quarter)\b)?"
)
_SCALE_WORDS = {
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "lakh": 1e5,
    "lakhs": 1e5, "crore": 1e7, "crores": 1e7,
}  # fmt: skip
_SCALE = rf"(?:{'|'.join(sorted(_SCALE_WORDS, key=len, reverse=True))})\b"
# A part after a scale word needs a scale word of its own ("two million three hundred
# thousand"): "two million three years ago" is two figures. The last part may instead be
# hundreds or follow "and": "one thousand two hundred and thirty-four", "two thousand and twenty".
COMPOUND_RE = re.compile(
    rf"{_HUNDREDS}(?:\s+{_SCALE}(?:\s+{_SCALE})?(?:\s+{_HUNDREDS}\s+{_SCALE})*"
    rf"(?:\s+and\s+{_CARD}|\s+{_CARD}\s+hundred\b(?:\s+(?:and\s+)?{_CARD})?)?)?",
    re.IGNORECASE,
)
_ORDINAL_UNITS = "|".join(w for w, v in ORDINAL_WORDS.items() if v < 10)
TENS_ORDINAL_RE = re.compile(rf"(?P<tens>{_TENS})-(?P<ord>{_ORDINAL_UNITS})\b", re.IGNORECASE)
_WORD_RE = re.compile(r"[^\W\d_]+")


def compound_value(words: str) -> tuple[float, bool]:
    """The value of a match of COMPOUND_RE, and whether it has a scale word."""
    total = current = 0.0
    after_scale = scaled = False
    for w in _WORD_RE.findall(fold(words)):
        scale = _SCALE_WORDS.get(w)
        if scale is not None:
            # "two lakh crore": a scale after a scale multiplies what is there.
            total = total * scale if after_scale else total + current * scale
            current, after_scale, scaled = 0.0, True, True
            continue
        after_scale = False
        if w == "hundred":
            current *= 100
        elif w == "half":
            current += 0.5
        elif w == "quarter":
            current += 0.25
        elif w in UNIT_WORDS:
            current += UNIT_WORDS[w]
        elif w in TENS_WORDS:
            current += TENS_WORDS[w]
    return total + current, scaled


def tens_ordinal_value(m: re.Match[str]) -> int:
    """ "forty-second": 42."""
    return TENS_WORDS[fold(m.group("tens"))] + ORDINAL_WORDS[fold(m.group("ord"))]
