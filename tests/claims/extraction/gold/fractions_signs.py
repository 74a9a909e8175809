# ruff: noqa: RUF001  (minus signs are the point of these cases)
"""Fractions, signs and directions: "1/4", "½", "minus 5", "-3.2%", "$-99.99", "down 5%"."""

from __future__ import annotations

from .cases import GoldCase

CASES: list[GoldCase] = [
    (
        "About 1/4 of the city's buses run on electricity.",
        [("1/4", 0.25, "ratio", {"unit": "1/4", "qualifier": "about"})],
    ),
    (
        "Only ½ of the promised aid has arrived, the agency said.",
        [("½", 0.5, "ratio", {"unit": "1/2", "qualifier": "only"})],
    ),
    (
        "Nearly ¾ of respondents oppose the plan.",
        [("¾", 0.75, "ratio", {"unit": "3/4", "qualifier": "nearly"})],
    ),
    (
        "The recipe calls for 2½ cups of flour.",
        [("2½", 2.5, "count", {"noun": "cups"})],
    ),
    (
        "Temperatures will drop to minus 5 degrees tonight.",
        [("minus 5 degrees", -5, "measure", {"unit": "degree", "change": "to"})],
    ),
    (
        "The economy shrank -3.2% in the second quarter.",
        [("-3.2%", -3.2, "percent", {})],
    ),
    (
        "The account showed a balance of $-99.99 after the fee.",
        [("$-99.99", -99.99, "money", {"currency": "USD"})],
    ),
    (
        "The index closed down 5% on the week.",
        [("5%", 5, "percent", {"change": "decrease"})],
    ),
    (
        "The Dow fell 300 points in early trading.",
        [("300", 300, "count", {"change": "decrease"})],
    ),
    (
        "Shares were up 7.5% at midday.",
        [("7.5%", 7.5, "percent", {"change": "increase"})],
    ),
    (
        "The peso lost 2.4 percent against the dollar.",
        [("2.4 percent", 2.4, "percent", {"change": "decrease"})],
    ),
    (
        "The gap narrowed to -0.8 percentage points.",
        [("-0.8 percentage points", -0.8, "percentage_point", {"change": "to"})],
    ),
    (
        "Inflation eased to 2.1% from 2.6% a month earlier.",
        [
            ("2.1%", 2.1, "percent", {"change": "to"}),
            ("2.6%", 2.6, "percent", {"change": "from"}),
        ],
    ),
    (
        "Margins came in at −1.5% after the write-down.",
        [("−1.5%", -1.5, "percent", {})],
    ),
    (
        "The thermometer read −20°C at dawn.",
        [("−20°C", -20, "measure", {"unit": "°C"})],
    ),
    (
        "Net migration was minus 4,000 last year.",
        [("minus 4,000", -4000, "count", {})],
    ),
    (
        "Only 3/5 of the pledged money has been paid.",
        [("3/5", 0.6, "ratio", {"unit": "3/5", "qualifier": "only"})],
    ),
    (
        "Prices rose 0.3% on the month and 4.1% on the year.",
        [
            ("0.3%", 0.3, "percent", {"change": "increase"}),
            ("4.1%", 4.1, "percent", {}),
        ],
    ),
    (
        "Turnout slipped 4 points to 61%.",
        [
            ("4", 4, "count", {"change": "decrease"}),
            ("61%", 61, "percent", {"change": "to"}),
        ],
    ),
    (
        "The yield on the bond climbed 12 basis points.",
        [("12 basis points", 0.12, "percentage_point", {"change": "increase"})],
    ),
    (
        "Output is off 6% from its peak.",
        [("6%", 6, "percent", {"change": "decrease"})],
    ),
    (
        "The firm's stock gained 11 percent after the results.",
        [("11 percent", 11, "percent", {"change": "increase"})],
    ),
    (
        "About ⅓ of the seats went to independents.",
        [("⅓", 1 / 3, "ratio", {"unit": "1/3", "qualifier": "about"})],
    ),
    (
        "The index dropped 1.2 per cent on Friday.",
        [("1.2 per cent", 1.2, "percent", {"change": "decrease"})],
    ),
    (
        "The balance sheet shows equity of -$45 million.",
        [("-$45 million", -4.5e7, "money", {"currency": "USD"})],
    ),
    # Negatives: a hyphen is not a minus.
    ("The 2-0 win sent the club top of the table.", []),
    ("Officials held talks on a 10-point plan for the border.", [("10", 10, "count", {})]),
    # Written for issue 16, second pass (news wording; negatives included).
    ("Shares closed down 5% on Friday.", [("5%", 5, "percent", {"change": "decrease"})]),
    (
        "The index fell 3 points to 7,412.",
        [
            ("3", 3, "count", {"change": "decrease", "noun": "points"}),
            ("7,412", 7412, "count", {"change": "to"}),
        ],
    ),
    ("Inflation eased to -0.4% in April.", [("-0.4%", -0.4, "percent", {"change": "to"})]),
    (
        "About 1/3 of the budget goes to health.",
        [("1/3", 0.3333333333333333, "ratio", {"qualifier": "about"})],
    ),
    ("The recipe calls for ¾ cup of sugar.", [("¾", 0.75, "ratio", {})]),
    (
        "Growth slowed to minus 1.2 percent in the quarter.",
        [("minus 1.2 percent", -1.2, "percent", {"change": "to"})],
    ),
    (
        "The account showed a balance of $-120.50.",
        [("$-120.50", -120.5, "money", {"currency": "USD"})],
    ),
    ("Output rose 2.5% from a year earlier.", [("2.5%", 2.5, "percent", {"change": "increase"})]),
    # A year has no sign: "minus" before four digits makes them a count.
    (
        "The town's population change was minus 2013 people over the decade.",
        [("minus 2013", -2013, "count", {"noun": "people"})],
    ),
    (
        "Net migration came to minus 1987 last year, the statistics office said.",
        [("minus 1987", -1987, "count", {})],
    ),
    # A whole number and a fraction.
    (
        "Some 2-1/2 million citizens are homeless.",
        [("2-1/2 million", 2500000, "count", {"noun": "citizens", "qualifier": "about"})],
    ),
    ("The trail is 3 1/4 miles long.", [("3 1/4 miles", 3.25, "measure", {"unit": "mile"})]),
    (
        "In 2021 3/4 of the staff left.",
        [("2021", 2021, "year", {}), ("3/4", 0.75, "ratio", {})],
    ),
    # "N in M" is a ratio only for a whole N below M.
    (
        "The river rose 2.5 in 10 days.",
        [("2.5", 2.5, "count", {}), ("10 days", 10, "duration", {"unit": "day"})],
    ),
    # "plus or minus" is a margin, not a sign.
    (
        "The poll has a margin of error of plus or minus 3 percentage points.",
        [("3 percentage points", 3, "percentage_point", {})],
    ),
    # "to a record": the figure is where the change ended.
    (
        "Exports rose to a record 1.2 trillion yuan last year.",
        [("1.2 trillion yuan", 1.2e12, "money", {"change": "to", "currency": "CNY"})],
    ),
    (
        "Inflation fell to an all-time low of 0.5% in March.",
        [("0.5%", 0.5, "percent", {"change": "to"})],
    ),
    # Written for issue 16, fourth pass: fractions before a unit of measure or time.
    (
        "Forecasters expect 1/2 inch of rain overnight.",
        [("1/2 inch", 0.5, "measure", {"unit": "in"})],
    ),
    (
        "Crews repaved a 1/4-mile stretch of the highway.",
        [("1/4-mile", 0.25, "measure", {"unit": "mile"})],
    ),
    (
        "The storm dropped 3/4 of an inch of rain on the city.",
        [("3/4 of an inch", 0.75, "measure", {"unit": "in"})],
    ),
    (
        "The runner finished a half-mile ahead of the pack.",
        [("a half-mile", 0.5, "measure", {"unit": "mile"})],
    ),
    (
        "The school is half a mile from the plant.",
        [("half a mile", 0.5, "measure", {"unit": "mile"})],
    ),
    (
        "The hearing lasted half an hour.",
        [("half an hour", 0.5, "duration", {"unit": "hour"})],
    ),
    (
        "The queue stretched for a quarter of a mile.",
        [("a quarter of a mile", 0.25, "measure", {"unit": "mile"})],
    ),
    ("Half a dozen people were hurt.", [("Half a dozen", 6, "count", {"noun": "people"})]),
    ("The memorial marks 9/11 and stays open 24/7.", []),
    (
        "Unemployment fell a tenth of a point to 3.7%.",
        [
            ("a tenth of a point", 0.1, "percentage_point", {}),
            ("3.7%", 3.7, "percent", {"change": "to"}),
        ],
    ),
    (
        "The central bank cut rates by a quarter of a percentage point.",
        [("a quarter of a percentage point", 0.25, "percentage_point", {})],
    ),
    (
        "The Fed cut by half a percentage point in September.",
        [("half a percentage point", 0.5, "percentage_point", {})],
    ),
    # Ratios written with a colon or "-to-" before "ratio", "margin", "majority" or "split".
    ("Schools must keep a 3:1 ratio of staff.", [("3:1", 3, "ratio", {"unit": "3:1"})]),
    ("Mix sand and cement at a ratio of 2:3.", [("2:3", 0.666667, "ratio", {"unit": "2:3"})]),
    (
        "Voters backed the measure by a 2-to-1 margin.",
        [("2-to-1", 2, "ratio", {"unit": "2:1"})],
    ),
    (
        "Minus 5 degrees was the low in the capital.",
        [("Minus 5 degrees", -5, "measure", {"unit": "degree"})],
    ),
    # "the first half of": a period, not a ratio.
    (
        "In the first half of 2024, profit rose 8%.",
        [("2024", 2024, "year", {}), ("8%", 8, "percent", {"change": "increase"})],
    ),
    ("Sales recovered in the second half of the year.", []),
    # Rates per a power of ten, and "one in" written with hyphens or "a million".
    (
        "The murder rate was 5.0 per 100,000 residents last year.",
        [("5.0 per 100,000", 0.00005, "ratio", {"unit": "5 per 100000"})],
    ),
    ("Infant deaths per 1,000 live births fell to 4.", [("4", 4, "count", {"change": "to"})]),
    (
        "The chance of a match is one in a million.",
        [("one in a million", 0.000001, "ratio", {"unit": "1 in 1000000"})],
    ),
    (
        "One-in-five children live in poverty.",
        [("One-in-five", 0.2, "ratio", {"unit": "1 in 5"})],
    ),
    (
        "Engineers call it a 1-in-100-year flood.",
        [("1-in-100", 0.01, "ratio", {"unit": "1 in 100"})],
    ),
]
