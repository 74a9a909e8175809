"""Currencies before and after a figure, and the document context that decides which dollar
or yen a bare sign means."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .alternation import longest_first

# Currency written before the number. Order matters: longer first.
CURRENCY_BEFORE = {
    "nt$": "TWD", "ntd": "TWD", "us$": "USD", "usd": "USD", "hk$": "HKD", "hkd": "HKD",
    "a$": "AUD", "au$": "AUD", "aud": "AUD", "c$": "CAD", "ca$": "CAD", "cad": "CAD",
    "s$": "SGD", "sgd": "SGD", "nz$": "NZD", "nzd": "NZD", "r$": "BRL", "€": "EUR", "eur": "EUR",
    "£": "GBP", "gbp": "GBP", "¥": "CNY", "rmb": "CNY", "cny": "CNY", "yuan": "CNY", "₹": "INR",
    "rs": "INR", "rs.": "INR", "inr": "INR", "₩": "KRW", "jpy": "JPY", "$": "USD",
    "chf": "CHF", "sek": "SEK", "nok": "NOK", "dkk": "DKK", "pln": "PLN", "brl": "BRL",
    "zar": "ZAR", "mxn": "MXN", "krw": "KRW", "myr": "MYR", "rm": "MYR", "aed": "AED",
    "₺": "TRY", "₽": "RUB", "₦": "NGN", "₱": "PHP", "₫": "VND",
    # Glued to the digits only (digit_figures._glued_currency): "R50,000", "Sh2.5 billion".
    "r": "ZAR", "sh": "KES", "ksh": "KES",
    "rp": "IDR", "tk": "BDT",
}  # fmt: skip
# Currency written after the number.
CURRENCY_AFTER = {
    "dollar": "USD", "dollars": "USD", "yuan": "CNY", "renminbi": "CNY", "rmb": "CNY",
    "euro": "EUR", "euros": "EUR", "pound": "GBP", "pounds": "GBP", "sterling": "GBP",
    "yen": "JPY", "rupee": "INR", "rupees": "INR", "won": "KRW", "baht": "THB", "ringgit": "MYR",
    "peso": "MXN", "pesos": "MXN", "rouble": "RUB", "roubles": "RUB", "ruble": "RUB",
    "rubles": "RUB", "franc": "CHF", "francs": "CHF", "rand": "ZAR", "usd": "USD", "eur": "EUR",
    "gbp": "GBP", "cny": "CNY", "jpy": "JPY", "twd": "TWD", "ntd": "TWD", "hkd": "HKD",
    "inr": "INR", "aud": "AUD", "cad": "CAD",
    "złoty": "PLN", "zloty": "PLN", "zlotys": "PLN", "zł": "PLN", "lira": "TRY", "liras": "TRY",
    "naira": "NGN", "dirham": "AED", "dirhams": "AED", "kroner": "DKK", "krone": "DKK",
    "kronor": "SEK", "krona": "SEK", "shekel": "ILS", "shekels": "ILS", "rupiah": "IDR",
    "riyal": "SAR", "riyals": "SAR", "dong": "VND", "hryvnia": "UAH", "hryvnias": "UAH",
    "swiss franc": "CHF", "swiss francs": "CHF", "bitcoin": "BTC", "bitcoins": "BTC",
    "€": "EUR", "£": "GBP", "₹": "INR", "₩": "KRW", "₺": "TRY", "₽": "RUB", "₦": "NGN",
    "₱": "PHP", "₫": "VND", "reais": "BRL", "quid": "GBP", "taka": "BDT", "cedis": "GHS",
    "birr": "ETB",
}  # fmt: skip
# Codes after a figure count only in capitals ("5 BTC", "42 RM"): "5 try", "3 eth" are words.
UPPER_CASE_CODES = {
    "rm": "MYR", "btc": "BTC", "eth": "ETH", "chf": "CHF", "sek": "SEK", "nok": "NOK",
    "dkk": "DKK", "pln": "PLN", "try": "TRY", "aed": "AED", "ngn": "NGN", "myr": "MYR",
    "krw": "KRW", "brl": "BRL", "zar": "ZAR", "mxn": "MXN", "sgd": "SGD", "nzd": "NZD",
    "idr": "IDR", "thb": "THB", "php": "PHP", "ils": "ILS", "sar": "SAR", "rub": "RUB",
}  # fmt: skip
CURRENCY_AFTER.update(UPPER_CASE_CODES)
CURRENCY_SIGNS_AFTER = "€£₹₩₺₽₦₱₫"
DOLLAR_ADJECTIVES = {
    "us": "USD", "u.s.": "USD", "american": "USD", "nt": "TWD", "new taiwan": "TWD",
    "taiwan": "TWD", "taiwanese": "TWD", "hong kong": "HKD", "australian": "AUD",
    "canadian": "CAD", "singapore": "SGD", "new zealand": "NZD",
}  # fmt: skip
# A one-letter prefix is glued to its "$" ("A$1.2 million"): "A $10-billion fund" is the article.
CURRENCY_BEFORE_PATTERN = (
    r"(?:NT|US|HK|AU|CA|NZ)\s?\$\s?|(?:A|C|S|R)\$\s?|\$\s?|€\s?|£\s?|¥\s?|₹\s?|₩\s?"
    r"|₺\s?|₽\s?|₦\s?|₱\s?|₫\s?"
    r"|(?:Rs\.?|RMB|NTD|USD|HKD|EUR|GBP|CNY|INR|JPY|AUD|CAD|SGD|NZD|CHF|SEK|NOK|DKK|PLN|BRL|ZAR"
    r"|MXN|KRW|MYR|RM|AED|Rp|Tk)\s?"
)
# The lookahead (every first character of the pattern) spares `re` trying each alternative at
# each place of the look-back window.
CURRENCY_BEFORE_RE = re.compile(
    rf"(?=[NUHACSRZEGIJDPBMKT$€£¥₹₩₺₽₦₱₫])(?:{CURRENCY_BEFORE_PATTERN})$"
)

# The last character of a match of CURRENCY_BEFORE_PATTERN, without its optional trailing
# space: a sign, or the end of a code ("Rs", "Rs.", "RMB", "USD", "EUR", "GBP", "CNY", ...).
_CURRENCY_BEFORE_LAST_CHARS = frozenset("$€£¥₹₩₺₽₦₱₫.sBDRPYFKNLWMpk")


def currency_before_re_may_match(text: str, ns: int, floor: int) -> bool:
    """False only if CURRENCY_BEFORE_RE cannot match before ns: a match ends with a sign or code and
    at most one whitespace character (or, `$` matching before a final newline, just before one)."""
    if ns <= floor:
        return False
    c = text[ns - 1]
    if c == "\n":
        return True
    if c.isspace():
        ns -= 1
        if ns <= floor:
            return False
        c = text[ns - 1]
    if c not in _CURRENCY_BEFORE_LAST_CHARS:
        return False
    # A lower-case "s", "p", "k" or a "." ends only "Rs", "Rp", "Tk" and "Rs.": not "was 5",
    # "up 5", "in 2024. 5".
    if c == "s" or c == "p":  # "Rs", "Rp"
        return ns - 2 >= floor and text[ns - 2] == "R"
    if c == "k":  # "Tk"
        return ns - 2 >= floor and text[ns - 2] == "T"
    if c == ".":
        return ns - 3 >= floor and text.startswith("Rs", ns - 3)
    return True


# The currency words and the dollar adjectives, longest first, as tries (alternation.py).
CURRENCY_AFTER_WORDS = [k for k in CURRENCY_AFTER if k[0] not in CURRENCY_SIGNS_AFTER]
_CURRENCY_AFTER_PATTERN = longest_first(CURRENCY_AFTER_WORDS)
_DOLLAR_ADJECTIVE_PATTERN = longest_first(DOLLAR_ADJECTIVES)
CURRENCY_AFTER_RE = re.compile(
    rf"\s?-?\s?(?:(?P<adj>{_DOLLAR_ADJECTIVE_PATTERN})\s+)?(?P<cw>(?:{_CURRENCY_AFTER_PATTERN})\b|[{CURRENCY_SIGNS_AFTER}])",
    re.IGNORECASE,
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
        for m in PLACE_RE.finditer(text):
            n[m.lastgroup or ""] += 1
        au, ca, us = n["au"], n["ca"], n["us"]
        if au > max(ca, us):
            ctx.dollar = "AUD"
        elif ca > max(au, us):
            ctx.dollar = "CAD"
        if n["jp"]:
            ctx.yen = "JPY"
        return ctx


# The lookahead (the first letters of all the words) lets `re` skip other characters at once; it
# comes before the word boundary, which costs more to test (both are tests at the same place).
PLACE_RE = re.compile(
    r"(?=[ACJMNOQSTUWy])\b(?:(?P<au>Australian?|Canberra|Sydney|Melbourne|Queensland|ASX)"
    r"|(?P<ca>Canad(?:a|ian)|Ottawa|Toronto|Ontario|Quebec|TSX)"
    r"|(?P<us>U\.?S\.?|United States|American|Washington|Wall Street)"
    r"|(?P<jp>Japan|Japanese|Tokyo|yen|Nikkei|Osaka))\b"
)

DEFAULT_CONTEXT = Context()

# What may stand before "$" in a currency sign that names its dollar ("NT$", "US $").
NAMED_DOLLAR_PREFIXES = ("NT", "US", "HK", "AU", "A", "CA", "C", "S", "NZ", "R")


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
        if not text.endswith(NAMED_DOLLAR_PREFIXES, 0, j):
            return True
        i = text.find("$", i + 1)
    return False


def currency_of_sign(sym: str, ctx: Context) -> str:
    """The currency of a sign or code written before a figure ("NT$", "Rs.", a bare "$")."""
    key = sym.replace(" ", "").lower()
    if key == "$":
        return ctx.dollar
    if key == "¥":
        return ctx.yen
    return CURRENCY_BEFORE.get(key, "USD")
