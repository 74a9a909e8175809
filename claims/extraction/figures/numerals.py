"""Numbers written in digits: the scan that finds them, and turning them into values."""

from __future__ import annotations

import re

# Thousands grouped by commas (Indian groups of two allowed before the last group of three), by
# dots (two groups at least: "1.250" stays a decimal, unless a decimal comma follows: "1.234,56"),
# by spaces (plain, no-break, thin, narrow no-break) or apostrophes ("1'000"); a decimal comma
# alone only before a percent or a scale word ("3,5 %", "0,8 per cent", "1,5 million"); a leading
# decimal point (".08").
_GROUP_SPACES = " \u00a0\u2009\u202f"
NUMBER_PATTERN = (
    r"\d{1,3}(?:,\d{2})*(?:,\d{3})+(?:\.\d+)?"
    r"|\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?"
    rf"|\d{{1,3}}(?:[{_GROUP_SPACES}]\d{{3}})+(?:\.\d+)?"
    r"|\d{1,3}(?:['\u2019]\d{3})+(?:\.\d+)?"
    r"|\d{1,3}(?:\.\d{3})+,\d{1,2}(?!\d)"
    r"|\d{1,3},\d{1,2}(?=\s?(?:%|per\s?cent\b|percent\b|pct\b|(?:million|billion|trillion|mn|bn)\b))"
    r"|\d+(?:\.\d+)?|\.\d+"
)
# Where a match may start is checked in code (no letter, digit or point just before). Every
# alternative starts with a digit or a point, so NUMBER_RE starts with that class and consumes
# it: `re` skips to a character of a leading class in C, but tries a full match at every
# position when a pattern starts with anything else (a lookahead included). After it, each
# alternative goes on without its first character, a lookbehind saying which it was: the
# grouped forms' `\d{1,3}` becomes `\d{0,2}` (the same lengths, tried in the same order), the
# plain `\d+` becomes `\d*`. Same matches and groups (tested against the plain pattern).
# The grouped and decimal-comma forms (every alternative but the last two) need a separator
# right after their first one to three digits: a lookahead, possessive (nothing after the
# digits could be a separator if fewer were taken), skips them for the plain "2023" or "12".


def _top_level_alternatives(pattern: str) -> list[str]:
    """The alternatives of `pattern` split at its top-level "|" (not inside brackets)."""
    parts: list[str] = []
    cur: list[str] = []
    depth = i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            cur.append(pattern[i : i + 2])
            i += 2
            continue
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        if c == "|" and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(c)
        i += 1
    parts.append("".join(cur))
    return parts


_ALTERNATIVES = _top_level_alternatives(NUMBER_PATTERN)
_GROUPED_FORMS, _PLAIN_PATTERN = _ALTERNATIVES[:-2], r"\d+(?:\.\d+)?|\.\d+"
if "|".join(_ALTERNATIVES[-2:]) != _PLAIN_PATTERN:
    raise ImportError("NUMBER_PATTERN no longer ends with its plain alternatives")
if not all(form.startswith(r"\d{1,3}") for form in _GROUPED_FORMS):
    raise ImportError("a grouped form of NUMBER_PATTERN no longer starts with \\d{1,3}")
_GROUPED_AFTER_FIRST = "|".join(r"\d{0,2}" + form[len(r"\d{1,3}") :] for form in _GROUPED_FORMS)
NUMBER_RE = re.compile(
    rf"(?P<num>[\d.](?:(?<=\d)(?=\d{{0,2}}+[,.'\u2019{_GROUP_SPACES}])(?:{_GROUPED_AFTER_FIRST})"
    r"|(?<=\d)\d*(?:\.\d+)?|(?<=\.)\d+))(?![\d])(?:(?P<ord>st|nd|rd|th)\b)?"
)
_SEPARATORS = str.maketrans("", "", ",'\u2019" + _GROUP_SPACES)


def to_number(s: str) -> float | int:
    """The value of a match of NUMBER_PATTERN."""
    whole, comma, frac = s.rpartition(",")
    if comma and len(frac) < 3:  # a decimal comma: "3,5", "1.250.000,50"
        return float(whole.replace(".", "") + "." + frac)
    if s.count(".") > 1:  # dots group thousands
        return int(s.replace(".", "").translate(_SEPARATORS))
    s = s.translate(_SEPARATORS)
    if "." in s:
        return float(s)
    return int(s)


def decimals_of(s: str) -> int:
    """How many digits a match of NUMBER_PATTERN states after its decimal separator."""
    _, comma, frac = s.rpartition(",")
    if comma and len(frac) < 3:
        return len(frac)
    if s.count(".") != 1:
        return 0
    return len(s.rpartition(".")[2])


# More digits than this before the decimal point is not a figure anyone states (a serial number, an
# ID, junk); beyond it a float also stops being exact and a scale word could overflow it.
MAX_INT_DIGITS = 15


def too_long(raw: str) -> bool:
    digits = raw.translate(_SEPARATORS)
    if digits.count(".") > 1:
        return len(digits) - digits.count(".") > MAX_INT_DIGITS
    whole, _, frac = digits.partition(".")
    return len(frac) > MAX_INT_DIGITS or len(whole) > MAX_INT_DIGITS


def clean_value(v: float) -> float | int:
    """Whole numbers as int, others rounded to remove float noise (1.88e6 not 1879999.9999)."""
    if type(v) is int:
        return v  # what the rounding below gives back for any int
    r = round(v, 6)
    if r == int(r) and abs(r) < 1e15:
        return int(r)
    return r


DIGIT_RE = re.compile(r"\d")

# Letters that `re.IGNORECASE` matches to an ASCII letter but that `str.lower` does not turn into
# it (long s, dotless i, dotted capital I, Kelvin sign): fold them before a dictionary look-up of
# what a case-insensitive regex matched, or "\u017fix" (matched as "six") raises KeyError.
_ODD_CASE = str.maketrans({"\u017f": "s", "\u0131": "i", "\u0130": "i", "\u212a": "k"})


def fold(word: str) -> str:
    """`word` lower-cased as `re.IGNORECASE` compares it: the key of a look-up table."""
    if word.isascii():  # the odd-case letters are not ASCII
        return word.lower()
    return word.translate(_ODD_CASE).lower()
