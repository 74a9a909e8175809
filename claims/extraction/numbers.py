# ruff: noqa: RUF001  (typographic quotes, dashes and currency signs are the point of these patterns)
"""Figures in text: numbers with kind, unit, currency, qualifier, counted noun, range and change.

Everything is anchored regular expressions (stdlib `re`): a scan finds candidate numbers, then short
`match` calls at the candidate's edges read what is around it (currency before, scale and unit
after, qualifier and change verb before). Offsets are always into the full text given.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from .types import Quantity

# --- vocabulary ---------------------------------------------------------------------------------

_UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS_WORDS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "fifteenth": 15,
    "twentieth": 20,
}  # fmt: skip
_SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "mln": 1e6, "m": 1e6, "billion": 1e9,
    "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "lakh": 1e5, "lakhs": 1e5, "crore": 1e7,
    "crores": 1e7, "hundred": 1e2,
}  # fmt: skip
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

# Currency written before the number. Order matters: longer first.
_CUR_PREFIX = {
    "nt$": "TWD", "ntd": "TWD", "us$": "USD", "usd": "USD", "hk$": "HKD", "hkd": "HKD",
    "a$": "AUD", "au$": "AUD", "aud": "AUD", "c$": "CAD", "ca$": "CAD", "cad": "CAD",
    "s$": "SGD", "sgd": "SGD", "nz$": "NZD", "nzd": "NZD", "r$": "BRL", "€": "EUR", "eur": "EUR",
    "£": "GBP", "gbp": "GBP", "¥": "CNY", "rmb": "CNY", "cny": "CNY", "yuan": "CNY", "₹": "INR",
    "rs": "INR", "rs.": "INR", "inr": "INR", "₩": "KRW", "jpy": "JPY", "$": "USD",
}  # fmt: skip
# Currency written after the number.
_CUR_SUFFIX = {
    "dollar": "USD", "dollars": "USD", "yuan": "CNY", "renminbi": "CNY", "rmb": "CNY",
    "euro": "EUR", "euros": "EUR", "pound": "GBP", "pounds": "GBP", "sterling": "GBP",
    "yen": "JPY", "rupee": "INR", "rupees": "INR", "won": "KRW", "baht": "THB", "ringgit": "MYR",
    "peso": "MXN", "pesos": "MXN", "rouble": "RUB", "roubles": "RUB", "ruble": "RUB",
    "rubles": "RUB", "franc": "CHF", "francs": "CHF", "rand": "ZAR", "usd": "USD", "eur": "EUR",
    "gbp": "GBP", "cny": "CNY", "jpy": "JPY", "twd": "TWD", "ntd": "TWD", "hkd": "HKD",
    "inr": "INR", "aud": "AUD", "cad": "CAD",
}  # fmt: skip
_DOLLAR_ADJ = {
    "us": "USD", "u.s.": "USD", "american": "USD", "nt": "TWD", "new taiwan": "TWD",
    "taiwan": "TWD", "taiwanese": "TWD", "hong kong": "HKD", "australian": "AUD",
    "canadian": "CAD", "singapore": "SGD", "new zealand": "NZD",
}  # fmt: skip

_DURATION_UNITS = {
    "year": "year", "years": "year", "yr": "year", "yrs": "year", "month": "month",
    "months": "month", "week": "week", "weeks": "week", "day": "day", "days": "day",
    "hour": "hour", "hours": "hour", "minute": "minute", "minutes": "minute", "second": "second",
    "seconds": "second", "decade": "decade", "decades": "decade", "century": "century",
    "centuries": "century", "quarter": "quarter", "quarters": "quarter",
}  # fmt: skip
_MEASURE_UNITS = {
    "km": "km", "kilometres": "km", "kilometers": "km", "kilometre": "km", "kilometer": "km",
    "miles": "mile", "mile": "mile", "metres": "m", "meters": "m", "metre": "m", "meter": "m",
    "cm": "cm", "centimetres": "cm", "centimeters": "cm", "mm": "mm", "millimetres": "mm",
    "millimeters": "mm", "nm": "nm", "nanometres": "nm", "nanometers": "nm", "nanometre": "nm",
    "nanometer": "nm", "feet": "ft", "foot": "ft", "ft": "ft", "inches": "in", "inch": "in",
    "kg": "kg", "kilograms": "kg", "kilogrammes": "kg", "kilos": "kg", "grams": "g", "g": "g",
    "mg": "mg", "tonnes": "tonne", "tonne": "tonne", "tons": "ton", "ton": "ton",
    "metric tons": "tonne", "lb": "lb", "lbs": "lb", "litres": "l", "liters": "l", "litre": "l",
    "liter": "l", "ml": "ml", "gallons": "gallon", "barrels": "barrel", "barrel": "barrel",
    "bpd": "barrel/day", "hectares": "ha", "hectare": "ha", "ha": "ha", "acres": "acre",
    "acre": "acre", "square kilometres": "km2", "square kilometers": "km2", "sq km": "km2",
    "km2": "km2", "km²": "km2", "square metres": "m2", "square meters": "m2", "sq m": "m2",
    "m2": "m2", "m²": "m2", "square feet": "sq ft", "sq ft": "sq ft", "mph": "mph",
    "km/h": "km/h", "kph": "km/h", "°c": "°C", "°f": "°F", "degrees celsius": "°C",
    "degrees fahrenheit": "°F", "degrees": "degree", "gw": "GW", "mw": "MW", "kw": "kW",
    "kwh": "kWh", "mwh": "MWh", "gwh": "GWh", "twh": "TWh", "gigawatts": "GW",
    "megawatts": "MW", "kilowatts": "kW", "gb": "GB", "tb": "TB", "mb": "MB", "mbps": "Mbps",
    "gbps": "Gbps", "ghz": "GHz", "teu": "TEU", "calories": "kcal", "kcal": "kcal",
    "cubic metres": "m3", "cubic meters": "m3", "bcm": "bcm", "watts": "W", "volts": "V",
    "ºc": "°C", "ºf": "°F", "megalitres": "ML", "megaliters": "ML", "megalitre": "ML",
    "megaliter": "ML", "gigalitres": "GL", "gigaliters": "GL", "kilolitres": "kL",
    "kiloliters": "kL", "millilitres": "ml", "milliliters": "ml", "square miles": "sq mi",
    "sq mi": "sq mi", "knots": "knot", "cubic feet": "cu ft", "megatonnes": "Mt",
    "kilotonnes": "kt", "terawatt hours": "TWh", "gigawatt hours": "GWh",
}  # fmt: skip
_COLLECTIVE_NOUNS = frozenset(
    [
        "people",
        "children",
        "men",
        "women",
        "staff",
        "police",
        "personnel",
        "workforce",
        "cattle",
        "livestock",
    ]
)
_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "in",
        "on",
        "at",
        "to",
        "from",
        "for",
        "by",
        "with",
        "and",
        "or",
        "but",
        "as",
        "than",
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "was",
        "were",
        "is",
        "are",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "it",
        "its",
        "their",
        "his",
        "her",
        "our",
        "my",
        "your",
        "this",
        "these",
        "those",
        "since",
        "after",
        "before",
        "into",
        "over",
        "under",
        "about",
        "per",
        "each",
        "every",
        "all",
        "more",
        "less",
        "most",
        "least",
        "some",
        "any",
        "said",
        "says",
        "say",
        "will",
        "would",
        "could",
        "may",
        "might",
        "can",
        "should",
        "do",
        "does",
        "did",
        "not",
        "no",
        "up",
        "down",
        "out",
        "off",
        "while",
        "when",
        "where",
        "if",
        "so",
        "also",
        "just",
        "only",
        "still",
        "yet",
        "then",
        "there",
        "here",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
        "day",
        "days",
        "ago",
        "earlier",
        "later",
        "last",
        "next",
        "them",
        "us",
        "what",
        "him",
        "me",
        "you",
        "they",
        "we",
    ]
)

_QUALIFIERS = {
    "more than": "more than", "over": "more than", "above": "more than",
    "in excess of": "more than", "upwards of": "more than", "just over": "more than",
    "well over": "more than", "greater than": "more than", "nearly": "nearly", "almost": "almost",
    "close to": "nearly", "just under": "nearly", "about": "about", "around": "about",
    "roughly": "about", "approximately": "about", "some": "about", "an estimated": "about",
    "estimated": "about", "up to": "up to", "as many as": "up to", "as much as": "up to",
    "at least": "at least", "no less than": "at least", "at most": "at most",
    "no more than": "at most", "less than": "less than", "fewer than": "less than",
    "under": "less than", "below": "less than", "exactly": "exactly", "only": "only",
}  # fmt: skip
_INCREASE = [
    "increase",
    "increased",
    "increasing",
    "increases",
    "rise",
    "rose",
    "risen",
    "rising",
    "rises",
    "gain",
    "gained",
    "gaining",
    "gains",
    "jump",
    "jumped",
    "jumping",
    "jumps",
    "growth",
    "grew",
    "grow",
    "growing",
    "grows",
    "climb",
    "climbed",
    "climbing",
    "surge",
    "surged",
    "surging",
    "soar",
    "soared",
    "soaring",
    "add",
    "added",
    "adding",
    "up",
    "boost",
    "boosted",
    "hike",
    "hiked",
    "rebound",
    "rebounded",
    "advance",
    "advanced",
    "expanded",
    "expansion",
    "widened",
    "widening",
    "raise",
    "raised",
    "raising",
    "lifted",
    "hiked",
]
_DECREASE = [
    "decrease",
    "decreased",
    "decreasing",
    "decreases",
    "drop",
    "dropped",
    "dropping",
    "drops",
    "fall",
    "fell",
    "fallen",
    "falling",
    "falls",
    "decline",
    "declined",
    "declining",
    "declines",
    "loss",
    "lost",
    "losing",
    "slump",
    "slumped",
    "slumping",
    "plunge",
    "plunged",
    "plunging",
    "cut",
    "cuts",
    "reduction",
    "reduced",
    "shrank",
    "shrink",
    "shrinking",
    "slid",
    "slide",
    "sliding",
    "tumble",
    "tumbled",
    "tumbling",
    "down",
    "shed",
    "sank",
    "sink",
    "contraction",
    "contracted",
    "dip",
    "dipped",
    "eased",
    "retreated",
    "narrowed",
    "narrowing",
    "lowered",
    "trimmed",
    "slashed",
]

# --- regular expressions ------------------------------------------------------------------------

_NUM_CORE = r"\d{1,3}(?:,\d{2,3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CUR_PREFIX_RE = (
    r"(?:NT|US|HK|AU|A|CA|C|S|NZ|R)\s?\$\s?|\$\s?|€\s?|£\s?|¥\s?|₹\s?|₩\s?"
    r"|(?:Rs\.?|RMB|NTD|USD|HKD|EUR|GBP|CNY|INR|JPY|AUD|CAD|SGD|NZD)\s?"
)
# Starts with a digit so that `re` can skip ahead fast; what precedes is checked in code.
_NUMBER_RE = re.compile(rf"(?P<num>{_NUM_CORE})(?![\d])(?:(?P<ord>st|nd|rd|th)\b)?")
_CUR_BEFORE_RE = re.compile(rf"(?:{_CUR_PREFIX_RE})$")
_WORD_NUM = "|".join(sorted(list(_UNITS_WORDS) + list(_TENS_WORDS), key=len, reverse=True))
_FRACTION_DENS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4,
    "fourths": 4, "fifth": 5,
    "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8,
    "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10,
}  # fmt: skip
_NUM_2_9 = "|".join(list(_UNITS_WORDS)[2:10])
# Fractions: "two-thirds" always; "three quarters" and "a third" only before "of" (else a duration,
# "two quarters", or an ordinal, "a third term").
# Every alternative of _WORD_RE starts with one of these words. Checking the first letter in a
# lookahead lets `re` give up at once at most word boundaries instead of trying every alternative
# (~2.5x faster scan); under IGNORECASE the class matches exactly the characters that one of the
# words' first letters would.
_WORD_STARTS = [*_UNITS_WORDS, *_TENS_WORDS, *_ORDINAL_WORDS, "a", "an", "one", "three"]
_WORD_STARTS += ["twice", "half", "double", "triple", "threefold", "fourfold", "tenfold"]
_WORD_FIRST = "".join(sorted({w[0] for w in _WORD_STARTS}))
_WORD_RE = re.compile(
    rf"\b(?=[{_WORD_FIRST}])(?:(?P<fnum>{_NUM_2_9})[- ]"
    r"(?P<fden>thirds|fourths|fifths|sixths|sevenths|eighths|ninths|tenths)"
    r"|(?P<fnum2>three)[- ](?P<fden2>quarters)(?=\s+of\b)"
    r"|(?P<fnum3>an?|one)[- ](?P<fden3>half|third|quarter|fourth|fifth|sixth|seventh|eighth"
    r"|ninth|tenth)"
    r"(?=\s+of\b)"
    rf"|(?P<tens>{'|'.join(_TENS_WORDS)})(?:-(?P<tu>{'|'.join(list(_UNITS_WORDS)[1:10])}))?"
    rf"|(?P<w>{_WORD_NUM})(?:\s+hundred\b)?|(?P<a>an?)(?=\s+(?:dozen|decade|century|half|third"
    r"|quarter of|thousand|million|billion|trillion)\b)"
    rf"|(?P<twice>twice|half|double|triple|threefold|fourfold|tenfold)"
    rf"|(?P<ordw>{'|'.join(_ORDINAL_WORDS)})(?=[- ](?:largest|biggest|highest|lowest|most|least|"
    r"smallest|richest|poorest|busiest|best|worst|fastest|slowest|oldest|largest|longest|"
    r"place|ranked)))\b",
    re.IGNORECASE,
)
_MONTH_RE = (
    # The full stop belongs to an abbreviated month ("Jan."), never to "May." ending a sentence.
    r"(?P<mon>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|Jun(?:e|\.)?"
    r"|Jul(?:y|\.)?|Aug(?:ust|\.)?|Sep(?:t(?:ember|\.)?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?"
    r"|Dec(?:ember|\.)?)"
)
# Every alternative starts with a capitalised month or a digit: the lookahead lets `re` give up
# at once at other word boundaries (a scan costs half as much).
_DATE_RE = re.compile(
    r"\b(?=[ADFJMNOS\d])(?:"
    rf"{_MONTH_RE}\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y1>\d{{4}})\b)?"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_RE.replace('mon', 'mon2')}"
    r"(?:,?\s+(?P<y2>\d{4})\b)?"
    rf"|{_MONTH_RE.replace('mon', 'mon3')}\s+(?P<y3>(?:1[6-9]|20)\d\d)\b"
    r"|(?P<y4>(?:1[6-9]|20)\d\d)[/.-](?P<m4>[01]?\d)[/.-](?P<d4>[0-3]?\d)\b"
    r"|(?P<d5>[0-3]?\d)/(?P<m5>[01]?\d)/(?P<y5>(?:1[6-9]|20)\d\d)\b"
    r")"
)
_TIME_RE = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]\.?m\.?)?", re.IGNORECASE)
_PHONE_RE = re.compile(
    r"(?:\+\d{1,3}[\s-]?)?(?:\(\d{1,4}\)[\s-]?)?\d{2,4}[\s-]\d{3,4}[\s-]\d{3,4}\b"
    r"|\+\d[\d\s-]{7,}\d|\(\d{2,4}\)\s?\d{3,4}[\s-]?\d{3,4}"
)
# An identifier: digits glued to letters ("H100", "COVID-19", "A320"), a version ("3.5.1"),
# a number after No./#/Model.
_ID_BEFORE_RE = re.compile(
    r"(?:[A-Za-z]-?|\d\.|#|No\.\s?|Nos\.\s?|Model\s|iPhone\s|Galaxy\s|Windows\s|Series\s"
    r"|Article\s|Section\s|Route\s|Highway\s|Flight\s|Room\s|Ch\.\s?|p\.\s?)$"
)

# The last character of a match of _CUR_PREFIX_RE, without its optional trailing space: a sign,
# or the end of a code ("Rs", "Rs.", "RMB", "USD", "EUR", "GBP", "CNY", ...).
_CUR_END = frozenset("$€£¥₹₩.sBDRPY")


def _cur_before_possible(text: str, ns: int, floor: int) -> bool:
    """False only if _CUR_BEFORE_RE cannot match before ns: a match ends with a sign or code and
    at most one whitespace character (or, `$` matching before a final newline, just before one)."""
    if ns <= floor:
        return False
    c = text[ns - 1]
    if c in _CUR_END or c == "\n":
        return True
    return c.isspace() and ns - 2 >= floor and text[ns - 2] in _CUR_END


# Words of _ID_BEFORE_RE that are followed by whitespace.
_ID_WORDS = (
    "No.", "Nos.", "Model", "iPhone", "Galaxy", "Windows", "Series", "Article", "Section", "Route",
    "Highway", "Flight", "Room", "Ch.", "p.",
)  # fmt: skip
_ASCII_ID_END = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-#.\n")


def _id_before_possible(text: str, ns: int, lo: int) -> bool:
    """False only if _ID_BEFORE_RE cannot match in text[lo:ns]: a match ends with a letter, "-",
    "#" or "." (or just before a final newline), or with whitespace after one of _ID_WORDS."""
    if ns <= lo:
        return False
    c = text[ns - 1]
    if c in _ASCII_ID_END:
        return True
    return c.isspace() and text.endswith(_ID_WORDS, lo, ns - 1)


_SCALE_RE = re.compile(
    r"(?:\s?-?\s?)(?P<scale>(?:lakh\s+crore|thousand|million|billion|trillion|lakhs?|crores?"
    r"|hundred)\b|(?:mn|mln|bn|tn|m|b|k)\b)",
    re.IGNORECASE,
)
_PERCENT_RE = re.compile(
    r"\s?(?:-\s?)?(?P<pct>%|percent\b|per\s?cent\b|pct\b)|\s?-?\s?(?P<pp>percentage[\s-]points?\b"
    r"|pp\b|ppts?\b)|\s(?P<bp>basis\s+points?\b|bps\b)",
    re.IGNORECASE,
)
_CUR_WORDS = "|".join(sorted(_CUR_SUFFIX, key=len, reverse=True))
_DOLLAR_ADJS = "|".join(re.escape(k) for k in sorted(_DOLLAR_ADJ, key=len, reverse=True))
_CUR_SUFFIX_RE = re.compile(
    rf"\s?-?\s?(?:(?P<adj>{_DOLLAR_ADJS})\s+)?(?P<cw>{_CUR_WORDS})\b",
    re.IGNORECASE,
)
_DUR_RE = re.compile(
    r"(?:\s|-)(?P<du>"
    + "|".join(sorted(_DURATION_UNITS, key=len, reverse=True))
    + r")\b(?P<ago>\s+ago\b)?",
    re.IGNORECASE,
)
_MEASURE_RE = re.compile(
    rf"\s?-?(?P<mu>{'|'.join(re.escape(u) for u in sorted(_MEASURE_UNITS, key=len, reverse=True))})"
    r"(?![\w/])",
    re.IGNORECASE,
)
_TIMES_RE = re.compile(
    r"(?:\s|-)(?P<t>times|fold)\b(?=\s+(?:as|more|higher|larger|bigger|greater|faster|the|that"
    r"|than|over|what|its|their|his|her|smaller|lower|less|fewer|cheaper|slower)\b)"
    r"|-?(?P<fold>fold)\b|(?P<x>x)\b",
    re.IGNORECASE,
)
_RANGE_RE = re.compile(
    rf"\s?[-–—]\s?(?P<cur>{_CUR_PREFIX_RE})?(?P<num>{_NUM_CORE})(?![\d])|\s(?:to|and)\s"
    rf"(?P<cur2>{_CUR_PREFIX_RE})?(?P<num2>{_NUM_CORE})(?![\d,])",
)
_ONE_IN_RE = re.compile(rf"\s+(?:in|out\s+of)\s+(?P<den>\d{{1,9}}|{_WORD_NUM})\b", re.IGNORECASE)
_YEAR_CONTEXT_BEFORE = re.compile(
    r"(?:\b(?:in|since|by|from|until|till|before|after|during|through|early|late|mid|fiscal|FY"
    r"|circa|spring|summer|autumn|fall|winter|January|February|March|April|May|June|July|August"
    r"|September|October|November|December)|[-(])\s*$",
    re.IGNORECASE,
)
_NOUN_RE = re.compile(r"\s+(?:-\s*)?([a-z][a-z'-]*)(?:\s+([a-z][a-z'-]*))?(?:\s+([a-z][a-z'-]*))?")
_OF_NOUN_RE = re.compile(
    r"\s+of\s+(?:(?:its|the|their|his|her|our|all|those|these|a|an)\s+)?"
    r"([a-z][a-z'-]*)(?:\s+([a-z][a-z'-]*))?"
)


_DIGIT_RE = re.compile(r"\d")
_WORDS_RE = re.compile(r"[A-Za-z]+")
_PHONE_HINT_RE = re.compile(r"[\d)][\s-]\d{3,4}[\s-]\d|\+\d")
_NUMERIC_DATE_HINT_RE = re.compile(r"\d[.-]\d{1,2}[.-]\d")
_MONTH_WORDS = frozenset(
    """jan january feb february mar march apr april may jun june jul july aug august sep sept
    september oct october nov november dec december""".split()  # noqa: SIM905
)
_WORD_TRIGGERS = frozenset(
    [
        *_UNITS_WORDS,
        *_TENS_WORDS,
        *_ORDINAL_WORDS,
        "dozen",
        "decade",
        "century",
        "twice",
        "half",
        "double",
        "triple",
        "threefold",
        "fourfold",
        "tenfold",
        *_FRACTION_DENS,
    ]
)


@dataclass(slots=True)
class Context:
    """Document-level facts that decide ambiguous currencies."""

    dollar: str = "USD"
    yen: str = "CNY"
    pound: str = "GBP"

    @classmethod
    def of(cls, text: str) -> Context:
        ctx = cls()
        # One scan for the four families. Their words are distinct whole words, so no match of
        # one family can overlap a match of another, and the counts are those of four scans.
        n = dict.fromkeys(("au", "ca", "us", "jp"), 0)
        for m in _PLACE_RE.finditer(text):
            n[m.lastgroup or ""] += 1
        au, ca, us = n["au"], n["ca"], n["us"]
        if au > max(ca, us):
            ctx.dollar = "AUD"
        elif ca > max(au, us):
            ctx.dollar = "CAD"
        if n["jp"]:
            ctx.yen = "JPY"
        return ctx


# The lookahead (the first letters of all the words) lets `re` skip other word boundaries at once.
_PLACE_RE = re.compile(
    r"\b(?=[ACJMNOQSTUWy])(?:(?P<au>Australian?|Canberra|Sydney|Melbourne|Queensland|ASX)"
    r"|(?P<ca>Canad(?:a|ian)|Ottawa|Toronto|Ontario|Quebec|TSX)"
    r"|(?P<us>U\.?S\.?|United States|American|Washington|Wall Street)"
    r"|(?P<jp>Japan|Japanese|Tokyo|yen|Nikkei|Osaka))\b"
)

DEFAULT_CONTEXT = Context()

# What may stand before "$" in a currency sign that names its dollar ("NT$", "US $").
_DOLLAR_PREFIXES = ("NT", "US", "HK", "AU", "A", "CA", "C", "S", "NZ", "R")


def context_matters(text: str) -> bool:
    """False only if no figure read from `text` (in any span of it) can depend on its Context:
    the context decides a bare "$", "¥" and "dollar(s)" (any case; no character other than these
    letters matches them under IGNORECASE), and nothing else. A "$" after a prefix that names
    the dollar ("NT$", "US $") is not bare; anything else before it is taken to be."""
    if "¥" in text or "dollar" in text.lower():
        return True
    i = text.find("$")
    while i >= 0:
        j = i - 1 if i > 0 and text[i - 1] == " " else i
        if not text.endswith(_DOLLAR_PREFIXES, 0, j):
            return True
        i = text.find("$", i + 1)
    return False


def _to_number(s: str) -> float | int:
    s = s.replace(",", "")
    if "." in s:
        return float(s)
    return int(s)


# More digits than this before the decimal point is not a figure anyone states (a serial number, an
# ID, junk); beyond it a float also stops being exact and a scale word could overflow it.
_MAX_INT_DIGITS = 15


def _too_long(raw: str) -> bool:
    whole, _, frac = raw.partition(".")
    if len(frac) > _MAX_INT_DIGITS:
        return True
    return len(whole) > _MAX_INT_DIGITS and len(whole.replace(",", "")) > _MAX_INT_DIGITS


def _clean(v: float) -> float | int:
    """Whole numbers as int, others rounded to remove float noise (1.88e6 not 1879999.9999)."""
    if type(v) is int:
        return v  # what the rounding below gives back for any int
    r = round(v, 6)
    if r == int(r) and abs(r) < 1e15:
        return int(r)
    return r


def _word_value(m: re.Match[str]) -> float | int | None:
    if m.group("tens"):
        v = _TENS_WORDS[m.group("tens").lower()]
        if m.group("tu"):
            v += _UNITS_WORDS[m.group("tu").lower()]
        return v
    if m.group("w"):
        v = _UNITS_WORDS[m.group("w").lower()]
        if m.group().lower().endswith("hundred"):
            v *= 100
        return v
    if m.group("a"):
        return 1
    return None


def _resolve_currency(sym: str, ctx: Context, text: str, start: int) -> str:
    key = sym.replace(" ", "").lower()
    if key == "$":
        return ctx.dollar
    if key == "¥":
        return ctx.yen
    return _CUR_PREFIX.get(key, "USD")


_INCREASE_SET = frozenset(_INCREASE)
_DECREASE_SET = frozenset(_DECREASE)
# The word right before a figure that has a change role ends with one of these.
_CHANGE_LAST = _INCREASE_SET | _DECREASE_SET | {"from", "to", "of", "by"}
_BACK_WORDS_RE = re.compile(r"[A-Za-z]+")


def _words_before(text: str, pos: int, floor: int, span: int) -> tuple[list[str], list[int]]:
    """The lower-cased words in the `span` characters before pos, and where each starts, but only
    if nothing other than spaces separates the last of them from pos."""
    # Most figures follow a space and a word, or a bracket or sign: look before scanning.
    i = pos
    while i > floor and text[i - 1] == " ":
        i -= 1
    if i == floor or not (text[i - 1].isalpha() or text[i - 1].isspace()):
        return [], []
    lo = max(floor, pos - span)
    seg = text[lo:pos]
    words = _BACK_WORDS_RE.findall(seg)
    if not words:
        return [], []
    # Where each word starts: between two words there are no ASCII letters, so the next
    # occurrence of a word from the end of the one before is where it was matched.
    starts: list[int] = []
    c = 0
    for w in words:
        c = seg.find(w, c)
        starts.append(lo + c)
        c += len(w)
    if seg[c:].strip():
        return [], []
    if starts[0] == lo and lo > floor and text[lo - 1].isalpha():
        del words[0], starts[0]  # cut in the middle of a word
    # Words are ASCII letters without spaces: one lower() over the joined words.
    return (" ".join(words).lower().split(" ") if words else []), starts


# The last look-back, reused: a figure's qualifier and change role read the same words. One tuple,
# read and replaced whole, so that threads sharing the module cannot see a half-updated entry.
_last_back: tuple[str, int, int, tuple[list[str], list[int]]] = ("", -1, -1, ([], []))


def _words_back(text: str, pos: int, floor: int) -> tuple[list[str], list[int]]:
    """`_words_before(text, pos, floor, 48)`, remembered for the next call at the same place."""
    global _last_back
    last = _last_back
    if last[1] == pos and last[2] == floor and last[0] is text:
        return last[3]
    found = _words_before(text, pos, floor, 48)
    _last_back = (text, pos, floor, found)
    return found


# Every qualifier ends with one of these words: any other word before a figure ends the look-up.
_QUALIFIER_LAST = frozenset(k.rpartition(" ")[2] for k in _QUALIFIERS)


_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _last_word(text: str, pos: int, floor: int) -> str:
    """The last of `_words_before(text, pos, floor, 48)[0]`, or "" if there are none, without
    building the lists: most figures follow a word that can be neither a qualifier nor a change,
    and this is all it takes to know."""
    lo = max(floor, pos - 48)
    j = pos
    while j > lo and text[j - 1].isspace():
        j -= 1
    k = j
    while k > lo and text[k - 1] in _ASCII_LETTERS:
        k -= 1
    if k == j or (k == lo and lo > floor and text[lo - 1].isalpha()):
        # No word right before pos, or the only word is cut by the window.
        return ""
    return text[k:j].lower()


def _qualifier_before(
    text: str, pos: int, floor: int, last: str | None = None
) -> tuple[str | None, int]:
    """`last`, if given, is `_last_word(text, pos, floor)`."""
    if (_last_word(text, pos, floor) if last is None else last) not in _QUALIFIER_LAST:
        return None, pos
    words, starts = _words_back(text, pos, floor)
    lo = pos - 24
    n_near = sum(1 for st in starts[-4:] if st >= lo)
    for n in (3, 2, 1):
        if n_near >= n:
            q = _QUALIFIERS.get(" ".join(words[-n:]))
            if q:
                return q, starts[-n]
    return None, pos


def _change_before(text: str, pos: int, floor: int, last: str | None = None) -> str | None:
    """`last`, if given, is `_last_word(text, pos, floor)`."""
    if (_last_word(text, pos, floor) if last is None else last) not in _CHANGE_LAST:
        return None
    words, starts = _words_back(text, pos, floor)
    if not words:
        return None
    last = words[-1]
    if last == "from":
        return "from"
    if last == "to":
        return "to"
    look = words[-2:-1] if last in ("of", "by") else [last]
    if last == "by":
        # "raise the wage to $15 by 2026": the verb belongs to the figure before, not to this one.
        k = len(words) - 1
        while k > max(0, len(words) - 6):
            gap_lo = starts[k - 1] + len(words[k - 1])
            if _DIGIT_RE.search(text, gap_lo, starts[k]):
                break
            k -= 1
        look = words[k:-1]
    for w in reversed(look):
        if w in _INCREASE_SET:
            return "increase"
        if w in _DECREASE_SET:
            return "decrease"
    return None


_CHANGE_AFTER_RE = re.compile(
    r"\s+(?P<w>increase|rise|gain|jump|growth|surge|climb|decrease|drop|fall|decline|loss|slump"
    r"|plunge|cut|reduction|contraction)\b",
    re.IGNORECASE,
)


# What the first letter of a word of _CHANGE_AFTER_RE can be, under IGNORECASE (checked over all of
# Unicode: U+0130 and U+0131 match "i", U+017F "s").
_CHANGE_AFTER_FIRST = frozenset("irgjscdflpIRGJSCDFLP\u0130\u0131\u017f")


def _change_after(text: str, pos: int, end: int) -> str | None:
    # The regex needs whitespace and then one of its words: look at the first letter first.
    if pos >= end or not text[pos].isspace():
        return None
    j = pos + 1
    while j < end and text[j].isspace():
        j += 1
    if j >= end or text[j] not in _CHANGE_AFTER_FIRST:
        return None
    m = _CHANGE_AFTER_RE.match(text, pos, end)
    if not m:
        return None
    return "increase" if m.group("w").lower() in _INCREASE else "decrease"


def _noun_after(text: str, pos: int, end: int, kind: str) -> str | None:
    if kind == "percent":
        m = _OF_NOUN_RE.match(text, pos, end)
        if m:
            words = [w for w in m.groups() if w]
            kept: list[str] = []
            for w in words:
                if w in _STOP:
                    break
                kept.append(w)
                if _is_plural_noun(w):
                    break  # "of respondents agreed": the noun ends at the plural
            return " ".join(kept) or None
        return None
    m = _NOUN_RE.match(text, pos, end)
    if not m:
        return None
    out: list[str] = []
    for w in m.groups():
        if not w or w in _STOP:
            return None
        out.append(w)
        if _is_plural_noun(w):
            return " ".join(out)
    return None


def _is_plural_noun(w: str) -> bool:
    return w in _COLLECTIVE_NOUNS or (
        w.endswith("s") and not w.endswith(("ss", "'s", "ous", "us", "is"))
    )


class _Taken:
    """Spans already claimed by a figure (or masked as phone/time), to keep figures disjoint.

    Kept as sorted, merged, disjoint intervals so that a look-up is a bisection: a sentence with
    thousands of figures stays linear-ish instead of checking every span taken so far."""

    __slots__ = ("ends", "starts")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def free(self, s: int, e: int) -> bool:
        i = bisect_right(self.starts, s) - 1
        if i >= 0 and self.ends[i] > s:
            return False
        j = i + 1
        return j >= len(self.starts) or self.starts[j] >= e

    def add(self, s: int, e: int) -> None:
        starts, ends = self.starts, self.ends
        i = bisect_right(starts, s)
        # Merge with the interval before and any that the new one reaches over.
        if i > 0 and ends[i - 1] >= s:
            i -= 1
            s = starts[i]
            e = max(e, ends[i])
        j = i
        while j < len(starts) and starts[j] <= e:
            e = max(e, ends[j])
            j += 1
        starts[i:j] = [s]
        ends[i:j] = [e]


def find_quantities(
    text: str,
    start: int = 0,
    end: int | None = None,
    ctx: Context = DEFAULT_CONTEXT,
    words: list[str] | None = None,
    has_digit: bool | None = None,
) -> list[Quantity]:
    """All figures in text[start:end], sorted by offset.

    `words` (the lower-cased words of the span, if the caller has them) and `has_digit` (whether
    the span holds a digit, `\\d`, if the caller knows) only save work: scans for month names and
    number words are skipped when none of their words occur, and all digit scans without a digit.
    """
    if end is None:
        end = len(text)
    if words is None:
        words = [w.lower() for w in _WORDS_RE.findall(text, start, end)]
    wordset = set(words)
    taken = _Taken()
    out: list[Quantity] = []
    if has_digit is None:
        has_digit = _DIGIT_RE.search(text, start, end) is not None
    if has_digit:
        if text.find(":", start, end) >= 0:
            for m in _TIME_RE.finditer(text, start, end):
                taken.add(m.start(), m.end())
        if _PHONE_HINT_RE.search(text, start, end):
            for m in _PHONE_RE.finditer(text, start, end):
                taken.add(m.start(), m.end())
        if (
            not wordset.isdisjoint(_MONTH_WORDS)
            or text.find("/", start, end) >= 0
            or _NUMERIC_DATE_HINT_RE.search(text, start, end)
        ):
            date_iter = _DATE_RE.finditer(text, start, end)
        else:
            date_iter = iter(())
        for m in date_iter:
            if taken.free(m.start(), m.end()):
                q = _date(text, m, start)
                if q is not None:
                    taken.add(m.start(), m.end())
                    out.append(q)
        for m in _NUMBER_RE.finditer(text, start, end):
            q = _numeric(text, m, start, end, ctx, taken)
            if q is not None:
                out.append(q)
    if wordset.isdisjoint(_WORD_TRIGGERS):
        out.sort(key=lambda q: q.start)
        return _link_changes(text, out)
    for m in _word_matches(text, start, end):
        if not taken.free(m.start(), m.end()):
            continue
        q = _wordnum(text, m, start, end, ctx, taken)
        if q is not None:
            out.append(q)
    out.sort(key=lambda q: q.start)
    return _link_changes(text, out)


def _shortest(words: list[str]) -> tuple[str, ...]:
    """The words that do not start with another of them (finding those finds all)."""
    return tuple(
        sorted(w for w in set(words) if not any(w != v and w.startswith(v) for v in words))
    )


# Where _WORD_RE can match: at one of its first words (in any case), or at "a"/"an" before one of
# _A_NEXT ("a dozen", "a third of", "an-eighth").
_WORD_FIRSTS = _shortest([w for w in _WORD_STARTS if w not in ("a", "an")])
_A_NEXT = _shortest(
    """dozen decade century half third quarter thousand million billion trillion fourth fifth
    sixth seventh eighth ninth tenth""".split()  # noqa: SIM905
)
# Occurrences of those words in the lower-cased span, case-sensitive, so that `re` can skip ahead
# by first character. A word where _WORD_RE can start is never inside a longer occurrence (it
# starts at a word boundary, and the words are letters only), so non-overlapping matches suffice.
_CAND_RE = re.compile("|".join(sorted({*_WORD_FIRSTS, *_A_NEXT}, key=len, reverse=True)))
# The only characters that IGNORECASE matches to an ASCII letter that `str.lower` does not turn
# into that letter (U+0130 also lower-cases to two characters), checked over all of Unicode.
_CASE_ODD = ("\u0130", "\u0131", "\u017f")


def _word_matches(text: str, start: int, end: int) -> list[re.Match[str]]:
    """`list(_WORD_RE.finditer(text, start, end))`, found faster: scanning tries every alternative
    at nearly every word (~0.1 us a character); instead, a case-sensitive scan of the lower-cased
    span gives every place where a match can start, and `match` is tried there, in order, after
    the end of the previous match, which is what finditer does."""
    seg = text[start:end]
    if not seg.isascii() and any(c in seg for c in _CASE_ODD):
        return list(_WORD_RE.finditer(text, start, end))
    low = seg.lower()  # same length: U+0130 is the only character that changes it
    cands: set[int] = set()
    for om in _CAND_RE.finditer(low):
        i = om.start()
        cands.add(i)
        if low.startswith(_A_NEXT, i):
            r = i  # "a" + whitespace + the word, or "a" + "-" + the word
            while r > 0 and low[r - 1].isspace():
                r -= 1
            cands.update((r - 1, r - 2, i - 2, i - 3))
    out: list[re.Match[str]] = []
    done = 0
    for c in sorted(cands):
        if c < done:
            continue
        p = start + c
        if p and (text[p - 1].isalnum() or text[p - 1] == "_"):
            continue  # inside a word ("often", "someone"): \b, which _WORD_RE starts with, fails
        m = _WORD_RE.match(text, p, end)
        if m:
            out.append(m)
            done = m.end() - start
    return out


def _date(text: str, m: re.Match[str], floor: int) -> Quantity | None:
    g = m.groupdict()
    mon_s = g["mon"] or g["mon2"] or g["mon3"]
    if mon_s:
        mon = _MONTHS[mon_s[:3].lower()]
        day = int(g["d1"] or g["d2"] or 0)
        year = int(g["y1"] or g["y2"] or g["y3"] or 0)
        if mon_s == "May" and g["mon"] and not g["y1"] and day == 0:
            return None
    elif g["y4"]:
        year, mon, day = int(g["y4"]), int(g["m4"]), int(g["d4"])
    else:
        year, mon, day = int(g["y5"]), int(g["m5"]), int(g["d5"])
    if not (1 <= mon <= 12) or day > 31:
        return None
    iso = (f"{year:04d}" if year else "-") + f"-{mon:02d}" + (f"-{day:02d}" if day else "")
    q, _ = _qualifier_before(text, m.start(), floor)
    return Quantity(
        text=m.group(),
        start=m.start(),
        end=m.end(),
        value=year * 10000 + mon * 100 + day,
        kind="date",
        unit=iso,
        qualifier=q if q in ("about", "nearly", "almost") else None,
    )


def _numeric(
    text: str, m: re.Match[str], floor: int, end: int, ctx: Context, taken: _Taken
) -> Quantity | None:
    ns = m.start("num")
    if ns > floor and (text[ns - 1].isalnum() or text[ns - 1] in "._,"):
        return None
    cm0 = (
        _CUR_BEFORE_RE.search(text, max(floor, ns - 5), ns)
        if _cur_before_possible(text, ns, floor)
        else None
    )
    cur_sym = cm0.group() if cm0 else None
    s = cm0.start() if cm0 else ns
    e = m.end()
    if not taken.free(s, e):
        return None
    raw = m.group("num")
    if _too_long(raw):
        return None
    # Identifiers and versions: "H100", "COVID-19", "No. 5", "3.5.1".
    if not cur_sym:
        lo = max(floor, ns - 8)
        if _id_before_possible(text, ns, lo) and _ID_BEFORE_RE.search(text, lo, ns):
            return None
        if text.startswith(".", e) and e + 1 < end and text[e + 1].isdigit():
            return None
    value: float = _to_number(raw)
    ordinal = m.group("ord")
    pos = e
    kind = "count"
    unit: str | None = None
    currency: str | None = None
    noun: str | None = None
    range_to: float | None = None
    scoreline = False
    if cur_sym:
        kind = "money"
        currency = _resolve_currency(cur_sym.strip(), ctx, text, s)
    if ordinal:
        kind = "ordinal"
    else:
        # Range: "700-800", "700 to 800", "$5-6 billion".
        rm = _RANGE_RE.match(text, pos, end) if text.startswith(_RANGE_STARTS, pos) else None
        if rm:
            r_raw = rm.group("num") or rm.group("num2")
            is_to = rm.group("num2") is not None
            before = text[max(floor, s - 12) : s].lower()
            rng_ok = not is_to or (
                "from" not in before.split()[-1:] and not _change_before(text, s, floor)
            )
            if is_to and "between" in before.split()[-1:]:
                rng_ok = True
            elif is_to and "between" not in before:
                rng_ok = rng_ok and False
            elif not is_to and _is_scoreline(text, s, rm.end(), floor, end):
                rng_ok = False
                scoreline = True
            if rng_ok and "." not in r_raw[-1:] and not _too_long(r_raw):
                range_to = _to_number(r_raw)
                pos = rm.end()
        if _suffix_possible(text, pos, end):
            sm = _SCALE_RE.match(text, pos, end)
            if sm:
                sc = sm.group("scale").lower()
                glued_ok = sc not in ("m", "b", "k") or cur_sym or sm.group().strip() == sc
                if glued_ok and not (sc in ("m", "b") and not cur_sym and text[sm.start()] == " "):
                    mult = 1e12 if sc.startswith("lakh") and "crore" in sc else _SCALES[sc]
                    value *= mult
                    if range_to is not None:
                        range_to *= mult
                    pos = sm.end()
            if kind != "money":
                pm = _PERCENT_RE.match(text, pos, end)
                if pm:
                    if pm.group("pct"):
                        kind = "percent"
                        unit = "%"
                    elif pm.group("pp"):
                        kind = "percentage_point"
                        unit = "percentage point"
                    else:
                        kind = "percentage_point"
                        unit = "percentage point"
                        value /= 100
                        if range_to is not None:
                            range_to /= 100
                    pos = pm.end()
                else:
                    cm = _CUR_SUFFIX_RE.match(text, pos, end)
                    if cm:
                        cw = cm.group("cw").lower()
                        adj = (cm.group("adj") or "").lower()
                        if cw in ("dollar", "dollars"):
                            currency = _DOLLAR_ADJ.get(adj, ctx.dollar)
                        elif cw in ("pound", "pounds") and ctx.pound != "GBP":
                            currency = None
                        else:
                            currency = _CUR_SUFFIX[cw]
                        if cw in ("won", "rand") and not cm.group().startswith((" ", "-")):
                            currency = None
                        if currency:
                            kind = "money"
                            pos = cm.end()
                    if kind != "money":
                        dm = _DUR_RE.match(text, pos, end)
                        if dm:
                            kind = "duration"
                            unit = _DURATION_UNITS[dm.group("du").lower()]
                            pos = dm.end("du")
                        else:
                            um = _MEASURE_RE.match(text, pos, end)
                            if um and _unit_case_ok(um.group("mu")):
                                kind = "measure"
                                unit = _MEASURE_UNITS[um.group("mu").lower()]
                                pos = um.end()
                            else:
                                tm = _TIMES_RE.match(text, pos, end)
                                if tm:
                                    kind = "ratio"
                                    unit = "times"
                                    pos = tm.end()
            else:
                # "NT$50 million dollars": swallow a trailing currency word.
                cm = _CUR_SUFFIX_RE.match(text, pos, end)
                if cm and cm.group("cw").lower() in ("dollar", "dollars"):
                    pos = cm.end()
        if (
            kind == "count"
            and range_to is None
            and pos == e
            and "," not in raw
            and "." not in raw
            and 1500 <= value <= 2100
            and len(raw) == 4
        ):
            after = _NOUN_RE.match(text, pos, end)
            noun_next = after is not None and after.group(1) not in _STOP
            lo = max(floor, s - 16)
            if (
                not noun_next
                or _YEAR_CONTEXT_BEFORE.search(text, lo, s)
                or not after
                or not (after.group(1).endswith("s"))
            ):
                kind = "year"
    if kind == "count":
        noun = _noun_after(text, pos, end, kind)
        om = _ONE_IN_RE.match(text, pos, end) if noun is None and value < 100 else None
        if om is not None:
            den = om.group("den").lower()
            dv = int(den) if den.isdigit() else _UNITS_WORDS.get(den) or _TENS_WORDS.get(den)
            if dv:
                kind, unit, value = "ratio", f"{_clean(value)} in {dv}", value / dv
                pos = om.end()
    elif kind == "percent":
        noun = _noun_after(text, pos, end, kind)
    if (
        kind == "count"
        and range_to is None
        and pos < end
        and text[pos] in "CF"
        and (pos + 1 >= end or not (text[pos + 1].isalnum() or text[pos + 1] in "_'’"))
        and abs(value) <= 200
    ):
        # "45C", "-5C", "118F": a temperature written without the degree sign.
        kind, unit = "measure", "°" + text[pos]
        pos += 1
    if pos < end and (text[pos].isalnum() or text[pos] == "_"):
        # Glued to letters we did not read as a unit: an identifier such as "5G" or "100x2".
        return None
    last = _last_word(text, s, floor)  # read once for the qualifier and the change
    qual, qstart = _qualifier_before(text, s, floor, last)
    sign = -1 if _is_negative(text, s, floor) else 1
    taken.add(s, pos)
    change = None
    if not scoreline:
        change = _change_before(
            text, qstart, floor, last if qstart == s else None
        ) or _change_after(text, pos, end)
        if change not in (None, "from", "to") and kind in ("year", "date"):
            change = None  # "by 2026" says when, it is not the size of a rise
    return Quantity(
        text=text[s:pos],
        start=s,
        end=pos,
        value=_clean(sign * value),
        kind=kind,
        unit=unit,
        currency=currency,
        qualifier=qual,
        noun=noun,
        range_to=_clean(range_to) if range_to is not None else None,
        change=change,
    )


_SCORE_BEFORE = frozenset(
    """scored score won win wins winning lost lose loses losing beat beats beating defeated
    drew draw drawn edged trailed trailing led leading thrashed""".split()  # noqa: SIM905
)
_SCORE_AFTER_RE = re.compile(
    r"\s+(?:win|victory|defeat|loss|draw|lead|scoreline|triumph|thrashing|home\s+win"
    r"|away\s+win)\b",
    re.IGNORECASE,
)


def _is_scoreline(text: str, s: int, e: int, floor: int, end: int) -> bool:
    """ "scored 3-2", "a 2-1 defeat": a match score, not a range."""
    words, _ = _words_before(text, s, floor, 16)
    if words and words[-1] in _SCORE_BEFORE:
        return True
    return _SCORE_AFTER_RE.match(text, e, end) is not None


_RANGE_STARTS = ("-", "–", "—", " -", " –", " —", " to ", " and ")
_NEXT_WORD_RE = re.compile(r"[\s-]{0,2}([^\s\d,;:()\"'”’]+)")


def _first_words(keys: object) -> set[str]:
    return {str(k).split()[0].lower() for k in keys}  # type: ignore[attr-defined]


# First words of anything that can follow a number and change its meaning: scale, percent,
# currency, duration, measure, ratio. Anything else and the suffix regexes need not run.
_SUFFIX_FIRST = frozenset(
    _first_words(_SCALES)
    | _first_words(_CUR_SUFFIX)
    | _first_words(_DOLLAR_ADJ)
    | _first_words(_DURATION_UNITS)
    | _first_words(_MEASURE_UNITS)
    | {"%", "percent", "per", "percentage", "pct", "pp", "ppt", "ppts", "basis", "bps"}
    | {"times", "fold", "x", "lakh", "mln"}
)


def _suffix_possible(text: str, pos: int, end: int) -> bool:
    m = _NEXT_WORD_RE.match(text, pos, end)
    if not m:
        return False
    w = m.group(1).lower().rstrip(".!?")
    return w in _SUFFIX_FIRST or w[:1] in ("%", "°") or w.split("/")[0] in _SUFFIX_FIRST


def _unit_case_ok(u: str) -> bool:
    """Short units must be written as units are ("5 g", "5 m"), not "5G" (a network)."""
    return len(u) > 2 or u.lower() not in ("g", "m", "ha", "mg", "ml") or u == u.lower()


def _is_negative(text: str, s: int, floor: int) -> bool:
    if s > floor and text[s - 1] in "-−":
        # A minus sign, not a hyphen joining words or a range: preceded by space or start.
        return s - 1 == floor or text[s - 2] in " (\t"
    return text.endswith("minus ", max(floor, s - 6), s)


def _wordnum(
    text: str, m: re.Match[str], floor: int, end: int, ctx: Context, taken: _Taken
) -> Quantity | None:
    s, pos = m.start(), m.end()
    if m.group("fden") or m.group("fden2") or m.group("fden3"):
        return _fraction(text, m, floor, end, taken)
    low = m.group().lower()
    kind = "count"
    unit: str | None = None
    currency = None
    if m.group("twice"):
        ratios = {
            "twice": 2,
            "double": 2,
            "triple": 3,
            "threefold": 3,
            "fourfold": 4,
            "tenfold": 10,
        }
        if low == "half":
            if not text.startswith(" of", pos) and not text.startswith(" as", pos):
                return None
            value: float = 0.5
        elif low in ("double", "triple"):
            if not text.startswith((" the", " that", " what"), pos):
                return None
            value = ratios[low]
        else:
            value = ratios[low]
        kind, unit = "ratio", "times"
    elif m.group("ordw"):
        value = _ORDINAL_WORDS[low]
        kind = "ordinal"
    else:
        v = _word_value(m)
        if v is None:
            return None
        value = v
        matched = False
        sm = _SCALE_RE.match(text, pos, end)
        if sm and sm.group("scale").lower() in (
            "thousand",
            "million",
            "billion",
            "trillion",
            "lakh",
            "lakhs",
            "crore",
            "crores",
        ):
            value *= _SCALES[sm.group("scale").lower()]
            pos = sm.end()
            matched = True
        if low in ("a", "an") and not matched:
            nxt = text[pos : pos + 12].lower()
            if nxt.startswith(" dozen"):
                value, pos, matched = 12, pos + 6, True
            elif nxt.startswith(" decade") or nxt.startswith(" century"):
                return _duration_word(text, s, pos, end, floor)
            elif nxt.startswith((" half", " third", " quarter")):
                return None
            else:
                return None
        pm = _PERCENT_RE.match(text, pos, end)
        cm = None if pm else _CUR_SUFFIX_RE.match(text, pos, end)
        if pm and pm.group("pct"):
            kind, unit, pos = "percent", "%", pm.end()
        elif pm:
            kind, unit, pos = "percentage_point", "percentage point", pm.end()
        elif cm and cm.group("cw").lower() in ("dollars", "yuan", "euros", "pounds", "rupees"):
            cw = cm.group("cw").lower()
            currency = (
                _DOLLAR_ADJ.get((cm.group("adj") or "").lower(), ctx.dollar)
                if cw == "dollars"
                else _CUR_SUFFIX[cw]
            )
            kind, pos = "money", cm.end()
        else:
            dm = _DUR_RE.match(text, pos, end)
            tm = None if dm else _TIMES_RE.match(text, pos, end)
            om = None if (dm or tm) else _ONE_IN_RE.match(text, pos, end)
            if dm:
                kind, unit, pos = "duration", _DURATION_UNITS[dm.group("du").lower()], dm.end("du")
            elif tm and tm.group("t"):
                kind, unit, pos = "ratio", "times", tm.end("t")
            elif om and value:
                den = om.group("den").lower()
                dv = int(den) if den.isdigit() else _UNITS_WORDS.get(den) or _TENS_WORDS.get(den)
                if not dv:
                    return None
                kind, unit, value, pos = "ratio", f"{_clean(value)} in {dv}", value / dv, om.end()
            else:
                um = _MEASURE_RE.match(text, pos, end)
                if um and um.group("mu").lower() not in ("m", "g", "in", "ha", "mb", "gb"):
                    kind, unit, pos = "measure", _MEASURE_UNITS[um.group("mu").lower()], um.end()
                elif matched:
                    pass
                else:
                    # A bare number word counts only when it counts something: "six companies".
                    noun = _noun_after(text, pos, end, "count")
                    if noun is None or low in ("one", "zero"):
                        return None
    if not taken.free(s, pos):
        return None
    taken.add(s, pos)
    qual, qstart = _qualifier_before(text, s, floor)
    noun = _noun_after(text, pos, end, kind) if kind in ("count", "percent") else None
    return Quantity(
        text=text[s:pos],
        start=s,
        end=pos,
        value=_clean(value),
        kind=kind,
        unit=unit,
        currency=currency,
        qualifier=qual,
        noun=noun,
        change=_change_before(text, qstart, floor) if kind != "ratio" else None,
    )


def _fraction(text: str, m: re.Match[str], floor: int, end: int, taken: _Taken) -> Quantity | None:
    """ "two-thirds of voters": a ratio, value 2/3, unit "2/3"."""
    num_w = (m.group("fnum") or m.group("fnum2") or m.group("fnum3")).lower()
    den_w = (m.group("fden") or m.group("fden2") or m.group("fden3")).lower()
    num = 1 if num_w in ("a", "an") else _UNITS_WORDS[num_w]
    den = _FRACTION_DENS[den_w]
    s, pos = m.start(), m.end()
    if num >= den or not taken.free(s, pos):
        return None
    taken.add(s, pos)
    qual, _ = _qualifier_before(text, s, floor)
    noun = _noun_after(text, pos, end, "percent")
    if noun is not None and not _is_plural_noun(noun.rpartition(" ")[2]):
        noun = None  # "two-thirds of the worst toxic ...": only a plainly counted noun
    return Quantity(
        text=text[s:pos],
        start=s,
        end=pos,
        value=_clean(num / den),
        kind="ratio",
        unit=f"{num}/{den}",
        qualifier=qual,
        noun=noun,
    )


def _duration_word(text: str, s: int, pos: int, end: int, floor: int) -> Quantity | None:
    dm = _DUR_RE.match(text, pos, end)
    if not dm:
        return None
    qual, _ = _qualifier_before(text, s, floor)
    e = dm.end("du")
    return Quantity(
        text=text[s:e],
        start=s,
        end=e,
        value=1,
        kind="duration",
        unit=_DURATION_UNITS[dm.group("du").lower()],
        qualifier=qual,
    )


def _link_changes(text: str, qs: list[Quantity]) -> list[Quantity]:
    """Second pass over a sentence's figures: "to" only counts after a change or "from";
    a bracketed conversion or ", or X percent" takes the change role of the figure before it."""
    if not qs:
        return qs
    out: list[Quantity] = []
    prev: Quantity | None = None
    seen_change_or_from = False
    for q in qs:
        ch = q.change
        if ch == "to" and not seen_change_or_from:
            ch = None
        if ch is None and prev is not None and prev.change in ("increase", "decrease", "change"):
            gap = text[prev.end : q.start]
            if re.fullmatch(r"\s*\(\s*|\)?,?\s*(?:or|and|,)\s+(?:by\s+)?", gap):
                ch = prev.change
        if ch in ("increase", "decrease", "change", "from"):
            seen_change_or_from = True
        if ch != q.change:
            q = Quantity(
                text=q.text,
                start=q.start,
                end=q.end,
                value=q.value,
                kind=q.kind,
                unit=q.unit,
                currency=q.currency,
                qualifier=q.qualifier,
                noun=q.noun,
                range_to=q.range_to,
                change=ch,
            )
        out.append(q)
        prev = q
    return out
