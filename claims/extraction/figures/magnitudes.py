"""What scales or re-reads a number right after it: scale words (million, lakh, bn) and
percentages (percent, percentage points, basis points)."""

from __future__ import annotations

import re

SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "mln": 1e6, "m": 1e6, "billion": 1e9,
    "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "lakh": 1e5, "lakhs": 1e5, "crore": 1e7,
    "crores": 1e7, "hundred": 1e2, "bln": 1e9, "trln": 1e12, "trn": 1e12, "cr": 1e7, "t": 1e12,
}  # fmt: skip
# Scales of one letter: a figure's scale only glued to it ("5m", "$2.174T", "100K") or after a
# currency ("$5 m"); spaced, they are units or initials ("5 m" is five metres).
LETTER_SCALES = ("m", "b", "k", "t")


SCALE_RE = re.compile(
    r"(?:\s?-?\s?)(?P<scale>(?:lakh\s+crore|thousand|million|billion|trillion|lakhs?|crores?"
    r"|hundred)\b|(?:mn|mln|bln|trln|trn|bn|tn|cr|m|b|k|t)\b)",
    re.IGNORECASE,
)
PERCENT_RE = re.compile(
    r"\s?(?:-\s?)?(?P<pct>%|percent\b|per\s?cent\b|pct\b|(?-i:pc)\b)|\s?-?\s?(?P<pp>percentage[\s-]points?\b"
    r"|pp\b|ppts?\b)|\s(?P<bp>basis\s+points?\b|bps\b)|(?P<bp2>(?-i:bps?)\b)",
    re.IGNORECASE,
)
