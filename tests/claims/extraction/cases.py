"""Hand-labelled sentences for the extraction tests and the benchmark's development set.

Written for this project in the style of news copy (no sentence is taken from a real article).
Each figure case: (sentence, [(figure text, value, kind, {other expected attributes})]).
"""

from __future__ import annotations

from typing import Any

FigureCase = tuple[str, list[tuple[str, float, str, dict[str, Any]]]]

FIGURE_CASES: list[FigureCase] = [
    # Indian numbering
    (
        "The district registered 63,10,194 voters this year, the election office said.",
        [("63,10,194", 6310194, "count", {"noun": "voters"})],
    ),
    (
        "The civic body approved a grant of Rs 1.08 crore for the new library.",
        [("Rs 1.08 crore", 10_800_000, "money", {"currency": "INR"})],
    ),
    (
        "Farmers in the state received ₹1.43 lakh each in compensation last year.",
        [("₹1.43 lakh", 143_000, "money", {"currency": "INR"})],
    ),
    (
        "About 2.5 lakh pilgrims visited the shrine during the festival, officials said.",
        [("2.5 lakh", 250_000, "count", {"qualifier": "about", "noun": "pilgrims"})],
    ),
    # Numbers as words
    (
        "Six companies bid for the contract, and twelve engineers were hired in March.",
        [("Six", 6, "count", {"noun": "companies"}), ("twelve", 12, "count", {})],
    ),
    (
        "The council employs forty-two inspectors across the city.",
        [("forty-two", 42, "count", {"noun": "inspectors"})],
    ),
    (
        "The lender plans to cut three million dollars from its marketing budget.",
        [("three million dollars", 3_000_000, "money", {"currency": "USD"})],
    ),
    # Currencies
    (
        "The shares closed at NT $ 602.00 on Friday, below the previous close.",
        [("NT $ 602.00", 602, "money", {"currency": "TWD"})],
    ),
    (
        "The fine was cut by NT$2,000 (US$63.50) after an appeal.",
        [
            ("NT$2,000", 2000, "money", {"currency": "TWD", "change": "decrease"}),
            ("US$63.50", 63.5, "money", {"currency": "USD"}),
        ],
    ),
    (
        "A ticket costs HK$45 in Hong Kong, €12 in Paris and £9.50 in Leeds.",
        [
            ("HK$45", 45, "money", {"currency": "HKD"}),
            ("€12", 12, "money", {"currency": "EUR"}),
            ("£9.50", 9.5, "money", {"currency": "GBP"}),
        ],
    ),
    (
        "The regulator fined the platform 120 million yuan, or about RMB 120m.",
        [
            ("120 million yuan", 120_000_000, "money", {"currency": "CNY"}),
            ("RMB 120m", 120_000_000, "money", {"currency": "CNY", "qualifier": "about"}),
        ],
    ),
    (
        "Exports of the component reached 641-billion dollars in the fiscal year.",
        [("641-billion dollars", 641_000_000_000, "money", {"currency": "USD"})],
    ),
    (
        "The startup raised $4.5 million from investors in its first round.",
        [("$4.5 million", 4_500_000, "money", {"currency": "USD"})],
    ),
    (
        "The mine cost the company £3bn to build.",
        [("£3bn", 3_000_000_000, "money", {"currency": "GBP"})],
    ),
    # Percent, percentage point, basis points
    (
        "Turnout rose 2.03 percent, while support fell 13-percent in the north.",
        [
            ("2.03 percent", 2.03, "percent", {"change": "increase"}),
            ("13-percent", 13, "percent", {"change": "decrease"}),
        ],
    ),
    (
        "The jobless rate fell 0.4 percentage points to 5.1 per cent in October.",
        [
            ("0.4 percentage points", 0.4, "percentage_point", {"change": "decrease"}),
            ("5.1 per cent", 5.1, "percent", {"change": "to"}),
        ],
    ),
    (
        "The central bank raised its policy rate by 25 basis points to 2%.",
        [
            ("25 basis points", 0.25, "percentage_point", {"change": "increase"}),
            ("2%", 2, "percent", {"change": "to"}),
        ],
    ),
    # Qualifiers
    (
        "More than 4,000 runners took part, nearly 900 of them from abroad.",
        [
            ("4,000", 4000, "count", {"qualifier": "more than", "noun": "runners"}),
            ("900", 900, "count", {"qualifier": "nearly"}),
        ],
    ),
    (
        "The bridge will carry up to 30,000 vehicles a day and at least 2,500 cyclists.",
        [
            ("30,000", 30000, "count", {"qualifier": "up to", "noun": "vehicles"}),
            ("2,500", 2500, "count", {"qualifier": "at least", "noun": "cyclists"}),
        ],
    ),
    (
        "Almost 60 percent of residents said they used the bus, and less than 5 percent cycled.",
        [
            ("60 percent", 60, "percent", {"qualifier": "almost", "noun": "residents"}),
            ("5 percent", 5, "percent", {"qualifier": "less than"}),
        ],
    ),
    # Ranges
    (
        "The festival expects 700-800 volunteers, between 300 and 400 of them students.",
        [
            ("700-800", 700, "count", {"range_to": 800, "noun": "volunteers"}),
            ("300 and 400", 300, "count", {"range_to": 400}),
        ],
    ),
    (
        "Analysts expect growth of 3\u20134% next year.",
        [("3\u20134%", 3, "percent", {"range_to": 4})],
    ),
    # Changes
    (
        "Revenue rose by $13.88 billion, from $358.19 billion to $372.07 billion.",
        [
            ("$13.88 billion", 13_880_000_000, "money", {"change": "increase"}),
            ("$358.19 billion", 358_190_000_000, "money", {"change": "from"}),
            ("$372.07 billion", 372_070_000_000, "money", {"change": "to"}),
        ],
    ),
    # Ordinals and rankings
    (
        "The port is the 15th busiest in the world and the city's third-largest employer.",
        [("15th", 15, "ordinal", {}), ("third", 3, "ordinal", {})],
    ),
    # Years and dates
    (
        "The treaty was signed in 2018 and took effect on March 3, 2020.",
        [
            ("2018", 2018, "year", {}),
            ("March 3, 2020", 20200303, "date", {"unit": "2020-03-03"}),
        ],
    ),
    (
        "The bill passed on 14 July and was challenged in court since 2021.",
        [("14 July", 714, "date", {"unit": "--07-14"}), ("2021", 2021, "year", {})],
    ),
    # Durations
    (
        "The plant opened four years ago after a decade of planning and 18 months of building.",
        [
            ("four years", 4, "duration", {"unit": "year"}),
            ("a decade", 1, "duration", {"unit": "decade"}),
            ("18 months", 18, "duration", {"unit": "month"}),
        ],
    ),
    # Ratios
    (
        "Rents are nearly three times as high as in 2010, and twice the national average.",
        [
            ("three times", 3, "ratio", {"qualifier": "nearly"}),
            ("2010", 2010, "year", {}),
            ("twice", 2, "ratio", {}),
        ],
    ),
    (
        "One in five adults in the region smokes, the survey found.",
        [("One in five", 0.2, "ratio", {})],
    ),
    # Measures
    (
        "The new line is 42.5 km long and the tunnel boring machine weighs 1,200 tonnes.",
        [
            ("42.5 km", 42.5, "measure", {"unit": "km"}),
            ("1,200 tonnes", 1200, "measure", {"unit": "tonne"}),
        ],
    ),
    (
        "Temperatures reached 41.2°C on Tuesday, and the plant produces 3 nm chips.",
        [("41.2°C", 41.2, "measure", {"unit": "°C"}), ("3 nm", 3, "measure", {"unit": "nm"})],
    ),
    # Counts with nouns
    (
        "The carmaker sold 1.25 million cars and cut 3,400 jobs last year.",
        [
            ("1.25 million", 1_250_000, "count", {"noun": "cars"}),
            ("3,400", 3400, "count", {"noun": "jobs"}),
        ],
    ),
    (
        "About 40 per cent of respondents agreed with the plan.",
        [("40 per cent", 40, "percent", {"qualifier": "about", "noun": "respondents"})],
    ),
    # Units and temperatures written without a degree sign
    (
        "The reservoir holds 60,000 megalitres, and it was 45C in the shade.",
        [
            ("60,000 megalitres", 60000, "measure", {"unit": "ML"}),
            ("45C", 45, "measure", {"unit": "°C"}),
        ],
    ),
    # Fractions
    (
        "Nearly two-thirds of voters backed the plan and a third of members abstained.",
        [
            ("two-thirds", 2 / 3, "ratio", {"qualifier": "nearly", "noun": "voters"}),
            ("a third", 1 / 3, "ratio", {"unit": "1/3", "noun": "members"}),
        ],
    ),
    # Indian rupees written "Rs." (the full stop is not the end of the sentence)
    (
        "The fine was Rs. 5,000 per violation, the court said.",
        [("Rs. 5,000", 5000, "money", {"currency": "INR"})],
    ),
]

# Sentences whose figures (phone numbers, identifiers, times) are not figures at all.
NO_FIGURE_SENTENCES = [
    "For tips call +44 20 7946 0958 or (02) 2345-6789 between shifts.",
    "The H100 and the A320 were shown alongside COVID-19 exhibits.",
    "The meeting started at 12:32 and the Model 3 was on display.",
]

FURNITURE_LINES = [
    "17 minutes ago",
    "2022/05/05 12:32",
    "Photo credit: REUTERS",
    "Image courtesy of the city council",
    "Advertisement",
    "Back to top",
    "Last Updated: 2024-05-03 10:15",
    "More in this section",
    "Tags: economy, trade, Taiwan",
    "Related articles",
    "By Jane Okafor and Lee Min-jun",
    "Copyright 2025 The Daily Ledger. All rights reserved.",
]

QUESTIONS_AND_OPINIONS = [
    "Will the government cut the fuel tax before the election?",
    "How many jobs did the plant really create?",
    "I think this is a wonderful day for our city.",
    "We believe the plan is the right one for families.",
    "In my opinion the new stadium is beautiful.",
]

# Sentences with nothing a source could confirm: small talk, scene-setting, page furniture and
# newsroom boilerplate. None of them is a claim.
NOT_CHECKABLE = [
    "He smiled and walked slowly out of the room.",
    "The sky was grey and the streets were quiet that morning.",
    "Share on Facebook Share on Twitter",
    "Tesla did not respond immediately to a request for comment.",
    "The company did not immediately respond to a request for comment on Tuesday.",
    "The Associated Press contributed to this report.",
    "It was a pleasure to be here with you all tonight.",
]

# Checkable claims without a figure (or with only a date): they stay, typed.
CHECKABLE_WITHOUT_STATISTICS = [
    ("The minister resigned on Tuesday.", "event"),
    ("Apple is the world's most valuable company.", "rank"),
    ("Under the new law, drivers must carry proof of insurance at all times.", "rule"),
    ("Smoking causes lung cancer.", "causal"),
    ("The mayor said the new bridge would open next spring.", "prediction"),
]

# (sentence, expected speaker)
ATTRIBUTIONS = [
    ("The mill will close in June and 240 workers will lose their jobs, Tao said.", "Tao"),
    (
        "Water use fell 12 percent last summer, according to the city utility.",
        "the city utility",
    ),
    (
        "Mayor Ruth Ellison said the council had spent $2.1 million on repairs.",
        "Mayor Ruth Ellison",
    ),
    (
        "Exports to the bloc doubled in 2023, the trade ministry said on Monday.",
        "the trade ministry",
    ),
    ('"Our sales doubled," said Chief Executive Lisa Su.', "Chief Executive Lisa Su"),
    ("The minister told reporters that 1,200 homes were destroyed.", "The minister"),
    # Forecasts are attributed too: "expects", "predicts", "forecasts" after the subject, and
    # "forecast", "predicted", "projected" at the end ("Growth forecast to slow" has none).
    ("The IMF expects the economy to grow 3.1% next year.", "The IMF"),
    (
        "Unemployment is expected to peak at 6% in 2025, the central bank forecast.",
        "the central bank",
    ),
]

# (sentence, expected claim type)
TYPED = [
    ("The ministry expects the deficit will reach 4 percent of GDP by 2027.", "prediction"),
    ("Factory output fell 3.1 percent because of a power shortage.", "causal"),
    ("Under the new law, drivers must carry proof of insurance at all times.", "rule"),
    ("Profit rose 8 percent to NT$12.4 billion in the quarter.", "comparison"),
    ("The airport is the third-busiest in the country.", "rank"),
    ("The company employs 12,400 people at four plants.", "quantity"),
    ("The two sides reached an accord in Geneva in 2019.", "event"),
    ("My father worked at the shipyard for most of his life.", "personal"),
    # Qualifiers are not superlatives or comparisons.
    ("At least 3,000 people were evacuated from the valley.", "quantity"),
    ("Up to six people were injured in the blast.", "quantity"),
    ("The carmaker sold more than 1.7 million cars in China.", "quantity"),
    ("Two-thirds of the jobs come from small businesses.", "quantity"),
    # A forecast without "will" is still a prediction; reported speech about a survey is not.
    ("Analysts expect inflation to ease to 2 percent next year.", "prediction"),
    ("Some 40 percent of people said they would vote.", "quantity"),
]

# (sentence, expected status) for the consistency checks
CONSISTENCY = [
    (
        "Shares closed down after a drop of NT$50 (US$1.59), or 3.38 percent, to NT$1,430.",
        "change_percent",
        "consistent",
    ),
    (
        "Shares closed down after a drop of NT$50, or 5.2 percent, to NT$1,430.",
        "change_percent",
        "inconsistent",
    ),
    (
        "Revenue posted a $13.88 billion increase, from $358.19 billion to $372.07 billion.",
        "change_endpoints",
        "consistent",
    ),
    (
        "Revenue posted a $15 billion increase, from $358.19 billion to $372.07 billion.",
        "change_endpoints",
        "inconsistent",
    ),
    (
        "Sales rose 25 percent from 800 units to 1,000 units.",
        "change_percent",
        "consistent",
    ),
    (
        "Sales rose 40 percent from 800 units to 1,000 units.",
        "change_percent",
        "inconsistent",
    ),
    (
        "The school has 420 boys and 380 girls, a total of 800 pupils.",
        "parts_total",
        "consistent",
    ),
    (
        "The school has 420 boys and 380 girls, a total of 850 pupils.",
        "parts_total",
        "inconsistent",
    ),
    # The level a change went to, stated before it: 0.1 / 2.4 = 4.17%.
    (
        "The economy grew to $2.5 trillion, up 4.2% from $2.4 trillion.",
        "change_percent",
        "consistent",
    ),
    (
        "The economy grew to $2.5 trillion, up 40% from $2.4 trillion.",
        "change_percent",
        "inconsistent",
    ),
    (
        "Exports were $2.5 trillion, up $100 billion from $2.4 trillion.",
        "change_endpoints",
        "consistent",
    ),
]
