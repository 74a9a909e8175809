"""What makes two claims different facts besides their subject: another year or month, a figure
stated differently, the opposite movement, another part of the year, another period relative to
now, a denial, another rate, the other side of a number."""

from __future__ import annotations

from typing import Any, Protocol

from .features import ClaimFeatures
from .figures import Figure, opposite_changes


def pair_figures(a: list[Figure], b: list[Figure]) -> tuple[int, list[Figure], list[Figure]]:
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


# What figure_conflict says when the same sort of number has another value: an update, maybe.
FIGURE_DIFFERS = "a comparable figure differs"


def figure_conflict(left_a: list[Figure], left_b: list[Figure]) -> str | None:
    """An unpaired figure on one side and one of the same kind on the other: the same sort of
    number stated differently (an updated figure, a changed number, another unit or currency)."""
    for fa in left_a:
        for fb in left_b:
            if fa.comparable(fb):
                return FIGURE_DIFFERS
            if fa.kind == fb.kind:
                return "different unit or currency"
    return None


def direction_conflict(a: list[Figure], b: list[Figure]) -> bool:
    """The same figure moving one way on one side and the other way on the other."""
    return any(fa.same_value(fb) and opposite_changes(fa.change, fb.change) for fa in a for fb in b)


class When(Protocol):
    """What time_conflict reads: `ClaimFeatures`, or a `scoring.Sketch`."""

    @property
    def years(self) -> set[int]: ...

    @property
    def months(self) -> set[str]: ...


def time_conflict(a: When, b: When) -> str | None:
    """Each side names a year (or a year-month) the other does not."""
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
        fa.same_value(fb) and {fa.bound, fb.bound} == {"above", "below"} for fa in a for fb in b
    )


def _period_conflicts(a: ClaimFeatures, b: ClaimFeatures) -> list[str]:
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
    return conflicts


def sense_conflicts(a: ClaimFeatures, b: ClaimFeatures) -> list[str]:
    """What else makes the same figure a different fact: another part of the year, another
    period relative to now, a denial, the opposite movement, another rate, the other side of a
    number."""
    conflicts = _period_conflicts(a, b)
    if a.negated != b.negated:
        conflicts.append("one side denies what the other states")
    if a.directions and b.directions and not a.directions & b.directions:
        conflicts.append("opposite directions")
    if _disjoint(a.rates, b.rates):
        conflicts.append(
            f"different rates (per {', '.join(sorted(a.rates))} vs {', '.join(sorted(b.rates))})"
        )
    if _disjoint(a.frames, b.frames):
        conflicts.append(
            f"different time frames ({', '.join(sorted(a.frames))} vs "
            f"{', '.join(sorted(b.frames))})"
        )
    if a.mode and b.mode and a.mode != b.mode:
        conflicts.append(f"{a.mode} vs {b.mode}")
    if _bound_conflict(a.figures, b.figures):
        conflicts.append("opposite qualifiers (above vs below the figure)")
    return conflicts
