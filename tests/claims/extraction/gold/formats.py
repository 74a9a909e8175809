"""Formats: space, thin-space and apostrophe grouping, leading points, decimal commas, ranks."""

from __future__ import annotations

from .cases import GoldCase

CASES: list[GoldCase] = [
    (
        "The region registered 15 468 new businesses last year.",
        [("15 468", 15_468, "count", {"noun": "new businesses"})],
    ),
    (
        "Some 41 000 people took part in the march, police said.",
        [("41 000", 41_000, "count", {"noun": "people", "qualifier": "about"})],
    ),
    (
        "India's population was put at 1 414 021 100 in the estimate.",
        [("1 414 021 100", 1_414_021_100, "count", {})],
    ),
    (
        "The census counted 8\u202f700\u202f000 residents in the canton.",
        [("8\u202f700\u202f000", 8_700_000, "count", {"noun": "residents"})],
    ),
    (
        "Rents for a flat in Zurich average CHF 2'450 a month.",
        [("CHF 2'450", 2450, "money", {"currency": "CHF"})],
    ),
    (
        "The club has 1'000 members, up from 700 in 2020.",
        [
            ("1'000", 1000, "count", {"noun": "members"}),
            ("700", 700, "count", {"change": "from"}),
            ("2020", 2020, "year", {}),
        ],
    ),
    (
        "The blood alcohol limit for new drivers is .08 in most states.",
        [(".08", 0.08, "count", {})],
    ),
    (
        "Unemployment rose to 3,5 % in the euro area, the agency said.",
        [("3,5 %", 3.5, "percent", {"change": "to"})],
    ),
    (
        "Die Inflation lag bei 2,4 % im Mai, nach 2,2 % im April.",
        [("2,4 %", 2.4, "percent", {}), ("2,2 %", 2.2, "percent", {})],
    ),
    (
        "The player is ranked No. 8 in the world.",
        [("No. 8", 8, "ordinal", {})],
    ),
    (
        "The port is the country's 8th-largest by tonnage.",
        [("8th", 8, "ordinal", {})],
    ),
    (
        "She finished 3rd in the 400 metres final.",
        [("3rd", 3, "ordinal", {}), ("400 metres", 400, "measure", {"unit": "m"})],
    ),
    (
        "The population grew by 120,000 to 5,430,000 last year.",
        [
            ("120,000", 120_000, "count", {"change": "increase"}),
            ("5,430,000", 5_430_000, "count", {"change": "to"}),
        ],
    ),
    (
        "Farmers sold 12 345 tonnes of wheat at auction.",
        [("12 345 tonnes", 12_345, "measure", {"unit": "tonne"})],
    ),
    (
        "The fund returned 0.75 percent in the month.",
        [("0.75 percent", 0.75, "percent", {})],
    ),
    (
        "The team is ranked No. 1 in the country for the third year.",
        [("No. 1", 1, "ordinal", {})],
    ),
    (
        "The city had 2\u00a0500\u00a0000 visitors in the summer.",
        [("2\u00a0500\u00a0000", 2_500_000, "count", {"noun": "visitors"})],
    ),
    (
        "The bill would cost €1.250.000 a year, the opposition said.",
        [("€1.250.000", 1_250_000, "money", {"currency": "EUR"})],
    ),
    (
        "Interest rates stand at .25 percent after the cut.",
        [(".25 percent", 0.25, "percent", {})],
    ),
    (
        "The state's 21st-century budget rules came in last year.",
        [("21st", 21, "ordinal", {})],
    ),
    (
        "The university rose to 12th place in the global rankings.",
        [("12th", 12, "ordinal", {"change": "to"})],
    ),
    (
        "More than 3 200 homes lost power after the storm.",
        [("3 200", 3200, "count", {"noun": "homes", "qualifier": "more than"})],
    ),
    (
        "Sales in the euro zone fell 0,4 % in March.",
        [("0,4 %", 0.4, "percent", {"change": "decrease"})],
    ),
    (
        "The company employs 1,250 people in 14 countries.",
        [("1,250", 1250, "count", {"noun": "people"}), ("14", 14, "count", {"noun": "countries"})],
    ),
    # Negatives: a comma is a list separator, not a decimal comma, in English text.
    (
        "The winning numbers were drawn from 1,2 and 3 in the first round of the count.",
        [("1", 1, "count", {}), ("2", 2, "count", {}), ("3", 3, "count", {})],
    ),
    (
        "The council voted 5 4 in favour, with one abstention.",
        [("5", 5, "count", {}), ("4", 4, "count", {})],
    ),
    # Written for issue 16, second pass (news wording; negatives included).
    (
        "The city has 41 000 registered voters.",
        [("41 000", 41000, "count", {"noun": "registered voters"})],
    ),
    (
        "The population reached 1 414 021 100 last year.",
        [("1 414 021 100", 1414021100, "count", {})],
    ),
    ("The ticket costs 1'200 francs.", [("1'200 francs", 1200, "money", {})]),
    (
        "The yield on the bond fell to .08 percent.",
        [(".08 percent", 0.08, "percent", {"change": "to"})],
    ),
    ("The team is ranked No. 3 in the world.", [("No. 3", 3, "ordinal", {})]),
    ("It is the country's 8th-largest city.", [("8th", 8, "ordinal", {})]),
    (
        "The budget for 2023-24 was approved on Monday.",
        [("2023-24", 2023, "year", {"range_to": 2024})],
    ),
    ("Unemployment stood at 7,5 % in the region.", [("7,5 %", 7.5, "percent", {})]),
    (
        "Candidates 4, 7 and 9 were eliminated in the first round.",
        [("4", 4, "count", {}), ("7", 7, "count", {}), ("9", 9, "count", {})],
    ),
    (
        "The bill was backed by 12,5 and 3 members of the three parties.",
        [
            ("12", 12, "count", {}),
            ("5", 5, "count", {}),
            ("3", 3, "count", {"noun": "members"}),
            ("three", 3, "count", {"noun": "parties"}),
        ],
    ),
    (
        "Seats 1,2 and 5 were left empty.",
        [("1", 1, "count", {}), ("2", 2, "count", {}), ("5", 5, "count", {})],
    ),
    (
        "The firm paid out 1,250 dollars to each worker.",
        [("1,250 dollars", 1250, "money", {"currency": "USD"})],
    ),
    # Four digits before a plural are a count, an irregular plural too; a possessive is no plural.
    (
        "Some 2013 people signed the petition within a day.",
        [("2013", 2013, "count", {"noun": "people", "qualifier": "about"})],
    ),
    (
        "The 2019 women's final drew a record crowd.",
        [("2019", 2019, "year", {})],
    ),
    # "pc" for percent, as British papers write it; "PCs" are computers.
    (
        "Some 40pc of the budget goes on salaries.",
        [("40pc", 40, "percent", {"noun": "budget", "qualifier": "about"})],
    ),
    ("Unemployment stood at 5.2pc in March.", [("5.2pc", 5.2, "percent", {})]),
    ("The school bought 30 PCs for its library.", [("30", 30, "count", {})]),
    # A word ordinal after a verb of ranking is a rank; "for the first time" is none.
    (
        "She finished second in the 400 metres final.",
        [("second", 2, "ordinal", {}), ("400 metres", 400, "measure", {"unit": "m"})],
    ),
    ("The country ranked fifth in the press freedom index.", [("fifth", 5, "ordinal", {})]),
    ("The club climbed to third in the table.", [("third", 3, "ordinal", {})]),
    ("For the first time, the council met online.", []),
    # Plurals without -s count too.
    (
        "Airbus delivered 735 aircraft last year.",
        [("735", 735, "count", {"noun": "aircraft"})],
    ),
    ("Sales rose for a third straight year.", [("third", 3, "ordinal", {})]),
    # Years after "mid-", "pre-", "post-" and glued to "FY"; a day range before a month runs
    # into no date.
    ("Elections are due by mid-2026.", [("2026", 2026, "year", {})]),
    ("Prices are back to pre-2020 levels.", [("2020", 2020, "year", {})]),
    ("The FY2023 results beat forecasts.", [("FY2023", 2023, "year", {})]),
    (
        "Revenue for FY2024-25 rose 8%.",
        [("FY2024-25", 2024, "year", {"range_to": 2025}), ("8%", 8, "percent", {})],
    ),
    ("The festival runs 12-14 July.", [("14 July", 714, "date", {})]),
    (
        "The Treasury plans to borrow Sh1.2 trillion in the 2024/25 financial year.",
        [
            ("Sh1.2 trillion", 1.2e12, "money", {"currency": "KES"}),
            ("2024/25", 2024, "year", {"range_to": 2025}),
        ],
    ),
    # Decimal commas before a percent or a scale word, and after dot groups.
    ("Growth was 0,8 per cent in the quarter.", [("0,8 per cent", 0.8, "percent", {})]),
    (
        "About 1,5 million people live in the region.",
        [("1,5 million", 1500000, "count", {"noun": "people", "qualifier": "about"})],
    ),
    (
        "The price is €1.234,56 including tax.",
        [("€1.234,56", 1234.56, "money", {"currency": "EUR"})],
    ),
    (
        "The rate was 5.5 percent, versus 5,4 percent a month earlier.",
        [("5.5 percent", 5.5, "percent", {}), ("5,4 percent", 5.4, "percent", {})],
    ),
    # A percent of an acronym names it: "of GDP", "of US adults".
    ("The budget deficit was 4.2% of GDP last year.", [("4.2%", 4.2, "percent", {"noun": "GDP"})]),
    (
        "About 40% of US adults are obese.",
        [("40%", 40, "percent", {"noun": "US adults", "qualifier": "about"})],
    ),
    # Written for issue 16, fourth pass: a range written "-to-".
    (
        "The project could take 5-to-10 years and cost 10-to-15 percent more.",
        [
            ("5-to-10 years", 5, "duration", {"unit": "year", "range_to": 10}),
            ("10-to-15 percent", 10, "percent", {"range_to": 15}),
        ],
    ),
    # Ranks written "#1", and "the No. 1" before a ranked noun.
    ("The club is ranked #1 in the world.", [("#1", 1, "ordinal", {})]),
    ("It was the No. 1 seller in Japan last year.", [("No. 1", 1, "ordinal", {})]),
    ("Commuters waited for the No. 7 bus.", []),
]
