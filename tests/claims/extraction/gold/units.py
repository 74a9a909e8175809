"""Units: temperature, energy and power, area, volume, mass, speed, data, durations, quakes."""

from __future__ import annotations

from .cases import GoldCase

CASES: list[GoldCase] = [
    (
        "Temperatures in Phoenix reached 118°F on Thursday.",
        [("118°F", 118, "measure", {"unit": "°F"})],
    ),
    (
        "The thermometer in Seville showed 44 °C at noon.",
        [("44 °C", 44, "measure", {"unit": "°C"})],
    ),
    (
        "Forecasters expect highs of 38 degrees Celsius this weekend.",
        [("38 degrees Celsius", 38, "measure", {"unit": "°C"})],
    ),
    (
        "The new solar farm will produce 500 MW at peak.",
        [("500 MW", 500, "measure", {"unit": "MW"})],
    ),
    (
        "The country consumed 320 TWh of electricity last year.",
        [("320 TWh", 320, "measure", {"unit": "TWh"})],
    ),
    (
        "The average household uses 2,700 kWh a year.",
        [("2,700 kWh", 2700, "measure", {"unit": "kWh"})],
    ),
    (
        "Fire destroyed 12,000 hectares of forest in the south.",
        [("12,000 hectares", 12_000, "measure", {"unit": "ha"})],
    ),
    (
        "The reservoir holds 40 million cubic metres of water.",
        [("40 million cubic metres", 4e7, "measure", {"unit": "m3"})],
    ),
    (
        "Customs officers seized 1.5 tonnes of cocaine at the port.",
        [("1.5 tonnes", 1.5, "measure", {"unit": "tonne"})],
    ),
    (
        "Winds of up to 180 km/h battered the coast overnight.",
        [("180 km/h", 180, "measure", {"unit": "km/h", "qualifier": "up to"})],
    ),
    (
        "The hackers stole 3 TB of data from the hospital's servers.",
        [("3 TB", 3, "measure", {"unit": "TB"})],
    ),
    (
        "The standoff lasted 14 hours before police entered the building.",
        [("14 hours", 14, "duration", {"unit": "hour"})],
    ),
    (
        "A 7.1-magnitude earthquake struck off the coast early on Monday.",
        [("7.1-magnitude", 7.1, "measure", {"unit": "magnitude"})],
    ),
    (
        "The quake measured magnitude 7.3, the geological survey said.",
        [("magnitude 7.3", 7.3, "measure", {"unit": "magnitude"})],
    ),
    (
        "An M6.4 aftershock rattled the city hours later.",
        [("M6.4", 6.4, "measure", {"unit": "magnitude"})],
    ),
    (
        "The tremor had a magnitude of 5.8 and was felt in the capital.",
        [("5.8", 5.8, "measure", {"unit": "magnitude"})],
    ),
    (
        "Overnight lows fell to minus 12 degrees Fahrenheit in the north.",
        [("minus 12 degrees Fahrenheit", -12, "measure", {"unit": "°F", "change": "to"})],
    ),
    (
        "The cable can carry 10 Gbps between the islands.",
        [("10 Gbps", 10, "measure", {"unit": "Gbps"})],
    ),
    (
        "The new tunnel is 57 kilometres long.",
        [("57 kilometres", 57, "measure", {"unit": "km"})],
    ),
    (
        "The ship carried 20,000 barrels of crude oil.",
        [("20,000 barrels", 20_000, "measure", {"unit": "barrel"})],
    ),
    (
        "The wildfire has burned 45,000 acres since Friday.",
        [("45,000 acres", 45_000, "measure", {"unit": "acre"})],
    ),
    (
        "The flood zone covers 300 square kilometres.",
        [("300 square kilometres", 300, "measure", {"unit": "km2"})],
    ),
    (
        "Drivers caught at 130 mph face an automatic ban.",
        [("130 mph", 130, "measure", {"unit": "mph"})],
    ),
    (
        "The baby weighed 4.2 kg at birth.",
        [("4.2 kg", 4.2, "measure", {"unit": "kg"})],
    ),
    (
        "The plant will store 1.2 GWh in its batteries.",
        [("1.2 GWh", 1.2, "measure", {"unit": "GWh"})],
    ),
    (
        "The trial lasted 18 months and heard from 90 witnesses.",
        [
            ("18 months", 18, "duration", {"unit": "month"}),
            ("90", 90, "count", {"noun": "witnesses"}),
        ],
    ),
    (
        "Rainfall reached 250 millimetres in 24 hours.",
        [
            ("250 millimetres", 250, "measure", {"unit": "mm"}),
            ("24 hours", 24, "duration", {"unit": "hour"}),
        ],
    ),
    (
        "The phone ships with 256 GB of storage.",
        [("256 GB", 256, "measure", {"unit": "GB"})],
    ),
    (
        "Plants must cut output to 2 gigawatts during the heatwave.",
        [("2 gigawatts", 2, "measure", {"unit": "GW", "change": "to"})],
    ),
    (
        "The lake's level dropped 3 feet over the summer.",
        [("3 feet", 3, "measure", {"unit": "ft", "change": "decrease"})],
    ),
    # Negatives: letters that look like units.
    (
        "The fund's 13F filing showed it sold 2 million shares.",
        [("2 million", 2e6, "count", {"noun": "shares"})],
    ),
    ("The M4 motorway was closed after the crash.", []),
    ("The 3M company cut its forecast on Tuesday.", []),
    # Written for issue 16, second pass (news wording; negatives included).
    (
        "A magnitude 6.2 earthquake struck off the coast on Tuesday.",
        [("magnitude 6.2", 6.2, "measure", {"unit": "magnitude"})],
    ),
    (
        "The storm dumped 250 mm of rain in 24 hours.",
        [
            ("250 mm", 250, "measure", {"unit": "mm"}),
            ("24 hours", 24, "duration", {"unit": "hour"}),
        ],
    ),
    ("The new turbine can generate 15 MW.", [("15 MW", 15, "measure", {"unit": "MW"})]),
    (
        "The plant produced 4.5 GWh of electricity in May.",
        [("4.5 GWh", 4.5, "measure", {"unit": "GWh"})],
    ),
    (
        "The whale measured 25 metres from head to tail.",
        [("25 metres", 25, "measure", {"unit": "m"})],
    ),
    (
        "Temperatures dropped to minus 12 degrees Celsius overnight.",
        [("minus 12 degrees Celsius", -12, "measure", {"unit": "°C", "change": "to"})],
    ),
    (
        "The ship was carrying 2,000 tonnes of wheat.",
        [("2,000 tonnes", 2000, "measure", {"unit": "tonne"})],
    ),
    ("The border wall stretches for 700 miles.", [("700 miles", 700, "measure", {"unit": "mile"})]),
    ("The farm covers 300 acres of land.", [("300 acres", 300, "measure", {"unit": "acre"})]),
    ("The trial lasted six weeks.", [("six weeks", 6, "duration", {"unit": "week"})]),
    (
        "The train reached 320 km/h during the test.",
        [("320 km/h", 320, "measure", {"unit": "km/h"})],
    ),
    (
        "The country installed 3 gigawatts of solar capacity last year.",
        [("3 gigawatts", 3, "measure", {"unit": "GW"})],
    ),
    (
        "The battery stores 100 kilowatt-hours of energy.",
        [("100 kilowatt-hours", 100, "measure", {"unit": "kWh"})],
    ),
    (
        "The reactor will supply 1,100 megawatts to the grid.",
        [("1,100 megawatts", 1100, "measure", {"unit": "MW"})],
    ),
    (
        "Households used 3,400 kilowatt hours on average.",
        [("3,400 kilowatt hours", 3400, "measure", {"unit": "kWh"})],
    ),
    (
        "The grid lost 40 gigawatt-hours of supply during the outage.",
        [("40 gigawatt-hours", 40, "measure", {"unit": "GWh"})],
    ),
    # "over" between a figure and a duration is the period, not "more than".
    (
        "The council will spend £40m over four years on new schools.",
        [
            ("£40m", 40000000, "money", {"currency": "GBP"}),
            ("four years", 4, "duration", {"unit": "year", "qualifier": None}),
        ],
    ),
    (
        "He has worked at the plant for over five years.",
        [("five years", 5, "duration", {"unit": "year", "qualifier": "more than"})],
    ),
    # Hours and minutes together; a magnitude "on the Richter scale"; speeds spelled out.
    (
        "The flight from Sydney took 14h 30m.",
        [("14h 30m", 14.5, "duration", {"unit": "hour"})],
    ),
    (
        "The quake measured 6.2 on the Richter scale.",
        [("6.2", 6.2, "measure", {"unit": "magnitude"})],
    ),
    (
        "The speed limit near schools is 30 km per hour.",
        [("30 km per hour", 30, "measure", {"unit": "km/h"})],
    ),
    (
        "Gusts reached 90 miles per hour on the coast.",
        [("90 miles per hour", 90, "measure", {"unit": "mph"})],
    ),
    # Basis points glued ("12bps", "25bp") or in words are hundredths of a point.
    (
        "The bond yield rose 12bps to 4.3%.",
        [
            ("12bps", 0.12, "percentage_point", {}),
            ("4.3%", 4.3, "percent", {"change": "to"}),
        ],
    ),
    ("Rates were cut by 25bp in March.", [("25bp", 0.25, "percentage_point", {})]),
    (
        "The Fed raised rates by twenty-five basis points.",
        [("twenty-five basis points", 0.25, "percentage_point", {})],
    ),
    (
        "The deal values the firm at 8.5 times earnings.",
        [("8.5 times", 8.5, "ratio", {"unit": "times"})],
    ),
    (
        "A magnitude-6.4 earthquake hit the region at dawn.",
        [("magnitude-6.4", 6.4, "measure", {"unit": "magnitude"})],
    ),
    (
        "A quake measuring 6.9 struck off the coast.",
        [("6.9", 6.9, "measure", {"unit": "magnitude"})],
    ),
    ("The new model does 40mpg on the motorway.", [("40mpg", 40, "measure", {"unit": "mpg"})]),
    ("He ran for 120 yards in the game.", [("120 yards", 120, "measure", {"unit": "yd"})]),
    # Written for issue 16, fourth pass: imperial measures in two units, stone, ounces, hours
    # and minutes glued, race distances, cubic kilometres.
    ("The suspect is 6ft 2in tall.", [("6ft 2in", 6.166667, "measure", {"unit": "ft"})]),
    (
        "The striker is 5 feet 8 inches tall.",
        [("5 feet 8 inches", 5.666667, "measure", {"unit": "ft"})],
    ),
    ("The baby weighed 7lb 8oz at birth.", [("7lb 8oz", 7.5, "measure", {"unit": "lb"})]),
    (
        "He weighed 14st 2lb before the operation.",
        [("14st 2lb", 14.142857, "measure", {"unit": "st"})],
    ),
    ("She lost 3st in a year.", [("3st", 3, "measure", {"unit": "st"})]),
    ("At his heaviest he weighed 30 stone.", [("30 stone", 30, "measure", {"unit": "st"})]),
    ("Masons restored the 12 stone arches of the bridge.", [("12", 12, "count", {})]),
    (
        "The mine produced 1.2 million ounces of gold last year.",
        [("1.2 million ounces", 1200000, "measure", {"unit": "oz"})],
    ),
    (
        "The winner crossed the line in 2hr 3min.",
        [("2hr 3min", 2.05, "duration", {"unit": "hour"})],
    ),
    ("The flight landed 2hrs late.", [("2hrs", 2, "duration", {"unit": "hour"})]),
    ("The average commute is 45 mins.", [("45 mins", 45, "duration", {"unit": "minute"})]),
    (
        "He won the 100m final in 9.58 seconds.",
        [
            ("100m", 100, "measure", {"unit": "m"}),
            ("9.58 seconds", 9.58, "duration", {"unit": "second"}),
        ],
    ),
    ("She set a 400m hurdles record.", [("400m", 400, "measure", {"unit": "m"})]),
    ("The fund raised 100m euros.", [("100m euros", 100000000, "money", {"currency": "EUR"})]),
    (
        "The glacier has lost 2.3 cubic kilometres of ice.",
        [("2.3 cubic kilometres", 2.3, "measure", {"unit": "km3"})],
    ),
    # Environment, health and science units of news copy.
    (
        "Carbon dioxide in the air reached 420 ppm in May.",
        [("420 ppm", 420, "measure", {"unit": "ppm"})],
    ),
    (
        "PM2.5 levels in Delhi hit 150 µg/m³ on Monday.",
        [("150 µg/m³", 150, "measure", {"unit": "µg/m3"})],
    ),
    (
        "The limit is 25 micrograms per cubic metre.",
        [("25 micrograms per cubic metre", 25, "measure", {"unit": "µg/m3"})],
    ),
    (
        "Noise near the runway reached 85 decibels.",
        [("85 decibels", 85, "measure", {"unit": "dB"})],
    ),
    (
        "Some workers received 20 millisieverts of radiation.",
        [("20 millisieverts", 20, "measure", {"unit": "mSv"})],
    ),
    (
        "Global emissions rose to 37.4 gigatonnes of CO2.",
        [("37.4 gigatonnes", 37.4, "measure", {"unit": "Gt"})],
    ),
    (
        "The typhoon's central pressure fell to 920 hPa.",
        [("920 hPa", 920, "measure", {"unit": "hPa"})],
    ),
    (
        "The ship sank 200 nautical miles off the coast.",
        [("200 nautical miles", 200, "measure", {"unit": "nmi"})],
    ),
    ("The stone weighs 105 carats.", [("105 carats", 105, "measure", {"unit": "ct"})]),
    ("New cars must emit under 95g/km of CO2.", [("95g/km", 95, "measure", {"unit": "g/km"})]),
    (
        "The flood covered 1,000 sq miles of farmland.",
        [("1,000 sq miles", 1000, "measure", {"unit": "sq mi"})],
    ),
]
