"""Currencies after the number or spelled out, and ISO codes before or after."""

from __future__ import annotations

from .cases import GoldCase

CASES: list[GoldCase] = [
    (
        "A coffee in the old town now costs 10 € or more.",
        [("10 €", 10, "money", {"currency": "EUR"})],
    ),
    (
        "Vendors at the night market charge 42 RM for a plate of seafood.",
        [("42 RM", 42, "money", {"currency": "MYR"})],
    ),
    (
        "The hacker demanded 5 BTC to unlock the council's files.",
        [("5 BTC", 5, "money", {"currency": "BTC"})],
    ),
    (
        "A bowl of ramen near the station costs 300 yen more than last year.",
        [("300 yen", 300, "money", {"currency": "JPY"})],
    ),
    (
        "Fans paid 20 euros for a seat in the upper tier.",
        [("20 euros", 20, "money", {"currency": "EUR"})],
    ),
    (
        "Street vendors sell the tortillas for 50 pesos a kilo.",
        [("50 pesos", 50, "money", {"currency": "MXN"})],
    ),
    (
        "The bus fare in São Paulo rose to R$ 10 this week.",
        [("R$ 10", 10, "money", {"currency": "BRL", "change": "to"})],
    ),
    (
        "A monthly rail pass costs CHF 5 more from January.",
        [("CHF 5", 5, "money", {"currency": "CHF"})],
    ),
    (
        "The firm paid a fine of 2.5 million USD to regulators.",
        [("2.5 million USD", 2_500_000, "money", {"currency": "USD"})],
    ),
    (
        "The state oil company will invest EUR 3 billion in the refinery.",
        [("EUR 3 billion", 3e9, "money", {"currency": "EUR"})],
    ),
    (
        "Exporters earned 1.2 billion ringgit from palm oil in March.",
        [("1.2 billion ringgit", 1.2e9, "money", {"currency": "MYR"})],
    ),
    (
        "A loaf of bread costs 120 rubles in Moscow shops.",
        [("120 rubles", 120, "money", {"currency": "RUB"})],
    ),
    (
        "The stadium deal is worth 800 million Swiss francs.",
        [("800 million Swiss francs", 8e8, "money", {"currency": "CHF"})],
    ),
    (
        "Households received a one-off payment of 500 złoty.",
        [("500 złoty", 500, "money", {"currency": "PLN"})],
    ),
    (
        "The central bank sold 2 billion lira of bonds on Tuesday.",
        [("2 billion lira", 2e9, "money", {"currency": "TRY"})],
    ),
    (
        "Pensioners will get an extra 1,000 rupees a month.",
        [("1,000 rupees", 1000, "money", {"currency": "INR"})],
    ),
    (
        "Taxi drivers in Bangkok want fares raised by 10 baht.",
        [("10 baht", 10, "money", {"currency": "THB", "change": "increase"})],
    ),
    (
        "The retailer's sales reached SEK 12 billion in the quarter.",
        [("SEK 12 billion", 1.2e10, "money", {"currency": "SEK"})],
    ),
    (
        "The miner agreed to pay 4 million Australian dollars in compensation.",
        [("4 million Australian dollars", 4e6, "money", {"currency": "AUD"})],
    ),
    (
        "Tickets cost 35 dirhams at the gate.",
        [("35 dirhams", 35, "money", {"currency": "AED"})],
    ),
    (
        "The government will spend 90 billion naira on fertiliser subsidies.",
        [("90 billion naira", 9e10, "money", {"currency": "NGN"})],
    ),
    (
        "A litre of petrol now costs 2.10 zł at most stations.",
        [("2.10 zł", 2.1, "money", {"currency": "PLN"})],
    ),
    (
        "Investors bought 0.5 ETH worth of tokens in the first hour.",
        [("0.5 ETH", 0.5, "money", {"currency": "ETH"})],
    ),
    (
        "The insurer will pay out 75 million Canadian dollars.",
        [("75 million Canadian dollars", 7.5e7, "money", {"currency": "CAD"})],
    ),
    (
        "The ferry ticket costs 15 kroner for children.",
        [("15 kroner", 15, "money", {"currency": "DKK"})],
    ),
    (
        "The cement maker reported profit of 640 million rand.",
        [("640 million rand", 6.4e8, "money", {"currency": "ZAR"})],
    ),
    (
        "The club sold its striker for £45 million to a Spanish side.",
        [("£45 million", 4.5e7, "money", {"currency": "GBP"})],
    ),
    (
        "The airline raised 1.1 billion HKD in a share sale.",
        [("1.1 billion HKD", 1.1e9, "money", {"currency": "HKD"})],
    ),
    # Negatives: letters after a number that are not a currency.
    ("The summit brought together 27 EU leaders in Brussels.", [("27", 27, "count", {})]),
    ("The 12 CHP plants in the region burn gas.", [("12", 12, "count", {})]),
    # Written for issue 16, second pass (news wording; negatives included).
    ("The ticket costs 20 euros for adults.", [("20 euros", 20, "money", {"currency": "EUR"})]),
    ("A litre of milk now costs 50 pesos.", [("50 pesos", 50, "money", {"currency": "MXN"})]),
    ("The coffee was priced at R$ 10 in São Paulo.", [("R$ 10", 10, "money", {"currency": "BRL"})]),
    ("The fine was set at CHF 5,000.", [("CHF 5,000", 5000, "money", {"currency": "CHF"})]),
    ("He paid 300 yen for the ticket in Tokyo.", [("300 yen", 300, "money", {"currency": "JPY"})]),
    (
        "The government set aside 2 billion rupees for flood relief.",
        [("2 billion rupees", 2000000000.0, "money", {"currency": "INR"})],
    ),
    ("Investors bought 5 BTC worth of tokens.", [("5 BTC", 5, "money", {"currency": "BTC"})]),
    (
        "Fares rose to €2.50 a journey.",
        [("€2.50", 2.5, "money", {"currency": "EUR", "change": "to"})],
    ),
    (
        "The watch sold for 1.2 million Swiss francs at auction.",
        [("1.2 million Swiss francs", 1200000.0, "money", {"currency": "CHF"})],
    ),
    (
        "The company posted a profit of 800 million USD.",
        [("800 million USD", 800000000.0, "money", {"currency": "USD"})],
    ),
    (
        "The bond raised ¥50 billion for the city of Osaka in Japan.",
        [("¥50 billion", 50000000000.0, "money", {"currency": "JPY"})],
    ),
    (
        "The contract is worth 1.5 billion kronor.",
        [("1.5 billion kronor", 1500000000.0, "money", {"currency": "SEK"})],
    ),
    ("The Euro 2024 final drew huge crowds.", [("2024", 2024, "year", {})]),
    # The rand and the Kenyan shilling written against the digits; "R2", "R101" stay names.
    ("He was fined R50,000 by the court.", [("R50,000", 50000, "money", {"currency": "ZAR"})]),
    (
        "The new power station will cost R2.3 billion, the minister said.",
        [("R2.3 billion", 2300000000, "money", {"currency": "ZAR"})],
    ),
    ("Eskom lost R1.5bn last year.", [("R1.5bn", 1500000000, "money", {"currency": "ZAR"})]),
    (
        "The road will cost Sh2.5 billion to build.",
        [("Sh2.5 billion", 2500000000, "money", {"currency": "KES"})],
    ),
    ("Traffic on the R101 was backed up for hours.", []),
    # Reais, quid, taka; the rupiah and taka signs before the figure.
    ("The state pays 300 reais a month.", [("300 reais", 300, "money", {"currency": "BRL"})]),
    ("Tickets cost 20 quid on the door.", [("20 quid", 20, "money", {"currency": "GBP"})]),
    ("He was fined Tk 5 lakh by the court.", [("Tk 5 lakh", 500000, "money", {"currency": "BDT"})]),
    (
        "The 2025 budget is Rp 3,600 trillion.",
        [("2025", 2025, "year", {}), ("Rp 3,600 trillion", 3.6e15, "money", {"currency": "IDR"})],
    ),
    # Pence glued to the digits, beside a pound sign; "1080p" is a video line.
    (
        "The price of a loaf rose 12p to £1.40.",
        [
            ("12p", 0.12, "money", {"currency": "GBP"}),
            ("£1.40", 1.4, "money", {"currency": "GBP"}),
        ],
    ),
    ("The 1080p version costs £5.", [("£5", 5, "money", {"currency": "GBP"})]),
    # Written for issue 16, fourth pass: cents spelled out are money, in the text's dollar or
    # the euro the sentence names.
    (
        "The fuel tax will rise by 15 cents a litre next year.",
        [("15 cents", 0.15, "money", {"currency": "USD"})],
    ),
    (
        "Diesel now costs €1.60, up 12 cents on the week.",
        [
            ("€1.60", 1.6, "money", {"currency": "EUR"}),
            ("12 cents", 0.12, "money", {"currency": "EUR"}),
        ],
    ),
    (
        "A first-class stamp in Canada will cost 99 cents, the post office in Ottawa said.",
        [("99 cents", 0.99, "money", {"currency": "CAD"})],
    ),
    # "A $10-billion fund": the article "A", not the Australian dollar ("A$1.2 million" is).
    (
        "A $10-billion fund was set up in Washington.",
        [("$10-billion", 10000000000, "money", {"currency": "USD"})],
    ),
    (
        "The house sold for A$1.2 million.",
        [("A$1.2 million", 1200000, "money", {"currency": "AUD"})],
    ),
    ("A loaf now costs fifty cents more.", [("fifty cents", 0.5, "money", {"currency": "USD"})]),
]
