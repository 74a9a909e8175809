"""Quantities as stored on a Claim, for the engine tests."""

from __future__ import annotations

from typing import Any

from claims.extraction import extract, to_dict


def quantities(sentence: str) -> list[dict[str, Any]]:
    """The quantities the real extraction engine finds, as they are stored on a Claim."""
    return [q for claim in extract(sentence) for q in to_dict(claim)["quantities"]]


def q(value: Any, kind: str = "count", text: str | None = None, **extra: Any) -> dict[str, Any]:
    """A stored quantity written by hand."""
    return {"text": text or str(value), "value": value, "kind": kind, **extra}
