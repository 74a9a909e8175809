"""Words and what they stand for: stopwords, generic news words, synonyms, demonyms, and the stem
a word is compared by."""

from __future__ import annotations

import re
from functools import lru_cache

from .stemmer import stem

# A word (letters, apostrophes, inner hyphens) or a number as written.
WORD_RE = re.compile(r"[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F'\u2019\-]*|\d[\d,.]*")


def word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS = word_set(
    """
    a about above after again against all almost also am among an and another any are around as at
    be because been before being below between both but by can could did do does doing down during
    each even ever every few for from further had has have having he her here hers him his how i if
    in into is it its itself just least less like many may me might more most much must my near
    nearly no nor not now of off on once one only or other our out over own per roughly same she
    should since so some such than that the their them then there these they this those through
    to too under until up upon us very via was we were what when where which while who whom whose
    why will with within would yet you your according latest new first second third last next
    some around approximately just about nearly almost over under more fewer than least ago
    """
)


# Words that say how a figure is reported or moves, not what it is about.
GENERIC_WORDS = word_set(
    """
    said say says saying told tell according reported report reports reporting announced announce
    show shows showed shown data figure figures official officials statistics number numbers total
    totalled totaled totalling total reach reached reaches reaching hit hits stood stand stands came
    come comes rise rises rose risen rising grew grow grows growing growth increase increased
    increases increasing fall falls fell fallen falling drop drops dropped dropping decline declined
    declines declining decrease decreased decreases jump jumped jumps climb climbed climbs surge
    surged soar soared slump slumped plunge plunged cut cuts slid slide sank sink shrank shrink up
    down higher lower high low record percent per cent percentage point points million billion
    trillion thousand hundred bn m k year years month months week weeks day days quarter quarters
    annual annually yearly today yesterday tomorrow time times period compared previous prior
    earlier later estimated estimate estimates expected expects expect forecast forecasts roughly
    some nearly almost about around approximately least well while making made make makes get got
    gets go went goes going see saw seen set sets put puts took take takes given give gives last
    according based sources source latest new people person mr mrs ms dr
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday jan feb mar apr jun jul aug sep sept
    oct nov dec q1 q2 q3 q4 h1 h2 fiscal
    """
) | frozenset({"say", "rise", "fall"})
# Numbers written as words: the figures say them (the extraction engine reads "two tonnes").
NUMBER_WORDS = word_set(
    """
    one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty
    fifty sixty seventy eighty ninety hundred thousand million billion half quarter dozen
    """
)
# The same words as the stemmer leaves them ("estimated" -> "estim"), for the stem-side check.
GENERIC_STEMS = frozenset(stem(w) for w in GENERIC_WORDS) | {"say", "rise", "fall"}


# One canonical word for words news copy uses interchangeably about the same subject.
SYNONYMS: dict[str, str] = {
    "jobless": "unemployment",
    "unemployed": "unemployment",
    "joblessness": "unemployment",
    "sales": "revenue",
    "turnover": "revenue",
    "revenues": "revenue",
    "earnings": "profit",
    "profits": "profit",
    "staff": "employee",
    "employees": "employee",
    "workers": "employee",
    "worker": "employee",
    "jobs": "job",
    "homes": "home",
    "houses": "home",
    "house": "home",
    "dwellings": "home",
    "households": "household",
    "residents": "resident",
    "inhabitants": "resident",
    "population": "resident",
    "citizens": "resident",
    "deaths": "death",
    "died": "death",
    "killed": "death",
    "fatalities": "death",
    "lives": "death",
    "dead": "death",
    "patients": "patient",
    "passengers": "passenger",
    "travellers": "passenger",
    "travelers": "passenger",
    "riders": "passenger",
    "pupils": "student",
    "students": "student",
    "schoolchildren": "student",
    "children": "child",
    "kids": "child",
    "cars": "car",
    "vehicles": "car",
    "spending": "spend",
    "spent": "spend",
    "spends": "spend",
    "budget": "spend",
    "funding": "spend",
    "investment": "spend",
    "invest": "spend",
    "invested": "spend",
    "prices": "price",
    "cost": "price",
    "costs": "price",
    "cpi": "inflation",
    "gdp": "economy",
    "output": "economy",
    "economic": "economy",
    "crimes": "crime",
    "offences": "crime",
    "offenses": "crime",
    "visitors": "visitor",
    "tourists": "visitor",
    "tourism": "visitor",
    "arrivals": "visitor",
    "emissions": "emission",
    "emitted": "emission",
    "emits": "emission",
    "emit": "emission",
    "nurses": "nurse",
    "doctors": "doctor",
    "teachers": "teacher",
    "trees": "tree",
    "flights": "flight",
    "containers": "container",
    "teu": "container",
    "wages": "wage",
    "salaries": "wage",
    "salary": "wage",
    "pay": "wage",
    "earnings-per-share": "profit",
    "shares": "share",
    "stock": "share",
    "taxes": "tax",
    "rents": "rent",
    "harbour": "port",
    "parcels": "parcel",
    "packages": "parcel",
    "package": "parcel",
    "megawatts": "mw",
    "megawatt": "mw",
    "harbor": "port",
    "seaport": "port",
    "borrowing": "debt",
    "workforce": "employee",
    "headcount": "employee",
    "personnel": "employee",
    "worldwide": "global",
    "globally": "global",
    "motorists": "driver",
    "officers": "police",
    "officer": "police",
    "policemen": "police",
}


# Newsroom verbs that say the same thing, folded to one word for the scorer only (the candidate
# queries do not look for these: they are too common to narrow anything). Irregular forms are
# listed; the stemmer folds the regular ones ("cutting" -> "cut").
VERB_SYNONYMS: dict[str, str] = {
    **dict.fromkeys(
        word_set("""
        cut cuts cutting shed sheds shedding axe axes axed axing slash slashes slashed slashing
        layoff layoffs eliminate eliminates eliminated eliminating scrap scraps scrapped
        scrapping trim trims trimmed trimming"""),
        "cut",
    ),
    **dict.fromkeys(word_set("said says saying say told tells tell stated declared"), "say"),
    **dict.fromkeys(
        word_set("""
        rose risen rising rises rise increased increases increase increasing climbed climbs
        climb climbing grew grow grows growing grown jumped jump jumps jumping surged surge
        surges soared soar soars"""),
        "rise",
    ),
    **dict.fromkeys(
        word_set("""
        fell fallen falling falls fall dropped drop drops dropping declined decline declines
        declining decreased decrease decreases decreasing slumped slump plunged plunge tumbled
        sank sink slid"""),
        "fall",
    ),
    **dict.fromkeys(
        word_set("hired hire hires hiring recruit recruits recruited recruiting"), "hire"
    ),
    **dict.fromkeys(
        word_set("""bought buy buys buying acquire acquires acquired acquiring purchase purchases
        purchased purchasing"""),
        "buy",
    ),
    **dict.fromkeys(word_set("sold sell sells selling"), "sell"),
    **dict.fromkeys(word_set("won win wins winning"), "win"),
    **dict.fromkeys(word_set("built build builds constructed construct constructs"), "build"),
    **dict.fromkeys(word_set("arrested arrest detained detain detains arrests"), "arrest"),
    **dict.fromkeys(word_set("closed close closes closing shut shuts shutting"), "close"),
    **dict.fromkeys(word_set("paid pay pays paying"), "pay"),
    **dict.fromkeys(word_set("seized seize seizes confiscated confiscate confiscates"), "seize"),
    **dict.fromkeys(word_set("spent spend spends spending"), "spend"),
    **dict.fromkeys(word_set("lost lose loses losing"), "lose"),
    **dict.fromkeys(word_set("made make makes making produced produce produces"), "make"),
}

# Phrases folded to one word before the words are read ("laid off" -> "layoff").
PHRASES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(?:lay|lays|laid|laying)[\s-]+off\b", re.IGNORECASE), "layoff"),
    (re.compile(r"\b(?:go|goes|going|gone|went)\s+up\b", re.IGNORECASE), "rise"),
    (re.compile(r"\b(?:go|goes|going|gone|went)\s+down\b", re.IGNORECASE), "fall"),
    (re.compile(r"\b(?:around|across)\s+the\s+(?:world|globe)\b", re.IGNORECASE), "global"),
    (re.compile(r"\bper\s+cent\b", re.IGNORECASE), "percent"),
]


def fold_phrases(text: str) -> str:
    """The text with multi-word synonyms folded to one word ("is laying off" -> "is layoff")."""
    for pattern, word in PHRASES:
        text = pattern.sub(word, text)
    return text


# Names and their adjectives ("Germany" / "German"), so a rewording is not a different subject.
DEMONYMS: dict[str, str] = {
    "american": "us",
    "america": "us",
    "usa": "us",
    "u.s.": "us",
    "british": "uk",
    "britain": "uk",
    "england": "uk",
    "english": "uk",
    "french": "france",
    "german": "germany",
    "dutch": "netherlands",
    "holland": "netherlands",
    "spanish": "spain",
    "italian": "italy",
    "swiss": "switzerland",
    "swedish": "sweden",
    "danish": "denmark",
    "norwegian": "norway",
    "finnish": "finland",
    "polish": "poland",
    "irish": "ireland",
    "chinese": "china",
    "japanese": "japan",
    "indian": "india",
    "canadian": "canada",
    "australian": "australia",
    "mexican": "mexico",
    "brazilian": "brazil",
    "russian": "russia",
    "ukrainian": "ukraine",
    "turkish": "turkey",
    "greek": "greece",
    "portuguese": "portugal",
    "belgian": "belgium",
    "austrian": "austria",
    "european": "eu",
    "scottish": "scotland",
    "welsh": "wales",
    "kenyan": "kenya",
    "nigerian": "nigeria",
    "african": "africa",
}


# Capitalised words that are not names: sentence furniture, titles, time words.
NOT_NAMES = (
    STOPWORDS
    | GENERIC_WORDS
    | word_set(
        """
    the a an in on at by for from with as it its this that these those there their they we he she
    i our his her mr mrs ms dr prof sir president minister ministry government chief executive
    officer ceo chairman chair spokesman spokeswoman spokesperson secretary department office
    agency authority council city state county national federal central bank company group
    corporation corp inc ltd plc co llc university hospital school police court parliament
    congress senate committee commission union association institute survey report study
    however meanwhile but and or so yet still also according while although despite since after
    before during
    """
    )
)


# Synonyms reached through the stem too ("layoffs" / "laying off" -> "cut", "Workforces" ->
# "employee"); forms whose stem is another word are left out ("lives" would take "live").
_NOT_BY_STEM = frozenset({"lives", "dead", "output", "stock", "pay", "cost", "package"})
_BY_STEM: dict[str, str] = {}
for _table in (SYNONYMS, VERB_SYNONYMS):
    for _word, _canonical in _table.items():
        if _word not in _NOT_BY_STEM:
            _BY_STEM.setdefault(stem(_word), _canonical)
        _BY_STEM.setdefault(stem(_canonical), _canonical)


@lru_cache(maxsize=65536)
def stem_of(word: str) -> str:
    """The form a word is compared by: lower case, no possessive, a demonym's country, a
    synonym's canonical word (nouns and newsroom verbs), else its stem (stemmer.stem, a
    Snowball-style English stemmer) or the synonym that stem belongs to."""
    acronym = len(word) >= 2 and word.isupper() and word.isalpha()
    word = word.lower().strip("'\u2019-").replace("\u2019", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if word in DEMONYMS:
        return stem(DEMONYMS[word])
    if word in SYNONYMS:
        return SYNONYMS[word]
    if acronym:  # UPS, NHS, IMF: names, not plurals
        return word
    if word in VERB_SYNONYMS:
        return VERB_SYNONYMS[word]
    stemmed = stem(word)
    return _BY_STEM.get(stemmed, stemmed)
