"""Things that are not quantities: identifiers, models, phone numbers, ISBNs, clock times,
scores, "24/7", "9/11"; a fiscal year "2013-14" is a year, not a range of counts."""

from __future__ import annotations

from .cases import GoldCase

CASES: list[GoldCase] = [
    ("The fund disclosed the stake in its latest 13F filing.", []),
    ("COVID-19 cases rose sharply in the northern provinces.", []),
    ("Leaders of the G7 met in Hiroshima to discuss sanctions.", []),
    ("The air force will buy more F-35 jets from the manufacturer.", []),
    ("The airline grounded its Boeing 737 fleet after the incident.", []),
    ("Readers can call the helpline on 0800 123 4567 for advice.", []),
    ("For bookings call (02) 23456789 during office hours.", []),
    ("The hotline +44 20 7946 0958 is open to all callers.", []),
    ("The book, ISBN 978-0-306-40615-7, is out of print.", []),
    ("The ferry leaves at 2.13 am on weekdays.", []),
    ("The meeting began at 9.30 and ended before lunch.", []),
    ("Police were called to the flat at 10:45 pm on Friday.", []),
    ("The home side won 3-1 after extra time.", []),
    ("The champions were held to a 2-2 draw at home.", []),
    ("The shop is open 24/7 during the holiday season.", []),
    ("The attacks of 9/11 changed airport security for good.", []),
    (
        "The state's budget for 2013-14 was passed in March.",
        [("2013-14", 2013, "year", {"range_to": 2014})],
    ),
    (
        "Revenue for fiscal 2023-24 rose 8% to Rs 4,200 crore.",
        [
            ("2023-24", 2023, "year", {"range_to": 2024}),
            ("8%", 8, "percent", {"change": "increase"}),
            ("Rs 4,200 crore", 4.2e10, "money", {"currency": "INR", "change": "to"}),
        ],
    ),
    ("The A380 superjumbo was retired from the fleet.", []),
    ("The victims were taken to the hospital on Route 66.", []),
    ("Residents of Flat 4B said the fire spread quickly.", []),
    ("The PS5 sold out within minutes of going on sale.", []),
    ("The virus strain H5N1 was found on two farms.", [("two", 2, "count", {"noun": "farms"})]),
    ("The iPhone 15 went on sale in China on Friday.", []),
    ("The M25 was closed in both directions after a crash.", []),
    ("The W3C published the standard last spring.", []),
    ("The A4 paper shortage hit schools across the county.", []),
    ("Article 50 was triggered by the government.", []),
    ("Chapter 11 protection gives the firm time to restructure.", []),
    ("The Group of 20 summit ended with a joint statement.", []),
    (
        "The Serie A leaders beat their rivals 2-0 and now lead by 5 points.",
        [("5", 5, "count", {"noun": "points"})],
    ),
    ("Flight MH370 disappeared over the Indian Ocean.", []),
    ("The court upheld Section 377 of the penal code.", []),
    (
        "The 5-4 ruling struck down the state law.",
        [],
    ),
    ("The 1990s were good years for the city, residents recall.", []),
    # Written for issue 16, second pass (news wording; negatives included).
    ("The F-35 programme is years behind schedule.", []),
    ("G7 leaders met in Hiroshima.", []),
    ("The Boeing 737 Max was grounded worldwide.", []),
    ("Call the hotline on 0800 123 4567 for advice.", []),
    ("The ISBN is 978-3-16-148410-0.", []),
    ("The match ended 3-1 to the visitors.", []),
    ("The help desk is open 24/7.", []),
    ("The 9/11 memorial was closed for repairs.", []),
    ("The polls close at 8.45 tonight.", []),
    ("The session starts at 10.15 on Tuesday.", []),
    ("The train leaves at 7.05 every morning.", []),
    ("Shares opened at 9.30 and rose through the morning.", [("9.30", 9.3, "count", {})]),
    ("COVID-19 cases fell sharply in June.", []),
    ("The A320 jet landed safely.", []),
    ("Voting ends at 9.30 on Sunday evening.", []),
    ("The minister will speak until 11.15, her office said.", []),
    ("Shares closed at 9.30 on Friday.", [("9.30", 9.3, "count", {})]),
    (
        "The rate was cut by 0.25 to 4.50.",
        [("0.25", 0.25, "count", {"change": "decrease"}), ("4.50", 4.5, "count", {"change": "to"})],
    ),
    ("Lyon ended 2-1 winners at home.", []),
    # A year before a plural that news puts after a year is a year, not a count of them; a count
    # before any other plural stays a count.
    (
        "Ridership is still about 8 percent below 2019 levels.",
        [("8 percent", 8, "percent", {"qualifier": "about"}), ("2019", 2019, "year", {})],
    ),
    ("The party lost badly in the 2013 elections.", [("2013", 2013, "year", {})]),
    ("The company said its 2023 results beat forecasts.", [("2023", 2023, "year", {})]),
    ("Officials admit the 2030 targets are out of reach.", [("2030", 2030, "year", {})]),
    (
        "The candidate won just 2024 votes in the district.",
        [("2024", 2024, "count", {"noun": "votes"})],
    ),
    (
        "The charity recruited 1800 volunteers for the appeal.",
        [("1800", 1800, "count", {"noun": "volunteers"})],
    ),
    # Tallies are not ranges; addresses, clock times with a leading zero and emergency numbers
    # are not figures.
    ("The court ruled 6-3 to overturn the law.", []),
    ("The Senate voted 51-49 to confirm her.", []),
    ("The detective lived at 221B Baker Street.", []),
    ("The convoy left the base at 0830.", []),
    ("In an emergency, call 999.", []),
    ("Callers abroad should dial 112 instead.", []),
    (
        "About 60-70 people attended the vigil.",
        [("60-70", 60, "count", {"range_to": 70, "noun": "people"})],
    ),
    # Index names are not figures; the index's move is.
    ("The FTSE 100 fell 1.2% on Monday.", [("1.2%", 1.2, "percent", {"change": "decrease"})]),
    ("The S&P 500 and the Nikkei 225 both hit records.", []),
    # A capitalised word right before a bare number names something; "Some 40" does not.
    ("The Apollo 11 crew landed on the Moon.", []),
    ("SpaceX launched a Falcon 9 rocket from Florida.", []),
    ("In World War 2, the city was bombed.", []),
    ("The Xbox 360 was a hit with gamers.", []),
    (
        "The firm hired Some 40 people.",
        [("40", 40, "count", {"noun": "people", "qualifier": "about"})],
    ),
    # Written for issue 16, fourth pass: a capital X after digits is a model, not "times".
    ("Boeing's 777X is years behind schedule.", []),
    ("The camera has a 3X zoom.", []),
    ("Analysts give the bill a 50-50 chance of passing.", []),
    ("The home side won 3:1 on Saturday.", []),
    ("The pastor read Genesis 1:1 aloud.", []),
    ("Polls close at 8 p.m. ET, and counting starts at 10 PM.", []),
]
