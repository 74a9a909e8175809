"""Do two claims state the same fact? Plain Python, no Django: text and quantities in, a score out.

Two ways to be the same fact:

- **figures**: a figure agrees (same kind, unit and currency, value equal within the rounding of
  the less precise one) and the subject agrees (shared names, counted noun, topic words);
- **wording**: near-identical sentences (pg_trgm-style trigram similarity).

Either way, nothing may conflict. Similar-but-different claims stay apart because of these
conflicts: another company or place (names on both sides, none shared), another year or month,
another counted noun ("containers" vs "passengers"), comparable figures with different values
(an updated figure, a changed number), opposite directions ("rose 5%" vs "fell to 4%"), another
part of the year (Q1 vs Q2, "first half" vs H2, March vs April), another relative period ("last
year" vs "this year"), a denial ("is not 4.2%"), another rate ("per hour" vs "per day"), the other
side of a number ("more than 500" vs "fewer than 500"). `in_conflict()` tells these apart from
pairs that merely have too little in common: grouping needs that distinction.

`figure_keys()` is the normalisation stored in `Claim.figure_keys` (GIN-indexed): candidates are
fetched by array overlap, then scored here. A figure's keys include its value rounded to two
significant digits, so "4.19 million" and "4.2 million" share a key and reach the scorer.

`rarest_lexemes()`, `related_words()` and the `tsquery_*` helpers choose the words the candidate
queries look for in the GIN-indexed `search_vector` (see claims/services/matching.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from .candidates import (
    rarest_lexemes,
    related_words,
    tsquery_any,
    tsquery_at_least,
    tsquery_first_and_any,
)
from .features import ClaimFeatures, features
from .figures import Figure, opposite_changes, within_tolerance
from .keys import figure_keys
from .quantities import (
    TIME_KINDS,
)
from .thresholds import MATCH_THRESHOLD, MAX_RELATIVE_GAP, SUBJECT_THRESHOLD, WORDING_THRESHOLD
from .vocabulary import (
    DEMONYMS,
    GENERIC_WORDS,
    NOT_NAMES,
    STOPWORDS,
    SYNONYMS,
)
from .wording import trigram_similarity, trigrams

# --- the scorer -------------------------------------------------------------------------------


@dataclass(frozen=True)
class MatchResult:
    score: float  # 0..1; a match when >= MATCH_THRESHOLD and `same`
    method: str  # "figures", "wording", "figures+wording", or "" when apart
    same: bool
    reasons: tuple[str, ...] = ()  # why they were kept apart, or what matched
    relation: str = ""  # "same", "updated" (same subject, figure changed), or "different"


def _pair_figures(a: list[Figure], b: list[Figure]) -> tuple[int, list[Figure], list[Figure]]:
    """Greedy one-to-one pairing of agreeing figures; returns (pairs, left over in a, in b)."""
    left_b = list(b)
    left_a: list[Figure] = []
    pairs = 0
    for fa in a:
        for i, fb in enumerate(left_b):
            if fa.agrees(fb):
                pairs += 1
                del left_b[i]
                break
        else:
            left_a.append(fa)
    return pairs, left_a, left_b


def _figure_conflict(left_a: list[Figure], left_b: list[Figure]) -> str | None:
    """An unpaired figure on one side and one of the same kind on the other: the same sort of
    number stated differently (an updated figure, a changed number, another unit or currency)."""
    for fa in left_a:
        for fb in left_b:
            if fa.comparable(fb):
                return "a comparable figure differs"
            if fa.kind == fb.kind:
                return "different unit or currency"
    return None


def _direction_conflict(a: list[Figure], b: list[Figure]) -> bool:
    for fa in a:
        for fb in b:
            if (
                fa.comparable(fb)
                and within_tolerance(fa.value, fb.value, max(fa.tolerance, fb.tolerance))
                and opposite_changes(fa.change, fb.change)
            ):
                return True
    return False


def _name_key(word: str) -> str:
    return word[:5]


def _names_conflict(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    """Both sides name someone or somewhere, and not one name is shared (prefix match, so
    "Germany" and "German" agree). A name one side has that the other merely mentions in lower
    case counts as shared."""
    na = a.names | ({a.lead} if a.lead else set())
    nb = b.names | ({b.lead} if b.lead else set())
    if not a.names and not b.names:
        # Only sentence-initial capitals: "Acme reported ..." vs "Globex reported ...".
        if a.lead and b.lead and a.lead != b.lead:
            return a.lead not in b.tokens and b.lead not in a.tokens
        return False
    if not na or not nb:
        return False
    keys_a = {_name_key(n) for n in na} | {_name_key(t) for t in a.tokens}
    keys_b = {_name_key(n) for n in nb} | {_name_key(t) for t in b.tokens}
    shared = {_name_key(n) for n in na} & keys_b or {_name_key(n) for n in nb} & keys_a
    if not shared:
        return True
    # Names each side has that the other lacks entirely: "Acme's Texas plant" vs "Acme's Ohio
    # plant" share Acme but name different places.
    only_a = {n for n in a.names if _name_key(n) not in keys_b}
    only_b = {n for n in b.names if _name_key(n) not in keys_a}
    return bool(only_a and only_b)


def _subject_similarity(a: ClaimFeatures, b: ClaimFeatures) -> float:
    """Weighted overlap of the topic words: names and counted nouns weigh double."""
    heavy_a = a.names | {f.noun for f in a.figures if f.noun}
    heavy_b = b.names | {f.noun for f in b.figures if f.noun}

    def weight(word: str, heavy: set[str]) -> float:
        return 2.0 if word in heavy else 1.0

    ta = a.topic | heavy_a
    tb = b.topic | heavy_b
    if not ta or not tb:
        return 0.0
    shared = ta & tb
    score_shared = sum(max(weight(w, heavy_a), weight(w, heavy_b)) for w in shared)
    total_a = sum(weight(w, heavy_a) for w in ta)
    total_b = sum(weight(w, heavy_b) for w in tb)
    return min(1.0, score_shared / min(total_a, total_b))


def _noun_conflict(a: ClaimFeatures, b: ClaimFeatures) -> str | None:
    """A counted noun on both sides of agreeing figures that differ ("4.2 million containers" vs
    "4.2 million passengers"), unless the other sentence mentions it too."""
    for fa in a.figures:
        for fb in b.figures:
            if (
                fa.noun
                and fb.noun
                and fa.noun != fb.noun
                and fa.agrees(fb)
                and fa.noun not in b.tokens
                and fb.noun not in a.tokens
            ):
                return f"counts {fa.noun} vs {fb.noun}"
    return None


def _substitution_conflict(a: ClaimFeatures, b: ClaimFeatures) -> str | None:
    """Near-identical sentences that differ in one content word or two: that slot is the
    subject ("licensed taxis" vs "licensed food trucks", "exports" vs "imports"). Numbers are not
    words here (the figure checks judge them), and synonyms were folded by _stem already."""
    sa, sb = a.sequence, b.sequence
    if not sa or not sb:
        return None
    ops = [
        op for op in SequenceMatcher(None, sa, sb, autojunk=False).get_opcodes() if op[0] != "equal"
    ]
    equal = sum(1 for _ in sa) - sum(i2 - i1 for _, i1, i2, _, _ in ops)
    if not ops or len(ops) > 2 or equal < 0.6 * min(len(sa), len(sb)):
        return None
    for tag, i1, i2, j1, j2 in ops:
        if tag != "replace":
            continue
        left = {w for w in sa[i1:i2] if w not in STOPWORDS and w not in GENERIC_WORDS}
        right = {w for w in sb[j1:j2] if w not in STOPWORDS and w not in GENERIC_WORDS}
        if left and right and left != right:
            return f"different subject ({' '.join(sorted(left))} vs {' '.join(sorted(right))})"
    return None


def _time_conflict(a: ClaimFeatures, b: ClaimFeatures) -> str | None:
    if a.years - b.years and b.years - a.years:
        return (
            f"different years ({', '.join(map(str, sorted(a.years)))} vs "
            f"{', '.join(map(str, sorted(b.years)))})"
        )
    if a.months - b.months and b.months - a.months:
        return f"different months ({', '.join(sorted(a.months))} vs {', '.join(sorted(b.months))})"
    return None


def _disjoint(a: frozenset[Any], b: frozenset[Any]) -> bool:
    """Both sides say something and each says something the other does not."""
    return bool(a - b and b - a)


def _bound_conflict(a: list[Figure], b: list[Figure]) -> bool:
    """The same number as a floor on one side and a ceiling on the other ("more than 500" vs
    "fewer than 500")."""
    return any(
        fa.comparable(fb)
        and within_tolerance(fa.value, fb.value, max(fa.tolerance, fb.tolerance))
        and {fa.bound, fb.bound} == {"above", "below"}
        for fa in a
        for fb in b
    )


def _sense_conflicts(a: ClaimFeatures, b: ClaimFeatures) -> list[str]:
    """What else makes the same figure a different fact: another part of the year, another
    period relative to now, a denial, the opposite movement, another rate, the other side of a
    number."""
    conflicts = []
    for kind in sorted(a.periods.keys() & b.periods.keys()):
        if _disjoint(a.periods[kind], b.periods[kind]):
            conflicts.append(
                f"different {kind}s ({', '.join(sorted(a.periods[kind]))} vs "
                f"{', '.join(sorted(b.periods[kind]))})"
            )
    for unit in sorted(a.relative.keys() & b.relative.keys()):
        if _disjoint(a.relative[unit], b.relative[unit]):
            conflicts.append(f"different {unit}s (relative to when it was said)")
    if a.negated != b.negated:
        conflicts.append("one side denies what the other states")
    if a.directions and b.directions and not a.directions & b.directions:
        conflicts.append("opposite directions")
    if _disjoint(a.rates, b.rates):
        conflicts.append(
            f"different rates (per {', '.join(sorted(a.rates))} vs {', '.join(sorted(b.rates))})"
        )
    if _bound_conflict(a.figures, b.figures):
        conflicts.append("opposite qualifiers (above vs below the figure)")
    return conflicts


def in_conflict(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    """Something in the two claims says they are different facts (another subject, year,
    period, unit, value, direction...): not merely too little in common to call them the same.
    Grouping uses this: a claim joins a group only if it conflicts with no member."""
    return score_features(a, b).relation in ("different", "updated")


def score_features(a: ClaimFeatures, b: ClaimFeatures) -> MatchResult:
    """Compare two claims' features. Symmetric."""
    conflicts: list[str] = []
    time_conflict = _time_conflict(a, b)
    if time_conflict:
        conflicts.append(time_conflict)
    pairs, left_a, left_b = _pair_figures(a.figures, b.figures)
    changed = _figure_conflict(left_a, left_b)
    if changed is not None:
        conflicts.append(changed)
    if _direction_conflict(a.figures, b.figures):
        conflicts.append("opposite directions")
    sense = [c for c in _sense_conflicts(a, b) if c not in conflicts]
    conflicts.extend(sense)
    names_conflict = _names_conflict(a, b)
    if names_conflict:
        conflicts.append("different names")
    noun_conflict = _noun_conflict(a, b) or _substitution_conflict(a, b)
    if noun_conflict:
        conflicts.append(noun_conflict)

    subject = _subject_similarity(a, b)
    wording = trigram_similarity(a.trigrams, b.trigrams)

    if conflicts:
        updated = (
            changed == "a comparable figure differs"
            and not names_conflict
            and not noun_conflict
            and time_conflict is None
            and not sense
            and (subject >= SUBJECT_THRESHOLD or wording >= WORDING_THRESHOLD)
        )
        return MatchResult(
            score=0.0,
            method="",
            same=False,
            reasons=tuple(conflicts),
            relation="updated" if updated else "different",
        )

    figure_score = 0.0
    if pairs and subject >= SUBJECT_THRESHOLD:
        agreement = pairs / max(len(a.figures), len(b.figures))
        figure_score = 0.45 + 0.25 * agreement + 0.30 * subject
    # Near-identical wording with unpaired figures on both sides says different facts.
    wording_ok = wording >= WORDING_THRESHOLD and not (left_a and left_b)
    wording_score = wording if wording_ok else 0.0
    score = round(min(1.0, max(figure_score, wording_score)), 4)
    if score < MATCH_THRESHOLD:
        why = []
        if not pairs:
            why.append("no figure in common")
        elif subject < SUBJECT_THRESHOLD:
            why.append(f"subject differs (overlap {subject:.2f})")
        if wording < WORDING_THRESHOLD:
            why.append(f"wording differs (similarity {wording:.2f})")
        return MatchResult(score=score, method="", same=False, reasons=tuple(why), relation="")
    if figure_score >= MATCH_THRESHOLD and wording_score >= MATCH_THRESHOLD:
        method = "figures+wording"
    elif figure_score >= wording_score:
        method = "figures"
    else:
        method = "wording"
    return MatchResult(
        score=score,
        method=method,
        same=True,
        reasons=(f"{pairs} figure(s) agree, subject {subject:.2f}, wording {wording:.2f}",),
        relation="same",
    )


def score_pair(
    text_a: str, quantities_a: Sequence[Any], text_b: str, quantities_b: Sequence[Any]
) -> MatchResult:
    """Do these two claims state the same fact? See the module docstring."""
    return score_features(features(text_a, quantities_a), features(text_b, quantities_b))


__all__ = [
    "DEMONYMS",
    "GENERIC_WORDS",
    "MATCH_THRESHOLD",
    "MAX_RELATIVE_GAP",
    "NOT_NAMES",
    "STOPWORDS",
    "SUBJECT_THRESHOLD",
    "SYNONYMS",
    "TIME_KINDS",
    "WORDING_THRESHOLD",
    "ClaimFeatures",
    "Figure",
    "MatchResult",
    "features",
    "figure_keys",
    "in_conflict",
    "rarest_lexemes",
    "related_words",
    "score_features",
    "score_pair",
    "trigram_similarity",
    "trigrams",
    "tsquery_any",
    "tsquery_at_least",
    "tsquery_first_and_any",
]
