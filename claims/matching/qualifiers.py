"""What a figure is qualified by besides its year: the time frame it covers (since a point,
within a period, by a deadline, until a date, per year) and whether it is a forecast or an
outcome. "Sold 1.7m cars since its entry" (cumulative) and "sold 1.7m cars in 2023" (one
year) are different facts although the figure and the subject agree; so are "will cut 500
jobs" (a plan) and "cut 500 jobs" (done)."""

from __future__ import annotations

import re

from .vocabulary import WORD_RE, word_set

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
)
# A point or period of time: a year (with a month, "the end of", "early"), a relative year, a
# quarter or half, a named month.
_WHEN = (
    r"(?:the\s+(?:end|start|beginning|middle|close)\s+of\s+)?(?:(?:early|late|mid)[\s-]+)?"
    rf"(?:(?:{_MONTH}\s+)?(?:19|20)\d\d\b|(?:next|this|last|the\s+current)\s+"
    r"(?:(?:financial|fiscal|calendar)\s+)?year\b|(?:the\s+)?(?:first|second|third|fourth|final)"
    rf"\s+(?:quarter|half)\b|Q[1-4]\b|H[12]\b|{_MONTH}\b|the\s+(?:year|decade)\b)"
)
# "since its entry", "since 2010", "so far", "to date", "over the past decade".
_SINCE_RE = re.compile(
    r"\bsince\b|\bso\s+far\b|\bto\s+date\b|\bto\s+this\s+day\b|"
    r"\bcumulative(?:ly)?\b|\ball[\s-]time\b|\bin\s+(?:its|their)\s+history\b|"
    r"\b(?:over|in|during)\s+the\s+(?:past|last)\s+(?:\w+\s+)?(?:years|decades)\b|"
    r"\baltogether\b|\bin\s+total\b|\bin\s+(?:his|her|its|their)\s+(?:\w+\s+)?career\b",
    re.IGNORECASE,
)
# "300mm of rain in a day": the length of the period, not a rate.
_WITHIN_RE = re.compile(
    r"\b(?:in|within|over)\s+(?:a|one|a\s+single|just\s+one)\s+(hour|day|week|month|year)\b",
    re.IGNORECASE,
)
_BY_RE = re.compile(rf"\bby\s+{_WHEN}", re.IGNORECASE)
_UNTIL_RE = re.compile(rf"\b(?:until|till|through|up\s+to)\s+{_WHEN}", re.IGNORECASE)
_IN_RE = re.compile(
    rf"(?:\b(?:in|during|for|throughout|at)\s+(?:the\s+(?:whole|full|entire)\s+)?"
    rf"(?:(?:fiscal|financial|calendar)\s+(?:year\s+)?)?{_WHEN}|"
    r"(?<!\bby\s)(?<!\bsince\s)(?<!\buntil\s)\b(?:last|this|next)\s+(?:year|quarter|month)\b|"
    r"\bin\s+the\s+year\s+to\b|\ba\s+year\s+earlier\b|\bin\s+(?:19|20)\d\d\b)",
    re.IGNORECASE,
)

# Forecast: a future or a plan. "than expected" / "as forecast" compare an outcome with one.
_FORECAST_RE = re.compile(
    r"\b(?:will|shall|would|'ll|is\s+going\s+to|are\s+going\s+to|(?:is|are|was|were)\s+set\s+to|"
    r"(?:is|are|was|were)\s+(?:expected|forecast|projected|predicted|due|poised|slated|"
    r"scheduled)\s+to|expects?|expecting|forecasts?|forecasting|projects?\s+(?:that|to)|"
    r"projected|projection|predicts?|predicted|prediction|plans?\s+to|planned\s+to|"
    r"planning\s+to|aims?\s+to|aiming\s+to|intends?\s+to|targets?|targeting|outlook|"
    r"pledged?\s+to|promised?\s+to|vowed?\s+to|wants?|wanted|could|might)\b",
    re.IGNORECASE,
)
_NOT_FORECAST_RE = re.compile(
    r"\b(?:than|as)\s+(?:expected|forecast|predicted|projected|planned)\b", re.IGNORECASE
)
# An outcome: a past-tense content verb (reporting verbs say nothing: "said it will").
_PAST_IRREGULAR = word_set(
    """
    rose fell grew sold made had was were hit spent paid lost won came went took got saw gave
    built bought brought drove stood sank slid shrank swung topped laid held kept met sent led
    began dealt
    """
)
_NOT_OUTCOME = word_set(
    """
    said reported announced stated added noted told claimed explained confirmed warned revealed
    expected forecast projected predicted planned estimated based listed licensed registered
    skilled unemployed used called named aged related detailed limited united
    proposed scheduled designed
    """
)
_HAVE_RE = re.compile(r"\b(?:has|have|had)\s+(?:\w+ly\s+)?(?:been\s+)?\w+(?:ed|en|t)\b", re.I)


def time_frames(text: str, rates: frozenset[str]) -> frozenset[str]:
    """The time frames the claim's figures are stated for: "since" (cumulative: since a point,
    so far, to date, over the past years), "by" (a deadline), "until", "in" (one period: in
    2023, last year, in the first quarter), "annual" (per year), "within a day" (a period's
    length: "300mm of rain in a day")."""
    found = set()
    if _SINCE_RE.search(text):
        found.add("since")
    if _BY_RE.search(text):
        found.add("by")
    if _UNTIL_RE.search(text):
        found.add("until")
    if _IN_RE.search(text):
        found.add("in")
    if "year" in rates:
        found.add("annual")
    found |= {f"within a {m.group(1).lower()}" for m in _WITHIN_RE.finditer(text)}
    return frozenset(found)


def mode(text: str) -> str | None:
    """ "forecast" (will, expects, plans to, is set to, forecast...), "outcome" (a past-tense
    content verb, has + participle), or None when the sentence says neither ("is laying off",
    "unemployment is 4%")."""
    stripped = _NOT_FORECAST_RE.sub(" ", text)
    if _FORECAST_RE.search(stripped):
        return "forecast"
    if _HAVE_RE.search(stripped):
        return "outcome"
    for match in WORD_RE.finditer(stripped):
        word = match.group().lower()
        if word in _NOT_OUTCOME:
            continue
        if word in _PAST_IRREGULAR or (len(word) > 4 and word.endswith("ed")):
            return "outcome"
    return None
