"""Number words beyond "N things": compounds, fractions, ratios, multipliers, zero, ordinals."""

from __future__ import annotations

from .cases import GoldCase

CASES: list[GoldCase] = [
    (
        "The state spent seven hundred and twelve million dollars on the new bridge.",
        [("seven hundred and twelve million dollars", 712_000_000, "money", {"currency": "USD"})],
    ),
    (
        "The council employs forty-two inspectors across the borough.",
        [("forty-two", 42, "count", {"noun": "inspectors"})],
    ),
    (
        "Rescuers pulled twenty-three survivors from the rubble overnight.",
        [("twenty-three", 23, "count", {"noun": "survivors"})],
    ),
    (
        "The project will take two and a half years to finish, the ministry said.",
        [("two and a half years", 2.5, "duration", {"unit": "year"})],
    ),
    (
        "Organisers said half a million people marched through the capital on Sunday.",
        [("half a million", 500_000, "count", {"noun": "people"})],
    ),
    (
        "Police arrested a dozen protesters outside the parliament building.",
        [("a dozen", 12, "count", {"noun": "protesters"})],
    ),
    (
        "A quarter of the workforce will be cut by the end of the year.",
        [("A quarter", 0.25, "ratio", {"unit": "1/4"})],
    ),
    (
        "One in five adults in the region now smokes daily, the survey found.",
        [("One in five", 0.2, "ratio", {})],
    ),
    (
        "Nine out of ten doctors surveyed backed the new guidelines.",
        [("Nine out of ten", 0.9, "ratio", {})],
    ),
    (
        "A third of voters said they had not yet made up their minds.",
        [("A third", 1 / 3, "ratio", {"unit": "1/3"})],
    ),
    (
        "Imports from the country are now twice as large as exports to it.",
        [("twice", 2, "ratio", {"unit": "times"})],
    ),
    (
        "The company's profit tripled in the third quarter as chip demand surged.",
        [("tripled", 3, "ratio", {"unit": "times"})],
    ),
    (
        "Rents in the city centre have doubled since the pandemic.",
        [("doubled", 2, "ratio", {"unit": "times"})],
    ),
    (
        "The number of new infections halved over the past month, officials said.",
        [("halved", 0.5, "ratio", {"unit": "times"})],
    ),
    (
        "The hospital reported zero deaths from the virus last week.",
        [("zero", 0, "count", {"noun": "deaths"})],
    ),
    (
        "None of the 40 passengers on board was injured, the airline said.",
        [("None", 0, "count", {}), ("40", 40, "count", {"noun": "passengers"})],
    ),
    (
        "The runner finished forty-second in a field of more than 300 athletes.",
        [
            ("forty-second", 42, "ordinal", {}),
            ("300", 300, "count", {"noun": "athletes", "qualifier": "more than"}),
        ],
    ),
    (
        "The club ended the season in twenty-first place, its worst finish in decades.",
        [("twenty-first", 21, "ordinal", {})],
    ),
    (
        "The city is the country's third-largest port by volume.",
        [("third", 3, "ordinal", {})],
    ),
    (
        "Three hundred workers walked off the job at the plant on Monday.",
        [("Three hundred", 300, "count", {"noun": "workers"})],
    ),
    (
        "The fund manages about four billion euros for pension schemes.",
        [("four billion euros", 4e9, "money", {"currency": "EUR", "qualifier": "about"})],
    ),
    (
        "Some fifteen thousand fans filled the stadium for the final.",
        [("fifteen thousand", 15_000, "count", {"noun": "fans"})],
    ),
    (
        "The agency hired one hundred and fifty new inspectors this year.",
        [("one hundred and fifty", 150, "count", {"noun": "new inspectors"})],
    ),
    (
        "Two-thirds of the respondents said prices had risen.",
        [("Two-thirds", 2 / 3, "ratio", {"unit": "2/3"})],
    ),
    (
        "Three quarters of the households have no access to clean water.",
        [("Three quarters", 0.75, "ratio", {"unit": "3/4"})],
    ),
    (
        "The drought lasted nearly a decade, farmers said.",
        [("a decade", 1, "duration", {"unit": "decade", "qualifier": "nearly"})],
    ),
    (
        "The government plans to build ninety-nine new schools before the election.",
        [("ninety-nine", 99, "count", {"noun": "new schools"})],
    ),
    (
        "Exports fell by a fifth in the first half, customs data showed.",
        [("a fifth", 0.2, "ratio", {"unit": "1/5"})],
    ),
    (
        "Half of the country's rivers are polluted, the report found.",
        [("Half", 0.5, "ratio", {"unit": "1/2"})],
    ),
    (
        "Sixty-five percent of voters turned out, up from fifty-eight percent last time.",
        [
            ("Sixty-five percent", 65, "percent", {}),
            ("fifty-eight percent", 58, "percent", {"change": "from"}),
        ],
    ),
    (
        "The tournament drew two million viewers, a record for the broadcaster.",
        [("two million", 2_000_000, "count", {"noun": "viewers"})],
    ),
    (
        "The firm's shares quadrupled in value after the merger was announced.",
        [("quadrupled", 4, "ratio", {"unit": "times"})],
    ),
    (
        "Only one in three applicants receives a place at the academy.",
        [("one in three", 1 / 3, "ratio", {"qualifier": "only"})],
    ),
    # Negatives: small words that are not figures.
    ("One of the ministers resigned on Friday after the vote.", []),
    # A small number word before a counted noun is a count, as "Six companies bid" is.
    (
        "The two leaders met in Geneva to discuss the ceasefire.",
        [("two", 2, "count", {"noun": "leaders"})],
    ),
    ("Officials met two of the families on Friday.", []),
    ("She was the first woman to lead the central bank.", []),
    ("The second round of talks ended without a deal.", []),
    ("Officials said none of the claims could be verified.", []),
    # Written for issue 16, second pass (news wording; negatives included).
    (
        "Nine out of ten voters said the economy was their main concern.",
        [("Nine out of ten", 0.9, "ratio", {})],
    ),
    (
        "Fewer than half of the schools met the new standard, inspectors found.",
        [("half", 0.5, "ratio", {"qualifier": "less than"})],
    ),
    (
        "The fire destroyed three hundred homes in the valley.",
        [("three hundred", 300, "count", {"noun": "homes"})],
    ),
    (
        "Two-thirds of respondents backed the plan.",
        [("Two-thirds", 0.6666666666666666, "ratio", {})],
    ),
    ("Sales of electric cars tripled last year.", [("tripled", 3, "ratio", {"unit": "times"})]),
    (
        "Imports from the region have doubled since 2019.",
        [("doubled", 2, "ratio", {"unit": "times"}), ("2019", 2019, "year", {})],
    ),
    ("The club finished in third place after a dismal run.", [("third", 3, "ordinal", {})]),
    (
        "The company reported zero injuries at the plant last year.",
        [("zero", 0, "count", {"noun": "injuries"})],
    ),
    (
        "Fifteen people were injured when the bus overturned.",
        [("Fifteen", 15, "count", {"noun": "people"})],
    ),
    (
        "About a third of the city's bridges need urgent repairs.",
        [("a third", 0.3333333333333333, "ratio", {"qualifier": "about"})],
    ),
    (
        "The storm left more than a thousand families without power.",
        [("a thousand", 1000, "count", {"noun": "families", "qualifier": "more than"})],
    ),
    (
        "Eleven miners remain trapped underground, officials said.",
        [("Eleven", 11, "count", {"noun": "miners"})],
    ),
    (
        "The bill passed by a margin of sixty-one votes to thirty-nine.",
        [("sixty-one", 61, "count", {"noun": "votes"}), ("thirty-nine", 39, "count", {})],
    ),
    (
        "Ten thousand runners took part in the city marathon.",
        [("Ten thousand", 10000, "count", {"noun": "runners"})],
    ),
    ("One of the suspects was released without charge.", []),
    ("The minister said no one would be forced to move.", []),
    ("Someone left the door open, a neighbour said.", []),
    (
        "Thirty-five to forty countries signed the accord.",
        [("Thirty-five", 35, "count", {}), ("forty", 40, "count", {"noun": "countries"})],
    ),
    ("Forty-four Democrats voted for the bill.", [("Forty-four", 44, "count", {})]),
    ("The treaty was signed in nineteen sixty-one.", []),
    # A number word before "in" or "out of" and digits is a ratio, and a grouped denominator
    # is read whole ("one in 100,000", not one in 100).
    (
        "Nine out of 10 doctors recommended the vaccine.",
        [("Nine out of 10", 0.9, "ratio", {"unit": "9 in 10"})],
    ),
    ("Four in 10 voters backed the plan, the poll found.", [("Four in 10", 0.4, "ratio", {})]),
    (
        "The condition affects one in 100,000 people.",
        [("one in 100,000", 0.00001, "ratio", {"unit": "1 in 100000"})],
    ),
    (
        "About 1 in 2,500 babies is born with the condition.",
        [("1 in 2,500", 0.0004, "ratio", {"qualifier": "about"})],
    ),
    (
        "She won one in 2019 and another in 2021.",
        [("2019", 2019, "year", {}), ("2021", 2021, "year", {})],
    ),
    # A fraction of a scale is an amount, not a ratio beside a count.
    (
        "Nearly a quarter of a million people fled the fighting.",
        [("a quarter of a million", 250000, "count", {"noun": "people", "qualifier": "nearly"})],
    ),
    (
        "The deal is worth three-quarters of a billion dollars.",
        [("three-quarters of a billion dollars", 750000000, "money", {"currency": "USD"})],
    ),
    ("One in every four homes is empty.", [("One in every four", 0.25, "ratio", {})]),
    ("Only 1 in every 5 applicants succeeds.", [("1 in every 5", 0.2, "ratio", {})]),
    (
        "The company cut its costs by half in two years.",
        [("half", 0.5, "ratio", {}), ("two years", 2, "duration", {})],
    ),
    # Compounds as speech writes them: tens without a hyphen, "a hundred", dozens, and the last
    # part after a scale word.
    ("He paid twenty five dollars for the ticket.", [("twenty five dollars", 25, "money", {})]),
    ("The hall seats a hundred people.", [("a hundred", 100, "count", {"noun": "people"})]),
    ("The farm sold two dozen eggs.", [("two dozen", 24, "count", {"noun": "eggs"})]),
    (
        "The bill came to one thousand two hundred and thirty-four dollars.",
        [("one thousand two hundred and thirty-four dollars", 1234, "money", {})],
    ),
    (
        "The project employs two thousand and twenty workers.",
        [("two thousand and twenty", 2020, "count", {"noun": "workers"})],
    ),
    (
        "The closures cost around a hundred and forty thousand jobs.",
        [("a hundred and forty thousand", 140000, "count", {"noun": "jobs"})],
    ),
    (
        "The plan costs eleven billion eight-hundred million dollars.",
        [("eleven billion eight-hundred million dollars", 11.8e9, "money", {})],
    ),
    ("The treaty was signed in nineteen sixty one.", []),
    (
        "Revenue grew five-fold in a decade.",
        [("five-fold", 5, "ratio", {"unit": "times"}), ("a decade", 1, "duration", {})],
    ),
    ("The city is half the size of London.", [("half", 0.5, "ratio", {"unit": "1/2"})]),
    (
        "Inflation rose half a percentage point in May.",
        [("half a percentage point", 0.5, "percentage_point", {})],
    ),
    # Written for issue 16, fourth pass.
    (
        "A million and a half people visited the fair.",
        [("A million and a half", 1500000, "count", {"noun": "people"})],
    ),
    # Decimals and ranges said in words.
    (
        "The agency spent one point eight billion dollars on the project.",
        [("one point eight billion dollars", 1800000000, "money", {"currency": "USD"})],
    ),
    (
        "The economy shrank two point three per cent in the quarter.",
        [("two point three per cent", 2.3, "percent", {"change": "decrease"})],
    ),
    ("At one point two men ran onto the pitch.", [("two", 2, "count", {"noun": "men"})]),
    (
        "Between five and ten people were hurt in the crash.",
        [("five and ten", 5, "count", {"noun": "people", "range_to": 10})],
    ),
    (
        "The repairs will cost between two and three million dollars.",
        [("two and three million dollars", 2000000, "money", {"range_to": 3000000})],
    ),
]
