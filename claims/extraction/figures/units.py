"""Units after a figure: durations, measures, ratios ("3 times", "one in five")."""

from __future__ import annotations

import re

from .number_words import CARDINAL_WORD_PATTERN, TENS_WORDS, UNIT_WORDS
from .numerals import fold

DURATION_UNITS = {
    "year": "year", "years": "year", "yr": "year", "yrs": "year", "month": "month",
    "months": "month", "week": "week", "weeks": "week", "day": "day", "days": "day",
    "hour": "hour", "hours": "hour", "minute": "minute", "minutes": "minute", "second": "second",
    "seconds": "second", "decade": "decade", "decades": "decade", "century": "century",
    "centuries": "century", "quarter": "quarter", "quarters": "quarter", "hr": "hour",
    "hrs": "hour", "min": "minute", "mins": "minute",
}  # fmt: skip
MEASURE_UNITS = {
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
    "kilotonnes": "kt", "terawatt hours": "TWh", "gigawatt hours": "GWh", "magnitude": "magnitude",
    "terawatt-hours": "TWh", "gigawatt-hours": "GWh", "megawatt-hours": "MWh",
    "megawatt hours": "MWh", "kilowatt-hours": "kWh", "kilowatt hours": "kWh", "gigawatt": "GW",
    "megawatt": "MW", "kilowatt": "kW", "miles per hour": "mph", "kilometres per hour": "km/h",
    "kilometers per hour": "km/h", "km per hour": "km/h", "mpg": "mpg", "yards": "yd",
    "yard": "yd", "oz": "oz", "ounces": "oz", "ounce": "oz", "stone": "st",
    "cubic kilometres": "km3", "cubic kilometers": "km3", "cubic miles": "cu mi",
    "ppm": "ppm", "parts per million": "ppm", "ppb": "ppb", "parts per billion": "ppb",
    "µg/m³": "µg/m3", "µg/m3": "µg/m3", "μg/m³": "µg/m3", "μg/m3": "µg/m3",
    "micrograms per cubic metre": "µg/m3", "micrograms per cubic meter": "µg/m3",
    "decibels": "dB", "db": "dB", "millisieverts": "mSv", "msv": "mSv", "microsieverts": "µSv",
    "sieverts": "Sv", "gigatonnes": "Gt", "gigatons": "Gt", "megatons": "Mt", "hpa": "hPa",
    "hectopascals": "hPa", "millibars": "mbar", "nautical miles": "nmi", "light years": "ly",
    "light-years": "ly", "carats": "ct", "carat": "ct", "g/km": "g/km", "mmol/l": "mmol/L",
    "mg/dl": "mg/dL", "bushels": "bu", "sq miles": "sq mi", "square mile": "sq mi",
    "sq metres": "m2", "sq meters": "m2", "square metre": "m2", "square meter": "m2",
    "square kilometre": "km2", "square kilometer": "km2",
}  # fmt: skip
DURATION_RE = re.compile(
    r"(?:\s|-)(?P<du>"
    + "|".join(sorted(DURATION_UNITS, key=len, reverse=True))
    + r")\b(?P<ago>\s+ago\b)?",
    re.IGNORECASE,
)
# "16 stone" is a weight, "12 stone columns" is not: "stone" is a unit only where no word but a
# joining one follows it.
NO_WORD_BUT_A_JOINING_ONE = (
    r"(?![\w/])(?!\s+(?!(?:and|or|but|in|of|to|from|at|by|after|before|when|while)\b)[^\W\d_])"
)
STONE_AFTER_RE = re.compile(NO_WORD_BUT_A_JOINING_ONE)
_STONE = rf"stone{NO_WORD_BUT_A_JOINING_ONE}"
MEASURE_RE = re.compile(
    r"\s?-?(?P<mu>"
    + "|".join(re.escape(u) for u in sorted(MEASURE_UNITS, key=len, reverse=True) if u != "stone")
    + rf"|{_STONE})(?![\w/])",
    re.IGNORECASE,
)
TIMES_RE = re.compile(
    r"(?:\s|-)(?P<t>times|fold)\b(?=\s+(?:as|more|higher|larger|bigger|greater|faster|the|that"
    r"|than|over|what|its|their|his|her|smaller|lower|less|fewer|cheaper|slower|earnings|sales"
    r"|revenue|revenues|profits?|book)\b)"
    r"|-?(?P<fold>fold)\b|(?P<x>(?-i:x))\b",
    re.IGNORECASE,
)
# The denominator may be grouped: "1 in 100,000" is one in a hundred thousand, not one in 100.
# Hyphens may join the words ("one-in-five children", "a 1-in-100-year flood"); the denominator
# may be "a million".
ONE_IN_RE = re.compile(
    r"(?:\s+|-)(?:in|out\s+of)(?:\s+|-)(?:every\s+)?(?P<den>\d{1,3}(?:,\d{3})+(?![\d,]\d)|\d{1,9}"
    rf"|an?\s+(?:hundred|thousand|million|billion)|{CARDINAL_WORD_PATTERN})\b",
    re.IGNORECASE,
)
_A_SCALE = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}


def one_in_denominator(m: re.Match[str]) -> int | None:
    """The "five" of a match of ONE_IN_RE ("one in five", "3 out of 10", "one in a million");
    None or 0 if unusable."""
    den = fold(m.group("den")).replace(",", "")
    if den.isdigit():
        return int(den)
    if den.startswith("a"):
        scale = _A_SCALE.get(den.split()[-1])
        if scale is not None:
            return scale
    return UNIT_WORDS.get(den) or TENS_WORDS.get(den)


def unit_case_ok(u: str) -> bool:
    """Short units must be written as units are ("5 g", "5 m"), not "5G" (a network)."""
    return len(u) > 2 or u.lower() not in ("g", "m", "ha", "mg", "ml") or u == u.lower()
