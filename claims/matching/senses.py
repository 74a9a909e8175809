"""What a sentence says about its figures besides their values: a denial, the direction they moved
in, what a rate is per."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .figures import Figure
from .vocabulary import WORD_RE, word_set

# Words that deny what the sentence states.
_NEGATIONS = frozenset({"not", "never", "cannot", "neither", "nor"})
_NEGATION_RE = re.compile(r"\bno\s+longer\b", re.IGNORECASE)
# Words saying which way a figure moved, whatever the engine made of the figure's role ("fell to
# 4%": the engine reads "to" as an end point only after a change word next to the number).
_UP_WORDS = word_set(
    """
    rise rises rose risen rising increase increased increases increasing grew grow grows growing
    growth jump jumped jumps climb climbed climbs surge surged soar soared gain gained gains higher
    """
)
_DOWN_WORDS = word_set(
    """
    fall falls fell fallen falling drop drops dropped dropping decline declined declines declining
    decrease decreased decreases decreasing shrank shrink shrinks shrunk slump slumped plunge
    plunged slid slide sank sink tumbled lost lose loses cut cuts lower
    """
)
# What a rate is per: "£10 per hour", "£80 a day", "an hourly wage", "5% a year".
_RATE_UNITS = {
    "hour": "hour",
    "hr": "hour",
    "day": "day",
    "week": "week",
    "month": "month",
    "year": "year",
    "annum": "year",
    "yr": "year",
    "person": "person",
    "head": "person",
    "capita": "person",
    "resident": "person",
    "household": "household",
    "kg": "kg",
    "kilogram": "kg",
    "kilo": "kg",
    "litre": "litre",
    "liter": "litre",
    "mile": "mile",
    "km": "km",
}
_RATE_ADJECTIVES = {
    "hourly": "hour",
    "daily": "day",
    "weekly": "week",
    "monthly": "month",
    "yearly": "year",
    "annual": "year",
    "annually": "year",
    "annualised": "year",
    "annualized": "year",
}
_RATE_UNIT_PATTERN = "|".join(sorted(_RATE_UNITS, key=len, reverse=True))
_PER_RE = re.compile(rf"(?:\b(?:per|each|every)\s+|/\s*)({_RATE_UNIT_PATTERN})\b", re.IGNORECASE)
# "a day" only right after a figure (and its noun): "a year ago" and "within a day" are not rates.
_A_RATE_RE = re.compile(
    rf"[\d%]\s*(?:[A-Za-z]+\s+){{0,2}}an?\s+({_RATE_UNIT_PATTERN})\b"
    r"(?!\s+(?:ago|earlier|later|before|after|since|from|back|on\s+(?:year|from)))",
    re.IGNORECASE,
)
_RATE_ADJECTIVE_RE = re.compile(r"\b(" + "|".join(_RATE_ADJECTIVES) + r")\b", re.IGNORECASE)


def is_negated(text: str) -> bool:
    """The sentence denies what it states ("is not", "never", "didn't", "no longer")."""
    for match in WORD_RE.finditer(text):
        word = match.group().lower().replace("\u2019", "'")
        if word in _NEGATIONS or word.endswith("n't"):
            return True
    return bool(_NEGATION_RE.search(text))


def directions(text: str, figures: Sequence[Figure]) -> frozenset[str]:
    """Which way the figures moved: "increase", "decrease" or both, from the figures' roles and
    the sentence's verbs."""
    found = {f.change for f in figures if f.change in ("increase", "decrease")}
    for match in WORD_RE.finditer(text):
        word = match.group().lower()
        if word in _UP_WORDS:
            found.add("increase")
        elif word in _DOWN_WORDS:
            found.add("decrease")
    return frozenset(found)


def rates(text: str) -> frozenset[str]:
    """What the sentence's rates are per: "hour", "year", "person", ..."""
    found = {_RATE_UNITS[m.group(1).lower()] for m in _PER_RE.finditer(text)}
    found |= {_RATE_UNITS[m.group(1).lower()] for m in _A_RATE_RE.finditer(text)}
    found |= {_RATE_ADJECTIVES[m.group(1).lower()] for m in _RATE_ADJECTIVE_RE.finditer(text)}
    return frozenset(found)
