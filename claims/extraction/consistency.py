"""Arithmetic between figures of one sentence: a change and its endpoints, a change and its
percentage, parts and their total.

Tolerance follows the rounding of the stated figures: each figure is good to half a unit in its last
stated digit (1.88 million: +/- 5,000; 3.38 percent: +/- 0.005), and the error is propagated through
the arithmetic, so a check fails only when no reading of the rounded figures can make them agree.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .types import ConsistencyCheck, Quantity

_LITERAL_RE = re.compile(r"\d[\d,]*(?:\.(\d+))?")
_TOTAL_BEFORE_RE = re.compile(
    r"(?:total(?:\s+of)?|totall?ing|combined|altogether|in\s+all|sum\s+of|overall)\s+$", re.I
)
_TOTAL_AFTER_RE = re.compile(r"\s+(?:in\s+total|in\s+all|altogether|combined|overall)\b", re.I)
# ", or 20 percent" after an amount change restates that change as a percentage.
_OR_PERCENT_RE = re.compile(
    r",?\s+or\s+(?:about\s+|nearly\s+|almost\s+|roughly\s+|some\s+)?$", re.I
)
_AMOUNTS = ("count", "money", "measure", "percent", "percentage_point", "duration")


def half_ulp(q: Quantity) -> float:
    """Half a unit in the last stated digit of q, in q's own scale."""
    m = _LITERAL_RE.search(q.text)
    if not m:
        return 0.0  # a number word: exact
    literal = float(m.group().replace(",", ""))
    decimals = len(m.group(1) or "")
    scale = abs(q.value) / literal if literal else 1.0
    if q.kind == "percentage_point" and "basis" in q.text.lower():
        scale = 0.01
    return 0.5 * 10.0**-decimals * scale


def _same_measure(a: Quantity, b: Quantity) -> bool:
    return a.kind == b.kind and a.currency == b.currency and a.unit == b.unit


def _fmt(q: Quantity) -> str:
    return q.text


def _num(v: float) -> str:
    if abs(v) >= 1e6:
        return f"{v:,.0f}"
    return f"{v:,.4g}" if abs(v) < 1000 else f"{v:,.2f}".rstrip("0").rstrip(".")


def check(text: str, qs: Sequence[Quantity]) -> list[ConsistencyCheck]:
    out: list[ConsistencyCheck] = []
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
    changes = [i for i, q in enumerate(qs) if q.change in ("increase", "decrease", "change")]
    amount_changes = [i for i in changes if qs[i].kind != "percent"]
    pct_changes = [i for i in changes if qs[i].kind == "percent"]
    if amount_changes and not pct_changes:
        pct_changes = [
            i
            for i, q in enumerate(qs)
            if q.kind == "percent"
            and q.change is None
            and i > amount_changes[0]
            and _OR_PERCENT_RE.search(text, max(0, q.start - 16), q.start)
        ]

    # A change and its endpoints.
    if frm is not None and to is not None:
        a, b = qs[frm], qs[to]
        for ci in amount_changes:
            c = qs[ci]
            same = _same_measure(c, a) or (
                c.kind == "percentage_point" and a.kind == "percent" and b.kind == "percent"
            )
            if not same or not _same_measure(a, b):
                continue
            expected = abs(b.value - a.value)
            tol = half_ulp(a) + half_ulp(b) + half_ulp(c) + 1e-9 * expected
            direction_ok = (
                c.change == "change"
                or (c.change == "increase" and b.value >= a.value)
                or (c.change == "decrease" and b.value <= a.value)
            )
            ok = abs(expected - abs(c.value)) <= tol and direction_ok
            word = "rise" if b.value >= a.value else "fall"
            detail = f"from {_fmt(a)} to {_fmt(b)} is a {word} of {_num(expected)}"
            detail += f"; stated {c.change} of {_fmt(c)}"
            if not direction_ok:
                detail += f" (but the endpoints show a {word})"
            out.append(
                ConsistencyCheck(
                    kind="change_endpoints",
                    status="consistent" if ok else "inconsistent",
                    expected=expected,
                    actual=abs(c.value),
                    detail=detail,
                    quantity_indexes=(frm, to, ci),
                )
            )
            break

    # A change and its percentage.
    for pi in pct_changes:
        p = qs[pi]
        if p.range_to is not None:
            continue
        base: float | None = None
        base_u = 0.0
        delta: float | None = None
        delta_u = 0.0
        idx: tuple[int, ...] = ()
        base_desc = ""
        pc = next((qs[i] for i in amount_changes if qs[i].kind not in ("percentage_point",)), None)
        pci = qs.index(pc) if pc is not None else -1
        if pc is not None and frm is not None and _same_measure(pc, qs[frm]):
            base, base_u = qs[frm].value, half_ulp(qs[frm])
            delta, delta_u = abs(pc.value), half_ulp(pc)
            idx = (pci, frm, pi)
            base_desc = f"{_fmt(qs[frm])}, the starting level"
        elif pc is not None and to is not None and _same_measure(pc, qs[to]):
            sign = -1 if pc.change == "increase" else 1
            base = qs[to].value + sign * abs(pc.value)
            base_u = half_ulp(qs[to]) + half_ulp(pc)
            delta, delta_u = abs(pc.value), half_ulp(pc)
            idx = (pci, to, pi)
            op = "-" if sign < 0 else "+"
            base_desc = f"{_num(base)} ({_fmt(qs[to])} {op} {_fmt(pc)}), the level before"
        elif frm is not None and to is not None and _same_measure(qs[frm], qs[to]):
            base, base_u = qs[frm].value, half_ulp(qs[frm])
            delta = abs(qs[to].value - qs[frm].value)
            delta_u = half_ulp(qs[frm]) + half_ulp(qs[to])
            idx = (frm, to, pi)
            base_desc = f"{_fmt(qs[frm])} to {_fmt(qs[to])}"
        if base is None or delta is None or base <= 0:
            continue
        expected = delta / base * 100
        tol = half_ulp(p) + expected * (delta_u / delta if delta else 0) + expected * base_u / base
        tol += 1e-9
        ok = abs(expected - abs(p.value)) <= tol
        if len(idx) == 3 and idx[0] == frm:
            detail = f"{base_desc} is a change of {expected:.2f}%; stated {_fmt(p)}"
        else:
            detail = f"{_num(delta)} is {expected:.2f}% of {base_desc}; stated {_fmt(p)}"
        out.append(
            ConsistencyCheck(
                kind="change_percent",
                status="consistent" if ok else "inconsistent",
                expected=round(expected, 6),
                actual=abs(p.value),
                detail=detail,
                quantity_indexes=idx,
            )
        )
        break

    # Parts and their total.
    for ti, t in enumerate(qs):
        if t.kind not in _AMOUNTS or t.change in ("from", "to"):
            continue
        lo = max(0, t.start - 30)
        q_start = t.start
        if t.qualifier:
            continue  # "more than 1,000 in total": not exact, nothing to check
        is_total = _TOTAL_BEFORE_RE.search(text, lo, q_start) or _TOTAL_AFTER_RE.match(text, t.end)
        if not is_total:
            continue
        parts = [
            i
            for i, q in enumerate(qs)
            if i != ti
            and _same_measure(q, t)
            and q.change is None
            and q.range_to is None
            and abs(q.value) <= abs(t.value)
        ]
        if len(parts) < 2:
            continue
        if any(qs[i].qualifier for i in parts):
            continue
        expected = sum(qs[i].value for i in parts)
        tol = sum(half_ulp(qs[i]) for i in parts) + half_ulp(t) + 1e-9 * abs(expected)
        ok = abs(expected - t.value) <= tol
        detail = (
            " + ".join(_fmt(qs[i]) for i in parts) + f" = {_num(expected)}; stated total {_fmt(t)}"
        )
        out.append(
            ConsistencyCheck(
                kind="parts_total",
                status="consistent" if ok else "inconsistent",
                expected=expected,
                actual=t.value,
                detail=detail,
                quantity_indexes=(*parts, ti),
            )
        )
        break
    return out
