"""Row ids as PostgreSQL stores them (bigint primary keys), read from text.

Every place that turns user text into an id (API path and query parameters, filters, admin search)
uses these, so "12345678901234567890" is an error or a miss everywhere, never a DataError.
"""

from __future__ import annotations

MAX_BIGINT = 2**63 - 1


def id_from_text(text: str) -> int | None:
    """The integer that an all-ASCII-digit string spells (surrounding blanks ignored), else None.

    The value may exceed MAX_BIGINT: callers decide whether that is an error or a miss
    (see `fits_bigint`)."""
    text = text.strip()
    if text and text.isascii() and text.isdigit():
        return int(text)
    return None


def fits_bigint(value: int) -> bool:
    """Whether `value` can be a primary key: 0 <= value <= MAX_BIGINT."""
    return 0 <= value <= MAX_BIGINT
