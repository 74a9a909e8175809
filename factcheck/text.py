"""Shortening text for display: on a word boundary, with an ellipsis, never mid-word."""

from __future__ import annotations

ELLIPSIS = "…"


def shorten(text: str, limit: int) -> str:
    """`text` with its whitespace collapsed, cut to at most `limit` characters (the ellipsis
    included) at the end of a word. A first word longer than the limit is cut (a URL, say):
    there is no word boundary to keep."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    room = max(limit - len(ELLIPSIS), 1)
    cut = text[: room + 1]
    space = cut.rfind(" ")
    head = cut[:space] if space > 0 else text[:room]
    return head.rstrip(" ,;:.-–—") + ELLIPSIS  # noqa: RUF001  (dashes, as typed in titles)
