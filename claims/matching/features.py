"""`features()`: everything the scorer compares about one claim, computed once per claim."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .figures import Figure, figure_from_quantity
from .periods import parts_of_year, relative_periods, years_and_months
from .qualifiers import mode, time_frames
from .quantities import is_figure
from .senses import directions, is_negated, rates
from .vocabulary import (
    GENERIC_STEMS,
    GENERIC_WORDS,
    NOT_NAMES,
    NUMBER_WORDS,
    STOPWORDS,
    WORD_RE,
    fold_phrases,
    stem_of,
)
from .wording import trigrams

# Who said it: ", the carmaker said on Monday.", "according to the filing", "in a statement".
# Left out of `sequence`, so two copies of one sentence attributed to different sources are not
# read as differing in a content word (subjects.substitution_conflict).
_ATTRIBUTION_RE = re.compile(
    r"\baccording\s+to\s+[^,.;]*|\bin\s+a\s+statement\b|"
    r",\s*(?:[A-Za-z\u2019'-]+\s+){0,4}(?:said|says|told\s+\w+|show|shows|showed|reported|"
    r"stated|added|say)(?:\s+on\s+\w+)?\s*(?=[.;!?]|$)",
    re.IGNORECASE,
)
# What may stand before the first word of a sentence: a capital there proves no name.
_SENTENCE_START_RE = re.compile(r"(?:^|[.!?]\s+|[\"“(]\s*)$")


@dataclass
class ClaimFeatures:
    text: str
    figures: list[Figure]
    years: set[int]
    months: set[str]
    names: set[str]  # capitalised words inside the sentence, acronyms: stemmed
    lead: str | None  # the capitalised first word when it is not furniture ("Unemployment", "Acme")
    topic: set[str]  # content words, stemmed, generic words removed
    tokens: set[str]  # every word, stemmed
    sequence: list[str] = field(default_factory=list)  # the words in order, stemmed
    trigrams: frozenset[str] = field(default_factory=frozenset)
    periods: dict[str, frozenset[str]] = field(default_factory=dict)  # see periods.parts_of_year
    relative: dict[str, frozenset[int]] = field(default_factory=dict)  # see relative_periods
    negated: bool = False
    directions: frozenset[str] = frozenset()  # "increase", "decrease"
    rates: frozenset[str] = frozenset()  # what rates are per: "hour", "year", "person"
    frames: frozenset[str] = frozenset()  # "since", "in", "by", "until", "annual": qualifiers
    mode: str | None = None  # "forecast", "outcome" or None (see qualifiers.mode)


@dataclass
class _Words:
    """What a claim's words say, read in one pass: see the ClaimFeatures fields of these names."""

    names: set[str] = field(default_factory=set)
    lead: str | None = None
    topic: set[str] = field(default_factory=set)
    tokens: set[str] = field(default_factory=set)
    sequence: list[str] = field(default_factory=list)

    def read(self, text: str, match: re.Match[str]) -> None:
        raw = match.group()
        if raw[0].isdigit():
            return
        stem = stem_of(raw)
        if not stem:
            return
        self.tokens.add(stem)
        self.sequence.append(stem)
        lower = raw.lower().rstrip("'\u2019s") if raw.endswith(("'s", "\u2019s")) else raw.lower()
        if raw[0].isupper() and lower not in NOT_NAMES and stem not in NOT_NAMES:
            self._read_capitalised(text, match, stem)
        generic = lower in STOPWORDS or lower in GENERIC_WORDS or stem in GENERIC_STEMS
        if not generic and len(stem) > 2:
            self.topic.add(stem)

    def _read_capitalised(self, text: str, match: re.Match[str], stem: str) -> None:
        """A capital inside the sentence, or an acronym, is a name; the sentence's first word is
        only its lead."""
        raw = match.group()
        at_start = bool(_SENTENCE_START_RE.search(text[: match.start()]))
        is_acronym = len(raw) >= 2 and raw.isupper() and raw.isalpha()
        if at_start and not is_acronym:
            if self.lead is None and match.start() < 3:
                self.lead = stem
        else:
            self.names.add(stem)


def features(text: str, quantities: Sequence[Any] = ()) -> ClaimFeatures:
    """Everything the scorer compares, computed once per claim."""
    figures = [
        f for f in (figure_from_quantity(q) for q in quantities if is_figure(q)) if f is not None
    ]
    years, months = years_and_months(text, quantities)
    claim_rates = rates(text)
    words = _Words()
    folded = fold_phrases(text)
    for match in WORD_RE.finditer(folded):
        words.read(folded, match)
    unattributed = _ATTRIBUTION_RE.sub(" ", folded)
    # Hyphenated words count by their parts ("drug-related" is "drug" plus "related").
    parts = [p for m in WORD_RE.finditer(unattributed) for p in m.group().split("-")]
    sequence = [s for s in (stem_of(p) for p in parts if p.lower() not in NUMBER_WORDS) if s]
    sequence = [s for s in sequence if not s[0].isdigit()]
    return ClaimFeatures(
        text=text,
        figures=figures,
        years=years,
        months=months,
        names=words.names,
        lead=words.lead,
        topic=words.topic,
        tokens=words.tokens,
        sequence=sequence,
        trigrams=trigrams(text),
        periods=parts_of_year(text, quantities),
        relative=relative_periods(text),
        negated=is_negated(text),
        directions=directions(text, figures),
        rates=claim_rates,
        frames=time_frames(text, claim_rates),
        mode=mode(text),
    )
