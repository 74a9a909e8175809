"""Digits that are not figures: clock times, phone numbers, identifiers ("H100", "No. 5")."""

from __future__ import annotations

import re

CLOCK_TIME_RE = re.compile(
    r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]\.?m\.?)?"
    r"|\b(?:[01]?\d|2[0-3])\.[0-5]\d\s?(?:[ap]\.?m\b\.?|GMT\b|BST\b|CET\b|UTC\b|local\s+time\b)",
    re.IGNORECASE,
)
# Digits joined by three hyphens or more: an ISBN, a serial or a case number.
HYPHENATED_CODE_RE = re.compile(r"\d+(?:-\d+){3,}")
PHONE_RE = re.compile(
    r"(?:\+\d{1,3}[\s-]?)?(?:\(\d{1,4}\)[\s-]?)?\d{2,4}[\s-]\d{3,4}[\s-]\d{3,4}\b"
    r"|\+\d[\d\s-]{7,}\d|\(\d{2,4}\)\s?\d{3,4}[\s-]?\d{3,4}"
)
# Something every match of PHONE_RE has: `[\d)][\s-]\d{3,4}[\s-]\d|\+\d|\)\s?\d{3}`, written to
# start with the class of the three forms' first characters (lookbehinds then tell them apart),
# which lets `re` skip to such a character in C instead of trying a match at every position.
_PHONE_HINT_RE = re.compile(r"[\d)+](?:(?<=[\d)])[\s-]\d{3,4}[\s-]\d|(?<=\+)\d|(?<=\))\s?\d{3})")
# Words before a number that make it part of a name, followed by whitespace (optional after a
# full stop: "No.5").
_IDENTIFIER_WORDS = (
    "No.", "Nos.", "Model", "iPhone", "Galaxy", "Windows", "Series", "Article", "Section", "Route",
    "Highway", "Flight", "Room", "Ch.", "p.", "Boeing", "Airbus", "Chapter", "Group of",
    "Interstate", "FTSE", "S&P", "Nikkei", "Nasdaq", "CAC", "Stoxx", "STOXX", "Russell", "ASX",
    "Fortune",
)  # fmt: skip
# An identifier: digits glued to letters ("H100", "COVID-19", "A320"), a version ("3.5.1"),
# a number after No./#/Model and the other words above.
IDENTIFIER_BEFORE_RE = re.compile(
    r"(?:[A-Za-z]-?|\d\.|#|"
    + "|".join(re.escape(w) + (r"\s?" if w.endswith(".") else r"\s") for w in _IDENTIFIER_WORDS)
    + ")$"
)
_IDENTIFIER_BEFORE_LAST_CHARS = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-#.\n"
)


def identifier_before_re_may_match(text: str, ns: int, lo: int) -> bool:
    """False only if IDENTIFIER_BEFORE_RE cannot match in text[lo:ns]: a match ends with a
    letter, "-", "#" or "." (or just before a final newline), or with whitespace after one of
    _IDENTIFIER_WORDS."""
    if ns <= lo:
        return False
    c = text[ns - 1]
    if c in _IDENTIFIER_BEFORE_LAST_CHARS:
        return True
    return c.isspace() and text.endswith(_IDENTIFIER_WORDS, lo, ns - 1)


_GROUP_BEFORE_RE = re.compile(r"\d{1,3}[ \u00a0\u2009\u202f]$")


def in_grouped_number(text: str, s: int, floor: int) -> bool:
    """Whether digits at s continue a number grouped by spaces ("1 414 021 100"): then
    "414 021 100" is its tail, not a phone number."""
    return s > floor and _GROUP_BEFORE_RE.search(text, max(floor, s - 4), s) is not None


# What CLOCK_TIME_RE's form with a point needs after its hour: `\d\.[0-5]\d` and a time word,
# searched from the point (a first literal lets `re` skip to it in C; a first `\d` is tested
# character by character), the digit before it read by a lookbehind. A digit just before the
# span can make it say True where the span alone has no hint: a prefilter may.
_POINT_TIME_HINT_RE = re.compile(
    r"\.(?<=\d\.)[0-5]\d\s?(?:[ap]\.?m|GMT|BST|CET|UTC|local\s+time)", re.IGNORECASE
)


def clock_time_re_may_match(text: str, start: int, end: int) -> bool:
    """False only if CLOCK_TIME_RE cannot match in text[start:end]: every match has a colon, or a
    point between digits followed by am/pm or a time zone."""
    if text.find(":", start, end) >= 0:
        return True
    return _POINT_TIME_HINT_RE.search(text, start, end) is not None


def hyphenated_code_re_may_match(text: str, start: int, end: int) -> bool:
    """False only if HYPHENATED_CODE_RE cannot match: every match has three hyphens."""
    first = text.find("-", start, end)
    return first >= 0 and text.count("-", first, end) >= 3


def phone_re_may_match(text: str, start: int, end: int) -> bool:
    """False only if PHONE_RE cannot match in text[start:end] (see _PHONE_HINT_RE)."""
    return _PHONE_HINT_RE.search(text, start, end) is not None
