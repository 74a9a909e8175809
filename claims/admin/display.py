"""What the admin shows of a claim: its status badge, its figures, its sentence in the article.

Article bodies and claim texts are untrusted: everything goes through format_html.
"""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from claims.models import Claim, ClaimStatus


def status_badge(status: str) -> SafeString:
    label = ClaimStatus(status).label if status in ClaimStatus.values else status
    return format_html('<span class="fc-badge fc-status-{}">{}</span>', status, label)


def _compact_number(value: Any) -> str:
    if not isinstance(value, int | float):
        return str(value)
    magnitude = abs(value)
    for size, suffix in ((1e12, "tn"), (1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if magnitude >= size:
            return f"{value / size:.3g}{suffix}"
    return f"{value:.4g}"


def figure_label(q: dict[str, Any]) -> str:
    """A figure in a few characters: "USD 4.2m", "12%", "3 times", or the text as written."""
    value = q.get("value")
    if value is None:
        return str(q.get("text", ""))
    number = _compact_number(value)
    if q.get("currency"):
        return f"{q['currency']} {number}"
    unit = q.get("unit")
    if unit == "%":
        return f"{number}%"
    if unit:
        return f"{number} {unit}"
    if q.get("noun"):
        return f"{number} {q['noun']}"
    return number


_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def paragraph_bounds(body: str, start: int, end: int) -> tuple[int, int]:
    """The paragraph (blank-line separated) around body[start:end]."""
    p_start, p_end = 0, len(body)
    for m in _PARAGRAPH_BREAK.finditer(body):
        if m.end() <= start:
            p_start = m.end()
        elif m.start() >= end:
            p_end = m.start()
            break
    return p_start, p_end


def _span_ok(body: str, claim: Claim) -> bool:
    """Whether the claim's offsets still point at its text. A re-import can change the body
    under a claim; offsets that merely fit would then highlight some other sentence."""
    return 0 <= claim.start < claim.end <= len(body) and body[claim.start : claim.end] == claim.text


def claim_in_paragraph(claim: Claim) -> SafeString:
    body = claim.article.body
    if not _span_ok(body, claim):
        return format_html(
            '<mark class="fc-hl fc-status-{}">{}</mark> '
            '<span class="fc-muted">(the article text no longer contains this span)</span>',
            claim.status,
            claim.text,
        )
    p_start, p_end = paragraph_bounds(body, claim.start, claim.end)
    return format_html(
        '{}<mark class="fc-hl fc-status-{}">{}</mark>{}',
        body[p_start : claim.start],
        claim.status,
        body[claim.start : claim.end],
        body[claim.end : p_end],
    )


def article_with_claims(body: str, claims: list[Claim]) -> SafeString:
    """The whole body with each claim marked in its status colour, linking to its page.
    Overlapping spans (rare) keep the first claim."""
    pieces: list[Any] = []
    pos = 0
    for c in sorted(claims, key=lambda c: (c.start, -c.end)):
        if c.start < pos or not _span_ok(body, c):
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
