"""Who made a claim: a person or an organisation, guessed from the extracted speaker.

Plain Python (no Django): the guess is a proposal an editor confirms or corrects on the claim page.
"""

from __future__ import annotations

import re

PERSON = "person"
ORGANIZATION = "organization"
KINDS = (PERSON, ORGANIZATION)

# Words that make a name an organisation wherever they stand in it ("Bank of England",
# "Acme Ltd", "the Ministry of Health", "Harbour Authority").
_ORG_WORDS = frozenset(
    [
        "inc",
        "inc.",
        "ltd",
        "ltd.",
        "llc",
        "plc",
        "corp",
        "corp.",
        "corporation",
        "co.",
        "company",
        "companies",
        "group",
        "holdings",
        "gmbh",
        "ag",
        "sa",
        "nv",
        "bv",
        "ministry",
        "ministries",
        "department",
        "agency",
        "agencies",
        "authority",
        "authorities",
        "bank",
        "banks",
        "university",
        "universities",
        "college",
        "institute",
        "institution",
        "office",
        "bureau",
        "commission",
        "committee",
        "council",
        "board",
        "court",
        "parliament",
        "congress",
        "senate",
        "assembly",
        "government",
        "administration",
        "cabinet",
        "police",
        "army",
        "navy",
        "force",
        "forces",
        "party",
        "union",
        "unions",
        "federation",
        "association",
        "society",
        "foundation",
        "fund",
        "trust",
        "league",
        "organisation",
        "organization",
        "organisations",
        "organizations",
        "nhs",
        "un",
        "eu",
        "nato",
        "who",
        "imf",
        "opec",
        "fbi",
        "cia",
        "nasa",
        "centre",
        "center",
        "service",
        "services",
        "network",
        "agency's",
        "ministry's",
        "company's",
        "firm",
        "firms",
        "operator",
        "regulator",
        "regulators",
        "court's",
        "embassy",
        "school",
        "hospital",
        "hospitals",
        "club",
        "airline",
        "airlines",
        "bureau's",
        "statistics",
        "office's",
        "consortium",
        "coalition",
        "alliance",
        "chamber",
        "exchange",
        "observatory",
        "laboratory",
        "lab",
        "labs",
        "media",
        "newspaper",
        "broadcaster",
        "channel",
    ]
)

# Roles that name a person even with "the" before them ("the minister said").
_PERSON_WORDS = frozenset(
    [
        "minister",
        "president",
        "prime",
        "chancellor",
        "secretary",
        "senator",
        "governor",
        "mayor",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "chief",
        "executive",
        "ceo",
        "cfo",
        "director",
        "chairman",
        "chairwoman",
        "chair",
        "founder",
        "economist",
        "analyst",
        "professor",
        "dr",
        "doctor",
        "mr",
        "mrs",
        "ms",
        "sir",
        "lady",
        "lord",
        "judge",
        "officer",
        "officers",
        "official",
        "officials",
        "researcher",
        "scientist",
        "author",
        "manager",
        "head",
        "leader",
        "king",
        "queen",
        "prince",
        "princess",
        "pope",
        "bishop",
        "he",
        "she",
        "they",
        "we",
        "i",
        "you",
        "spokesmen",
        "spokeswomen",
        "lawyer",
        "attorney",
        "commissioner",
        "ambassador",
        "mp",
    ]
)

# Companies and bodies often named without a telling word. Short on purpose: the kind is a
# proposal, and an editor corrects the rest once (the claimant is shared across claims).
_KNOWN_ORGS = frozenset(
    [
        "tesla",
        "apple",
        "google",
        "alphabet",
        "microsoft",
        "amazon",
        "meta",
        "facebook",
        "twitter",
        "x",
        "openai",
        "nvidia",
        "intel",
        "samsung",
        "toyota",
        "volkswagen",
        "bmw",
        "ford",
        "boeing",
        "airbus",
        "shell",
        "bp",
        "exxon",
        "exxonmobil",
        "chevron",
        "siemens",
        "reuters",
        "bloomberg",
        "unicef",
        "unesco",
        "oecd",
        "eurostat",
        "ons",
    ]
)

_WORD_RE = re.compile(r"[\w.'\u2019&-]+")


def guess_claimant_kind(name: str) -> str:
    """ "person" or "organization" for a speaker as the extractor found it.

    Organisations: a telling word anywhere ("Ministry", "Agency", "Bank", "Inc", "University",
    "the government"), "the company"/"the firm", a known company ("Tesla"), or all capitals
    ("IMF"). Persons: everything else, including roles ("the minister", "Chief Executive Lisa Su").
    """
    words = [w.lower().strip(".'\u2019") for w in _WORD_RE.findall(name or "")]
    words = [w for w in words if w]
    if not words:
        return PERSON
    if any(w in _ORG_WORDS or w.rstrip("s") in _ORG_WORDS for w in words):
        # "Chief Executive of the Port Authority" is still a person: a role word before "of".
        head = words[: words.index("of")] if "of" in words else words
        if any(w in _PERSON_WORDS for w in head):
            return PERSON
        return ORGANIZATION
    if any(w in _PERSON_WORDS for w in words):
        return PERSON
    if len(words) == 1 and (words[0] in _KNOWN_ORGS or _is_acronym(name.strip())):
        return ORGANIZATION
    if words[0] == "the" and len(words) == 2 and words[1] in _KNOWN_ORGS:
        return ORGANIZATION
    return PERSON


def _is_acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return 2 <= len(letters) <= 6 and all(c.isupper() for c in letters)


def tidy_claimant_name(name: str) -> str:
    """The name as stored: spaces collapsed, quotes and a trailing full stop dropped."""
    return " ".join((name or "").strip(" \"'\u201c\u201d\u2018\u2019").split())[:300]
