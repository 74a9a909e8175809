"""Compact magnitudes: "1.2M", "100K", "$50k", "$2.174T", "10 bln", "5bn", "3.5 mn", "Rs 5 cr"."""

from __future__ import annotations

from .cases import GoldCase

CASES: list[GoldCase] = [
    (
        "The video has drawn 1.2M views since it was posted on Tuesday.",
        [("1.2M", 1_200_000, "count", {"noun": "views"})],
    ),
    (
        "The app passed 100K users within a week of launch.",
        [("100K", 100_000, "count", {"noun": "users"})],
    ),
    (
        "Each winner receives $50k in seed funding from the city.",
        [("$50k", 50_000, "money", {"currency": "USD"})],
    ),
    (
        "The company is now valued at $2.174T after the rally.",
        [("$2.174T", 2.174e12, "money", {"currency": "USD"})],
    ),
    (
        "China's central bank injected 10 bln yuan into the banking system.",
        [("10 bln yuan", 1e10, "money", {"currency": "CNY"})],
    ),
    (
        "The insurer booked a 5bn loss on the portfolio.",
        [("5bn", 5e9, "count", {})],
    ),
    (
        "The carrier flew 3.5 mn passengers in June, up 12% on a year earlier.",
        [
            ("3.5 mn", 3_500_000, "count", {"noun": "passengers"}),
            ("12%", 12, "percent", {"change": "increase"}),
        ],
    ),
    (
        "The state cabinet cleared a Rs 5 cr grant for the hospital.",
        [("Rs 5 cr", 5e7, "money", {"currency": "INR"})],
    ),
    (
        "The budget sets aside 2 lakh crore rupees for roads.",
        [("2 lakh crore rupees", 2e12, "money", {"currency": "INR"})],
    ),
    (
        "The fund raised €750M from investors across Europe.",
        [("€750M", 750_000_000, "money", {"currency": "EUR"})],
    ),
    (
        "Analysts expect revenue of $1.5B for the quarter.",
        [("$1.5B", 1.5e9, "money", {"currency": "USD"})],
    ),
    (
        "The startup was sold for $300m in cash and stock.",
        [("$300m", 300_000_000, "money", {"currency": "USD"})],
    ),
    (
        "Around 2.3m households still lack broadband, the regulator said.",
        [("2.3m", 2_300_000, "count", {"noun": "households", "qualifier": "about"})],
    ),
    (
        "The shipping line reported a net profit of US$4.2bn for the year.",
        [("US$4.2bn", 4.2e9, "money", {"currency": "USD"})],
    ),
    (
        "The petition gathered 250k signatures in three days.",
        [
            ("250k", 250_000, "count", {"noun": "signatures"}),
            ("three days", 3, "duration", {"unit": "day"}),
        ],
    ),
    (
        "Tokyo's stimulus package is worth 39 trln yen, the cabinet said.",
        [("39 trln yen", 3.9e13, "money", {"currency": "JPY"})],
    ),
    (
        "The bank set aside £1.1bn for bad loans in the first half.",
        [("£1.1bn", 1.1e9, "money", {"currency": "GBP"})],
    ),
    (
        "The exchange handled 4.8 bn trades last year.",
        [("4.8 bn", 4.8e9, "count", {"noun": "trades"})],
    ),
    (
        "The ministry received Rs 12 lakh in donations within a week.",
        [("Rs 12 lakh", 1_200_000, "money", {"currency": "INR"})],
    ),
    (
        "A 15K-strong crowd watched the derby.",
        [("15K", 15_000, "count", {})],
    ),
    (
        "Crypto lender losses topped $1.7 bln, court filings show.",
        [("$1.7 bln", 1.7e9, "money", {"currency": "USD"})],
    ),
    (
        "The province owes some 45 mln euros to suppliers.",
        [("45 mln euros", 45_000_000, "money", {"currency": "EUR", "qualifier": "about"})],
    ),
    (
        "The streaming service now has 260M paid subscribers worldwide.",
        [("260M", 260_000_000, "count", {"noun": "paid subscribers"})],
    ),
    (
        "The deal is worth about 3.2 tn won, according to the filing.",
        [("3.2 tn won", 3.2e12, "money", {"currency": "KRW", "qualifier": "about"})],
    ),
    (
        "Its market value fell by $80bn in a single session.",
        [("$80bn", 8e10, "money", {"currency": "USD", "change": "decrease"})],
    ),
    (
        "The project will cost Rs 3,500 crore over five years.",
        [
            ("Rs 3,500 crore", 3.5e10, "money", {"currency": "INR"}),
            ("five years", 5, "duration", {"unit": "year"}),
        ],
    ),
    # Negatives: letters that are not scales.
    (
        "The 5-metre wall collapsed during the storm, injuring nobody.",
        [("5-metre", 5, "measure", {"unit": "m"})],
    ),
    ("Travellers can now buy a 5G phone plan from the state carrier.", []),
    ("The broadcaster will show the final in 4K on its streaming service.", []),
    # Written for issue 16, second pass (news wording; negatives included).
    (
        "The start-up raised $40M in its latest funding round.",
        [("$40M", 40000000.0, "money", {"currency": "USD"})],
    ),
    ("The video has been viewed 2.3M times since Monday.", [("2.3M", 2300000.0, "count", {})]),
    (
        "Analysts expect a 5bn euro shortfall next year.",
        [("5bn euro", 5000000000.0, "money", {"currency": "EUR"})],
    ),
    (
        "The fund manages about $1.3tn in assets.",
        [("$1.3tn", 1300000000000.0, "money", {"currency": "USD", "qualifier": "about"})],
    ),
    (
        "Its annual revenue reached Rs 450 crore.",
        [("Rs 450 crore", 4500000000.0, "money", {"currency": "INR"})],
    ),
    (
        "The state will hire 1.5 lakh teachers.",
        [("1.5 lakh", 150000, "count", {"noun": "teachers"})],
    ),
    (
        "The deal is worth £2.5bn, according to people familiar with it.",
        [("£2.5bn", 2500000000.0, "money", {"currency": "GBP"})],
    ),
    ("The app now has 250k daily users.", [("250k", 250000, "count", {})]),
    (
        "Losses widened to $3.2 bln in the quarter.",
        [("$3.2 bln", 3200000000.0, "money", {"currency": "USD", "change": "to"})],
    ),
    (
        "Exports rose to 12.4 mln tonnes.",
        [("12.4 mln tonnes", 12400000.0, "measure", {"unit": "tonne", "change": "to"})],
    ),
    ("The 3M plant in Minnesota will close.", []),
    ("He watched it on a 4K television.", []),
    # A range with a currency or scale is no match score, even after "lost".
    (
        "The company lost $1-2 billion on the deal.",
        [("$1-2 billion", 1e9, "money", {"range_to": 2e9, "currency": "USD"})],
    ),
]
