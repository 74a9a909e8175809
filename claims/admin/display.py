# ruff: noqa: RUF001, RUF002  (en dashes in ranges and the multiplication sign are what labels show)
"""What the admin shows of a claim: its status badge, its figures, its sentence in the article.

Article bodies and claim texts are untrusted: everything goes through format_html.
"""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from claims.extraction.sentences import iter_sentence_spans
from claims.models import Claim, ClaimStatus
from factcheck.text import shorten


def shortened(text: str, limit: int) -> SafeString:
    """`text` cut on a word boundary with an ellipsis; when cut, the whole text is the tooltip."""
    short = shorten(text, limit)
    if short == " ".join(text.split()):
        return format_html("{}", short)
    return format_html('<span title="{}">{}</span>', text, short)


def status_badge(status: str) -> SafeString:
    label = ClaimStatus(status).label if status in ClaimStatus.values else status
    return format_html('<span class="fc-badge fc-status-{}">{}</span>', status, label)


_SCALES = ((1e12, "tn"), (1e9, "bn"), (1e6, "m"))


def _number(value: float) -> str:
    """A number as a reader writes it: 2023, 1200, 12,500, 12.5, 4.2m, 358.2bn."""
    magnitude = abs(value)
    for size, suffix in _SCALES:
        if magnitude >= size:
            return f"{value / size:.4g}{suffix}"
    if magnitude >= 10_000:
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return f"{value:.4g}" if not float(value).is_integer() else str(int(value))


_MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip


def _date(iso: str) -> str | None:
    """The engine's date forms: "2024-04-25", "--04-25" (no year), "2022-05" (no day)."""
    m = re.fullmatch(r"(\d{4}|-)-(\d{2})(?:-(\d{2}))?", iso or "")
    if m is None or not 1 <= int(m.group(2)) <= 12:
        return None
    year, month, day = m.group(1), _MONTHS[int(m.group(2)) - 1], m.group(3)
    parts = [str(int(day))] if day else []
    parts.append(month)
    if year != "-":
        parts.append(year)
    return " ".join(parts)


def _plural(unit: str, value: float) -> str:
    if value == 1 or unit.endswith("s"):
        return unit
    return "centuries" if unit == "century" else f"{unit}s"


def _with_unit(number: str, q: dict[str, Any], value: float) -> str:
    kind, unit = q.get("kind"), q.get("unit")
    if kind == "money" and q.get("currency"):
        return f"{q['currency']} {number}"
    if kind == "percent" or unit == "%":
        return f"{number}%"
    if kind == "percentage_point":
        return f"{number} pp"
    if kind == "ratio" and unit == "times":
        return f"{number}×"
    if kind == "duration" and unit:
        return f"{number} {_plural(unit, value)}"
    if kind == "measure" and unit:
        return f"{number}{unit}" if unit.startswith("°") else f"{number} {unit}"
    if unit:
        return f"{number} {unit}"
    if q.get("noun"):
        return f"{number} {q['noun']}"
    return number


def _range(low: float, high: float) -> str:
    """ "700–800", "5–7", "2–3bn" (one scale word when both ends share it)."""
    for size, suffix in _SCALES:
        if min(abs(low), abs(high)) >= size:
            return f"{low / size:.4g}–{high / size:.4g}{suffix}"
    return f"{_number(low)}–{_number(high)}"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def figure_label(q: dict[str, Any]) -> str:
    """A figure in a few characters, by its kind as the engine stores it (claims.extraction's
    Quantity): "2023", "25 April 2024", "USD 4.2bn", "12%", "3 pp", "700–800 people", "2×",
    "1 in 5", "21st"; the text as written when the kind is not one it knows how to show."""
    value, kind, text = q.get("value"), q.get("kind"), str(q.get("text", ""))
    if not isinstance(value, int | float) or isinstance(value, bool):
        return text
    if kind == "date":
        return _date(str(q.get("unit") or "")) or text
    if kind == "year":
        return str(int(value))
    if kind == "ordinal" and float(value).is_integer():
        return _ordinal(int(value))
    if kind == "ratio" and q.get("unit") not in (None, "times"):
        return str(q["unit"])  # "1 in 5", "1/3": the proportion as stated
    high = q.get("range_to")
    if isinstance(high, int | float) and not isinstance(high, bool) and high != value:
        number = _range(value, high)
        shown = max(abs(value), abs(high))
    else:
        number, shown = _number(value), abs(value)
    return _with_unit(number, q, shown)


# A blank line (any line-break convention: \n, \r\n, \r), and a single line break.
_BLANK_LINE = re.compile(r"(?:\r\n|\r|\n)[ \t\f\v\u00a0]*(?:\r\n|\r|\n)\s*")
_LINE_BREAK = re.compile(r"\s*(?:\r\n|\r|\n)\s*")
# A line that ends like a sentence: the text puts one paragraph on a line, rather than wrapping
# its lines at a fixed width.
_SENTENCE_END = re.compile(r"[.!?:;\"'\u201d\u2019)\]\u2026]\s*$")
# Longer than this, a "paragraph" is not one a reader takes in at a glance: show sentences.
MAX_PARAGRAPH_CHARS = 1200
# Sentences shown on each side of the claim when no paragraph can be shown.
NEIGHBOUR_SENTENCES = 1


def _breaks(body: str) -> re.Pattern[str] | None:
    """What separates paragraphs in this body: blank lines if it has any; else single line
    breaks, if its lines end like sentences (one paragraph a line, not wrapped text); else
    nothing (then the claim is shown with its neighbouring sentences)."""
    if _BLANK_LINE.search(body):
        return _BLANK_LINE
    lines = [line for line in re.split(r"\r\n|\r|\n", body) if line.strip()]
    ends = sum(bool(_SENTENCE_END.search(line)) for line in lines)
    if len(lines) > 1 and ends * 3 >= len(lines) * 2:  # headings and datelines do not end so
        return _LINE_BREAK
    return None


def paragraph_bounds(body: str, start: int, end: int) -> tuple[int, int] | None:
    """The paragraph around body[start:end], whatever the line-break convention, or None when
    the body has no paragraphs to tell apart."""
    breaks = _breaks(body)
    if breaks is None:
        return None
    p_start, p_end = 0, len(body)
    for m in breaks.finditer(body):
        if m.end() <= start:
            p_start = m.end()
        elif m.start() >= end:
            p_end = m.start()
            break
    return p_start, p_end


def sentence_bounds(body: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    """The sentences of body[lo:hi] that hold body[start:end], with NEIGHBOUR_SENTENCES more on
    each side."""
    # Line breaks here are not paragraph ends (those were looked for first): a space for the
    # splitter, which ends a sentence at every line break. Same length, so offsets hold.
    text = re.sub(r"[\r\n]", " ", body[lo:hi])
    spans = [(lo + s, lo + e) for s, e, _ in iter_sentence_spans(text)]
    inside = [i for i, (s, e) in enumerate(spans) if s < end and e > start]
    if not inside:
        return start, end
    first = max(inside[0] - NEIGHBOUR_SENTENCES, 0)
    last = min(inside[-1] + NEIGHBOUR_SENTENCES, len(spans) - 1)
    return min(spans[first][0], start), max(spans[last][1], end)


def context_bounds(body: str, start: int, end: int) -> tuple[int, int]:
    """What "In context" shows of body around body[start:end]: its paragraph, or its neighbouring
    sentences when there are no paragraphs or the paragraph is too long. Never the whole body
    unless the body is just that."""
    bounds = paragraph_bounds(body, start, end)
    if bounds is not None and bounds[1] - bounds[0] <= MAX_PARAGRAPH_CHARS:
        return bounds
    lo, hi = bounds if bounds is not None else (0, len(body))
    return sentence_bounds(body, start, end, lo, hi)


def _span_ok(body: str, claim: Claim) -> bool:
    """Whether the claim's offsets still point at its text. A re-import can change the body
    under a claim; offsets that merely fit would then highlight some other sentence."""
    if claim.start is None or claim.end is None:
        return False  # removed from the article by a revision
    return 0 <= claim.start < claim.end <= len(body) and body[claim.start : claim.end] == claim.text


def claim_in_paragraph(claim: Claim) -> SafeString:
    body = claim.article.body
    if claim.anchor_status == "changed":
        return format_html(
            '<mark class="fc-hl fc-status-{}">{}</mark> <span class="fc-badge fc-anchor-changed">'
            "sentence changed</span> A newer revision of the article reads: “{}”",
            claim.status,
            claim.text,
            claim.anchor_new_sentence,
        )
    if claim.anchor_status == "removed":
        return format_html(
            '<mark class="fc-hl fc-status-{}">{}</mark> <span class="fc-badge fc-anchor-removed">'
            "sentence removed</span> A newer revision of the article no longer has this sentence.",
            claim.status,
            claim.text,
        )
    if not _span_ok(body, claim):
        return format_html(
            '<mark class="fc-hl fc-status-{}">{}</mark> '
            '<span class="fc-muted">(the article text no longer contains this span)</span>',
            claim.status,
            claim.text,
        )
    start, end = claim.start or 0, claim.end or 0  # _span_ok: both set
    c_start, c_end = context_bounds(body, start, end)
    before, after = body[c_start:start].lstrip(), body[end:c_end].rstrip()
    return format_html(
        '{}{}<mark class="fc-hl fc-status-{}">{}</mark>{}{}',
        "… " if body[:c_start].strip() and not _at_paragraph_start(body, c_start) else "",
        _unwrapped(before),
        claim.status,
        _unwrapped(body[start:end]),
        _unwrapped(after),
        " …" if body[c_end:].strip() and not _at_paragraph_end(body, c_end) else "",
    )


def _unwrapped(text: str) -> str:
    """Line breaks inside what is shown are where a line was wrapped, not paragraph ends."""
    return re.sub(r"[ \t]*(?:\r\n|\r|\n)[ \t]*", " ", text)


def _at_paragraph_start(body: str, pos: int) -> bool:
    return body[:pos].rstrip(" \t") == "" or body[:pos].rstrip(" \t").endswith(("\n", "\r"))


def _at_paragraph_end(body: str, pos: int) -> bool:
    rest = body[pos:].lstrip(" \t")
    return rest == "" or rest.startswith(("\n", "\r"))


def article_with_claims(body: str, claims: list[Claim]) -> SafeString:
    """The whole body with each claim marked in its status colour, linking to its page.
    Overlapping spans (rare) keep the first claim."""
    pieces: list[Any] = []
    pos = 0
    for c in sorted(claims, key=lambda c: (c.start or 0, -(c.end or 0))):
        if c.start is None or c.end is None or c.start < pos or not _span_ok(body, c):
            continue
        pieces.append(body[pos : c.start])
        pieces.append(
            format_html(
                '<a class="fc-hl fc-status-{}" href="{}" title="#{} · {} · score {}">{}</a>',
                c.status,
                reverse("admin:claims_claim_change", args=[c.pk]),
                c.pk,
                ClaimStatus(c.status).label,
                f"{c.checkworthiness:.2f}",
                body[c.start : c.end],
            )
        )
        pos = c.end
    pieces.append(body[pos:])
    return format_html_join("", "{}", ((p,) for p in pieces))
