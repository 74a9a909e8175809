"""Arithmetic between figures of a sentence, or of a sentence and the ones before it in its
paragraph: a change and its endpoints, a change and its percentage, parts and their total.

Tolerance follows the rounding of the stated figures: each figure is good to half a unit in its last
stated digit (1.88 million: +/- 5,000; 3.38 percent: +/- 0.005), and the error is propagated through
the arithmetic, so a check fails only when no reading of the rounded figures can make them agree.
Two endpoints on the same scale are read at the finer precision of the two: next to "1.25 million",
"1.2 million" means 1.20 million (writers drop the trailing zero, readers read it so).

Across sentences a wrong pairing would be a false flag, which costs editors' trust, so a figure from
the sentence before (same paragraph) is used only when it is the one level there of the same kind,
unit and currency within a factor of two of the new level; only amounts qualify (money, measures,
and counts of a stated noun: "1.2 million shareholders"), never percentages, of which a paragraph
often has several of different things. A mismatch is reported only when the stated change is at
least half and at most twice what the levels imply, and in the direction they show.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import attrgetter

from .figures.numerals import NUMBER_RE, decimals_of, to_number
from .types import ConsistencyCheck, Quantity

_TOTAL_BEFORE_RE = re.compile(
    r"(?:total(?:\s+of)?|totall?ing|combined|altogether|in\s+all|sum\s+of|overall)\s+$", re.I
)
# The last letters of _TOTAL_BEFORE_RE's words ("total", "of", "totaling", "combined",
# "altogether", "in all", "overall"), in any case (no other character folds to them).
_TOTAL_BEFORE_LAST_LETTERS = frozenset("lfgdrLFGDR")


def _total_before_may_match(text: str, lo: int, pos: int) -> bool:
    """False only if _TOTAL_BEFORE_RE cannot match in text[lo:pos]: a match is one of its words
    and whitespace up to pos."""
    j = pos
    while j > lo and text[j - 1].isspace():
        j -= 1
    return lo < j < pos and text[j - 1] in _TOTAL_BEFORE_LAST_LETTERS


_TOTAL_AFTER_RE = re.compile(r"\s+(?:in\s+total|in\s+all|altogether|combined|overall)\b", re.I)
# ", or 20 percent" after an amount change restates that change as a percentage.
_OR_PERCENT_RE = re.compile(
    r",?\s+or\s+(?:about\s+|nearly\s+|almost\s+|roughly\s+|some\s+)?$", re.I
)
_TEXT_OF: Callable[[Quantity], str] = attrgetter("text")
_AMOUNTS = ("count", "money", "measure", "percent", "percentage_point", "duration")


def half_ulp(q: Quantity) -> float:
    """Half a unit in the last stated digit of q, in q's own scale."""
    m = NUMBER_RE.search(q.text)
    if not m:
        return 0.0  # a number word: exact
    literal = float(to_number(m.group("num")))
    decimals = decimals_of(m.group("num"))
    scale = abs(q.value) / literal if literal else 1.0
    if q.kind == "percentage_point" and "basis" in q.text.lower():
        scale = 0.01
    return 0.5 * 10.0**-decimals * scale


def _same_measure(a: Quantity, b: Quantity) -> bool:
    return a.kind == b.kind and a.currency == b.currency and a.unit == b.unit


def _endpoint_ulps(a: Quantity, b: Quantity) -> tuple[float, float]:
    """Half-units of two endpoints, read at the finer precision when they share a scale."""
    ua, ub = half_ulp(a), half_ulp(b)
    la, lb = NUMBER_RE.search(a.text), NUMBER_RE.search(b.text)
    if la and lb:
        fa, fb = float(to_number(la.group("num"))), float(to_number(lb.group("num")))
        if fa and fb and abs(abs(a.value) / fa - abs(b.value) / fb) <= 1e-9 * abs(a.value / fa):
            return min(ua, ub), min(ua, ub)
    return ua, ub


_LEVEL_KINDS = ("count", "money", "measure")


def _level_before(qs: Sequence[Quantity], ci: int) -> int | None:
    """ "it had 1.25 million, an increase of 80,000": the level stated just before a change."""
    i = ci - 1
    if i < 0:
        return None
    q, c = qs[i], qs[ci]
    if q.change is not None or q.range_to is not None or q.qualifier or q.kind not in _LEVEL_KINDS:
        return None
    if c.kind not in ("percent", "percentage_point") and not _same_measure(q, c):
        return None
    return i


def _earlier_level(prior: Sequence[Quantity], t: Quantity, anchored: bool) -> Quantity | None:
    """The one figure of the sentence before that can be the level before `t`. `anchored`: `t` is
    plainly the end of a change ("to 1.32 million", or followed by "an increase of 80,000")."""
    if t.qualifier or not t.value or t.kind not in _LEVEL_KINDS:
        return None
    if t.kind == "count" and t.noun is None and not anchored:
        return None
    found = [
        f
        for f in prior
        if _same_measure(f, t)
        and f.change in (None, "to")
        and f.range_to is None
        and not f.qualifier
        # A bare count ("in 4237") says nothing about what it counts: only counted nouns pair.
        and (f.kind != "count" or (f.noun is not None and t.noun in (None, f.noun)))
        and f.value
        and 0.5 <= t.value / f.value <= 2
    ]
    return found[0] if len(found) == 1 else None


def _num(v: float) -> str:
    if abs(v) >= 1e6:
        return f"{v:,.0f}"
    return f"{v:,.4g}" if abs(v) < 1000 else f"{v:,.2f}".rstrip("0").rstrip(".")


def check(
    text: str, sentence_qs: Sequence[Quantity], prior: Sequence[Quantity] = ()
) -> list[ConsistencyCheck]:
    """Checks between the figures of one sentence (`sentence_qs`, in text order). `prior` are the
    figures of the sentence before, when it is in the same paragraph: one of them may be the level
    a change in this sentence starts from."""
    if all(q.change is None for q in sentence_qs):
        # No change, start or end: only parts and a total can be checked (what the full path
        # below gives then, without working out roles).
        total = _parts_total_check(text, sentence_qs, _TEXT_OF)
        return [] if total is None else [total]
    roles = _roles(text, sentence_qs, prior)
    out = [
        c for c in (_change_endpoints_check(roles), _change_percent_check(roles)) if c is not None
    ]
    qs = roles.qs
    if roles.earlier is not None:
        out = [c for c in (_across(c, qs, roles.n_local) for c in out) if c is not None]
        qs = qs[: roles.n_local]
    total = _parts_total_check(text, qs, roles.describe)
    if total is not None:
        out.append(total)
    return out


@dataclass(slots=True)
class _Roles:
    """What the figures of a sentence are to each other: indexes into `qs` of the start ("from")
    and end ("to") of a change, of the changes, split into amounts and percentages. `earlier`,
    if not None, is a level from the sentence before, appended to `qs` as the start."""

    qs: list[Quantity]
    n_local: int
    frm: int | None
    to: int | None
    amount_changes: list[int]
    pct_changes: list[int]
    earlier: Quantity | None

    def describe(self, q: Quantity) -> str:
        return f"{q.text} (previous sentence)" if q is self.earlier else q.text


def _roles(text: str, sentence_qs: Sequence[Quantity], prior: Sequence[Quantity]) -> _Roles:
    qs = list(sentence_qs)
    n_local = len(qs)
    changes = [i for i, q in enumerate(qs) if q.change in ("increase", "decrease", "change")]
    frm, to = _change_endpoints(qs, changes)
    earlier: Quantity | None = None
    if changes and frm is None and prior:
        # "... had 1.2 million shareholders last week. This week it had 1.25 million, an increase
        # of 80,000.": the level before comes from an earlier sentence.
        end_i = to if to is not None else _level_before(qs, changes[0])
        if end_i is not None:
            anchored = qs[end_i].change == "to" or any(
                _same_measure(qs[i], qs[end_i]) for i in changes
            )
            earlier = _earlier_level(prior, qs[end_i], anchored)
            if earlier is not None:
                qs.append(earlier)
                frm, to = len(qs) - 1, end_i
    amount_changes = [i for i in changes if qs[i].kind != "percent"]
    pct_changes = [i for i in changes if qs[i].kind == "percent"]
    if amount_changes and not pct_changes:
        pct_changes = _restated_as_percent(text, qs, amount_changes[0])
    return _Roles(qs, n_local, frm, to, amount_changes, pct_changes, earlier)


def _change_endpoints(qs: Sequence[Quantity], changes: list[int]) -> tuple[int | None, int | None]:
    """The indexes of the start ("from") and end ("to") of a change in the sentence, if stated."""
    frm = next((i for i, q in enumerate(qs) if q.change == "from"), None)
    to = None
    if frm is not None:
        to = next(
            (
                i
                for i, q in enumerate(qs)
                if q.change == "to" and i > frm and _same_measure(qs[frm], q)
            ),
            None,
        )
    if to is None:
        to = next((i for i, q in enumerate(qs) if q.change == "to"), None)
    if changes and frm is not None and to is None and changes[0] < frm:
        # "$2.5 trillion, up 4.2% from $2.4 trillion": the level before the change is where it went.
        li = _level_before(qs, changes[0])
        if li is not None and _same_measure(qs[li], qs[frm]):
            to = li
    return frm, to


def _restated_as_percent(text: str, qs: Sequence[Quantity], first_change: int) -> list[int]:
    """ "rose by 80,000, or 7 percent": percentages after an amount change that restate it."""
    return [
        i
        for i, q in enumerate(qs)
        if q.kind == "percent"
        and q.change is None
        and i > first_change
        and _OR_PERCENT_RE.search(text, max(0, q.start - 16), q.start)
    ]


def _change_endpoints_check(r: _Roles) -> ConsistencyCheck | None:
    """A change and its endpoints: "from 5 to 8, a rise of 3"."""
    if r.frm is None or r.to is None:
        return None
    qs, frm, to = r.qs, r.frm, r.to
    a, b = qs[frm], qs[to]
    for ci in r.amount_changes:
        c = qs[ci]
        same = _same_measure(c, a) or (
            c.kind == "percentage_point" and a.kind == "percent" and b.kind == "percent"
        )
        if not same or not _same_measure(a, b):
            continue
        expected = abs(b.value - a.value)
        ua, ub = _endpoint_ulps(a, b)
        tol = ua + ub + half_ulp(c) + 1e-9 * expected
        direction_ok = (
            c.change == "change"
            or (c.change == "increase" and b.value >= a.value)
            or (c.change == "decrease" and b.value <= a.value)
        )
        ok = abs(expected - abs(c.value)) <= tol and direction_ok
        word = "rise" if b.value >= a.value else "fall"
        detail = f"from {r.describe(a)} to {r.describe(b)} is a {word} of {_num(expected)}"
        detail += f"; stated {c.change} of {r.describe(c)}"
        if not direction_ok:
            detail += f" (but the endpoints show a {word})"
        return ConsistencyCheck(
            kind="change_endpoints",
            status="consistent" if ok else "inconsistent",
            expected=expected,
            actual=abs(c.value),
            detail=detail,
            quantity_indexes=(frm, to, ci),
        )
    return None


@dataclass(slots=True)
class _PercentBase:
    """What a percentage change is a percentage of: `delta` over `base`, each with its half-unit
    of rounding; `indexes` of the figures used; `described` for the detail text."""

    base: float
    base_u: float
    delta: float
    delta_u: float
    indexes: tuple[int, int]
    described: str


def _percent_base(r: _Roles) -> _PercentBase | None:
    qs, frm, to = r.qs, r.frm, r.to
    pc = next((qs[i] for i in r.amount_changes if qs[i].kind not in ("percentage_point",)), None)
    pci = qs.index(pc) if pc is not None else -1
    if pc is not None and frm is not None and _same_measure(pc, qs[frm]):
        return _PercentBase(
            base=qs[frm].value,
            base_u=half_ulp(qs[frm]),
            delta=abs(pc.value),
            delta_u=half_ulp(pc),
            indexes=(pci, frm),
            described=f"{r.describe(qs[frm])}, the starting level",
        )
    if pc is not None and to is not None and _same_measure(pc, qs[to]):
        sign = -1 if pc.change == "increase" else 1
        base = qs[to].value + sign * abs(pc.value)
        op = "-" if sign < 0 else "+"
        level_then = f"{r.describe(qs[to])} {op} {r.describe(pc)}"
        return _PercentBase(
            base=base,
            base_u=half_ulp(qs[to]) + half_ulp(pc),
            delta=abs(pc.value),
            delta_u=half_ulp(pc),
            indexes=(pci, to),
            described=f"{_num(base)} ({level_then}), the level before",
        )
    if frm is not None and to is not None and _same_measure(qs[frm], qs[to]):
        ua, ub = _endpoint_ulps(qs[frm], qs[to])
        return _PercentBase(
            base=qs[frm].value,
            base_u=ua,
            delta=abs(qs[to].value - qs[frm].value),
            delta_u=ua + ub,
            indexes=(frm, to),
            described=f"{r.describe(qs[frm])} to {r.describe(qs[to])}",
        )
    return None


def _change_percent_check(r: _Roles) -> ConsistencyCheck | None:
    """A change and its percentage: "from 50 to 60, up 20 percent"; "up 10, or 20 percent"."""
    pi = next((i for i in r.pct_changes if r.qs[i].range_to is None), None)
    if pi is None:
        return None
    pb = _percent_base(r)
    if pb is None or pb.base <= 0:
        return None
    p = r.qs[pi]
    base, delta = pb.base, pb.delta
    expected = delta / base * 100
    tol = (
        half_ulp(p) + expected * (pb.delta_u / delta if delta else 0) + expected * pb.base_u / base
    )
    tol += 1e-9
    ok = abs(expected - abs(p.value)) <= tol
    if pb.indexes[0] == r.frm:
        detail = f"{pb.described} is a change of {expected:.2f}%; stated {r.describe(p)}"
    else:
        detail = f"{_num(delta)} is {expected:.2f}% of {pb.described}; stated {r.describe(p)}"
    return ConsistencyCheck(
        kind="change_percent",
        status="consistent" if ok else "inconsistent",
        expected=round(expected, 6),
        actual=abs(p.value),
        detail=detail,
        quantity_indexes=(*pb.indexes, pi),
    )


def _parts_total_check(
    text: str, qs: Sequence[Quantity], describe: Callable[[Quantity], str]
) -> ConsistencyCheck | None:
    """Parts and their total: "3 men and 4 women, 7 people in total"."""
    if len(qs) < 3:
        return None  # a total needs two parts besides itself (_parts_of)
    for ti, t in enumerate(qs):
        parts = _parts_of(text, qs, ti)
        if parts is None:
            continue
        expected = sum(qs[i].value for i in parts)
        tol = sum(half_ulp(qs[i]) for i in parts) + half_ulp(t) + 1e-9 * abs(expected)
        ok = abs(expected - t.value) <= tol
        detail = (
            " + ".join(describe(qs[i]) for i in parts)
            + f" = {_num(expected)}; stated total {describe(t)}"
        )
        return ConsistencyCheck(
            kind="parts_total",
            status="consistent" if ok else "inconsistent",
            expected=expected,
            actual=t.value,
            detail=detail,
            quantity_indexes=(*parts, ti),
        )
    return None


def _parts_of(text: str, qs: Sequence[Quantity], ti: int) -> list[int] | None:
    """The indexes of the parts that qs[ti] is stated to be the exact total of, if it is one."""
    t = qs[ti]
    if t.kind not in _AMOUNTS or t.change in ("from", "to"):
        return None
    if t.qualifier:
        return None  # "more than 1,000 in total": not exact, nothing to check
    lo = max(0, t.start - 30)
    if not (
        (_total_before_may_match(text, lo, t.start) and _TOTAL_BEFORE_RE.search(text, lo, t.start))
        or _TOTAL_AFTER_RE.match(text, t.end)
    ):
        return None
    parts = [
        i
        for i, q in enumerate(qs)
        if i != ti
        and _same_measure(q, t)
        and q.change is None
        and q.range_to is None
        and abs(q.value) <= abs(t.value)
    ]
    if len(parts) < 2 or any(qs[i].qualifier for i in parts):
        return None
    return parts


def _across(c: ConsistencyCheck, qs: Sequence[Quantity], n_local: int) -> ConsistencyCheck | None:
    """A check that used a figure of an earlier sentence: keep the flag only when it is plausible
    that the figures were meant to go together, and point at the earlier figure by its offsets."""
    if n_local not in c.quantity_indexes:
        return c
    if c.status == "inconsistent":
        if "(but the endpoints show" in c.detail:
            return None  # the direction is wrong: more likely two unrelated figures
        if not c.expected or not 0.5 <= c.actual / c.expected <= 2:
            return None
    f = qs[n_local]
    return ConsistencyCheck(
        kind=c.kind,
        status=c.status,
        expected=c.expected,
        actual=c.actual,
        detail=c.detail,
        quantity_indexes=tuple(i for i in c.quantity_indexes if i < n_local),
        related_spans=((f.start, f.end),),
    )
