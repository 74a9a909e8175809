"""The scorer: do two claims state the same fact? See the package docstring for the two ways to
be the same fact and the conflicts that keep similar claims apart."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .conflicts import (
    FIGURE_DIFFERS,
    direction_conflict,
    figure_conflict,
    pair_figures,
    sense_conflicts,
    time_conflict,
)
from .features import ClaimFeatures, features
from .figures import Figure, figure_from_quantity
from .periods import years_and_months
from .quantities import is_figure
from .subjects import names_conflict, noun_conflict, subject_similarity, substitution_conflict
from .thresholds import MATCH_THRESHOLD, SUBJECT_THRESHOLD, WORDING_THRESHOLD
from .wording import trigram_similarity, trigrams


@dataclass(frozen=True)
class MatchResult:
    score: float  # 0..1; a match when >= MATCH_THRESHOLD and `same`
    method: str  # "figures", "wording", "figures+wording", or "" when apart
    same: bool
    reasons: tuple[str, ...] = ()  # why they were kept apart, or what matched
    relation: str = ""  # "same", "updated" (same subject, figure changed), or "different"


@dataclass(frozen=True)
class _Conflicts:
    """What says two claims are different facts, by where it was found."""

    time: str | None
    figures: str | None
    directions: bool
    senses: list[str]  # only those not already said by time, figures or directions
    names: bool
    subject: str | None  # another counted noun, or one content word swapped

    @classmethod
    def between(
        cls, a: ClaimFeatures, b: ClaimFeatures, left_a: list[Figure], left_b: list[Figure]
    ) -> _Conflicts:
        time = time_conflict(a, b)
        figures = figure_conflict(left_a, left_b)
        directions = direction_conflict(a.figures, b.figures)
        said = [time, figures, "opposite directions" if directions else None]
        return cls(
            time=time,
            figures=figures,
            directions=directions,
            senses=[c for c in sense_conflicts(a, b) if c not in said],
            names=names_conflict(a, b),
            subject=noun_conflict(a, b) or substitution_conflict(a, b),
        )

    def reasons(self) -> tuple[str, ...]:
        reasons = [self.time, self.figures, "opposite directions" if self.directions else None]
        reasons += [*self.senses, "different names" if self.names else None, self.subject]
        return tuple(r for r in reasons if r)

    def only_the_figure_changed(self) -> bool:
        """The same subject, time and sense with another value: an updated figure."""
        return (
            self.figures == FIGURE_DIFFERS
            and not self.names
            and not self.subject
            and self.time is None
            and not self.senses
        )


def in_conflict(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    """Something in the two claims says they are different facts (another subject, year,
    period, unit, value, direction...): not merely too little in common to call them the same.
    Grouping uses this: a claim joins a group only if it conflicts with no member."""
    return score_features(a, b).relation in ("different", "updated")


def _kept_apart(conflicts: _Conflicts, subject: float, wording: float) -> MatchResult:
    similar = subject >= SUBJECT_THRESHOLD or wording >= WORDING_THRESHOLD
    updated = conflicts.only_the_figure_changed() and similar
    return MatchResult(
        score=0.0,
        method="",
        same=False,
        reasons=conflicts.reasons(),
        relation="updated" if updated else "different",
    )


def _too_little_in_common(pairs: int, subject: float, wording: float) -> tuple[str, ...]:
    why = []
    if not pairs:
        why.append("no figure in common")
    elif subject < SUBJECT_THRESHOLD:
        why.append(f"subject differs (overlap {subject:.2f})")
    if wording < WORDING_THRESHOLD:
        why.append(f"wording differs (similarity {wording:.2f})")
    return tuple(why)


def _method(figure_score: float, wording_score: float) -> str:
    if figure_score >= MATCH_THRESHOLD and wording_score >= MATCH_THRESHOLD:
        return "figures+wording"
    if figure_score >= wording_score:
        return "figures"
    return "wording"


def score_features(a: ClaimFeatures, b: ClaimFeatures) -> MatchResult:
    """Compare two claims' features. Symmetric."""
    pairs, left_a, left_b = pair_figures(a.figures, b.figures)
    conflicts = _Conflicts.between(a, b, left_a, left_b)
    subject = subject_similarity(a, b)
    wording = trigram_similarity(a.trigrams, b.trigrams)
    if conflicts.reasons():
        return _kept_apart(conflicts, subject, wording)

    figure_score = 0.0
    if pairs and subject >= SUBJECT_THRESHOLD:
        agreement = pairs / max(len(a.figures), len(b.figures))
        figure_score = 0.45 + 0.25 * agreement + 0.30 * subject
    # Near-identical wording with unpaired figures on both sides says different facts.
    wording_ok = wording >= WORDING_THRESHOLD and not (left_a and left_b)
    wording_score = wording if wording_ok else 0.0
    score = round(min(1.0, max(figure_score, wording_score)), 4)
    if score < MATCH_THRESHOLD:
        why = _too_little_in_common(pairs, subject, wording)
        return MatchResult(score=score, method="", same=False, reasons=why, relation="")
    return MatchResult(
        score=score,
        method=_method(figure_score, wording_score),
        same=True,
        reasons=(f"{pairs} figure(s) agree, subject {subject:.2f}, wording {wording:.2f}",),
        relation="same",
    )


def score_pair(
    text_a: str, quantities_a: Sequence[Any], text_b: str, quantities_b: Sequence[Any]
) -> MatchResult:
    """Do these two claims state the same fact? See the package docstring."""
    return score_features(features(text_a, quantities_a), features(text_b, quantities_b))


@dataclass(frozen=True)
class Sketch:
    """The part of a claim's features that decides, for most pairs, that they cannot match: its
    trigrams, figures, years and months. A small part of the cost of `features()` (no
    stemming, names or qualifiers)."""

    trigrams: frozenset[str]
    figures: list[Figure]
    years: set[int]
    months: set[str]


def sketch(text: str, quantities: Sequence[Any] = ()) -> Sketch:
    """A claim's `Sketch`: the trigrams, figures, years and months `features()` would find."""
    figures = (figure_from_quantity(q) for q in quantities if is_figure(q))
    years, months = years_and_months(text, quantities)
    return Sketch(trigrams(text), [f for f in figures if f is not None], years, months)


def may_be_same(a: ClaimFeatures, b: Sketch) -> bool:
    """False when `score_features(a, features(b))` cannot be a match, read from b's sketch
    alone; True says only "score it". Exact, as score_features decides: a match has no conflict
    of years or months, of figures or of directions, and needs a figure that agrees (the figure
    score is 0 without one) or near-identical wording (trigram similarity >= WORDING_THRESHOLD)
    without unpaired figures on both sides."""
    if time_conflict(a, b):
        return False
    pairs, left_a, left_b = pair_figures(a.figures, b.figures)
    if figure_conflict(left_a, left_b) or direction_conflict(a.figures, b.figures):
        return False
    if pairs:
        return True
    wording = trigram_similarity(a.trigrams, b.trigrams)
    return wording >= WORDING_THRESHOLD and not (left_a and left_b)
