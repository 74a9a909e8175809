# ruff: noqa: RUF001  (typographic apostrophes are part of the words matched)
"""Word and phrase cues looked up in sets, one tokenisation per sentence.

Scanning a sentence with one regular expression per cue family costs ~100 microseconds in `re`
(large case-insensitive alternations); tokenising once and looking up uni-, bi- and trigrams in
sets costs a few, which is what keeps the engine above 2 MB/s.
"""

from __future__ import annotations

import itertools
import re

# "[A-Za-z][A-Za-z]*", not "[A-Za-z]+": a pattern that starts with a plain character class lets
# `re` skip to the next letter in C (a third faster here; the same matches).
_TOKEN_RE = re.compile(r"[A-Za-z][A-Za-z]*(?:['’][A-Za-z]+)?")


class Tokens:
    """The words of one sentence: raw (case kept), lower-cased, and `hits`, the 1-3 word grams of
    the sentence that occur in any phrase table.

    Every table is built by `phrases()`, which records its phrases, so for a table T (or a union
    of tables) `grams & T == hits & T`: lookups then walk the few hits instead of all the grams.
    """

    __slots__ = ("hits", "low", "raw", "words")

    def __init__(self, text: str, start: int, end: int) -> None:
        seg = text[start:end]
        raw = _tokens(seg)
        self.raw = raw
        # Tokens hold no spaces, so one join, lower and split (all in C) gives the lower-cased
        # tokens; the grams are built with map and join, also in C. A typographic apostrophe
        # is in a token only if the span has one.
        if not raw:
            low = []
        elif "’" in seg:
            low = " ".join(raw).lower().replace("’", "'").split(" ")
        else:
            low = " ".join(raw).lower().split(" ")
        self.low = low
        # The set of the words, built once: the figures' prefilters look words up in it too.
        words = self.words = set(low)
        known = _KNOWN
        hits = words & known
        # Only a word that starts some two- or three-word phrase can start a bigram or trigram
        # that is in a table: one pass (compress and map pick them in C) finds those places.
        # The second word is looked up first (`_SECOND`): most "the", "a", "is" start no phrase
        # with the word after them, and the gram need not be built.
        second = _SECOND
        last = len(low) - 1
        for i in itertools.compress(range(last), map(second.__contains__, low)):
            w = low[i]
            nxt = low[i + 1]
            second_2, second_3 = second[w]
            if nxt in second_2:
                hits.add(w + " " + nxt)  # a phrase: "w1 w2" with w2 after w1
            if nxt in second_3 and i < last - 1:
                g = w + " " + nxt + " " + low[i + 2]
                if g in known:
                    hits.add(g)
        self.hits = hits

    @property
    def grams(self) -> set[str]:
        """All 1-3 word grams (not needed for lookups in phrase tables: see `hits`)."""
        low = self.low
        grams = set(low)
        grams.update(map(" ".join, itertools.pairwise(low)))
        grams.update(map(" ".join, zip(low, low[1:], low[2:], strict=False)))
        return grams

    def any(self, table: frozenset[str]) -> bool:
        """Whether a gram of the sentence is in `table`, a table from `phrases()` or a union."""
        return not self.hits.isdisjoint(table)


# ASCII letters and the apostrophe kept, every other byte a space.
_TOKEN_BYTES = bytes(
    c if chr(c).isascii() and (chr(c).isalpha() or c == 39) else 32 for c in range(256)
)


def _tokens(seg: str) -> list[str]:
    """`_TOKEN_RE.findall(seg)`, in C: outside a typographic apostrophe, a token is a run of
    ASCII letters and "'" (anything else, non-ASCII included, separates tokens), cut by the
    regex only where it has an apostrophe."""
    if "’" in seg:
        return _TOKEN_RE.findall(seg)
    runs = seg.encode("ascii", "replace").translate(_TOKEN_BYTES).decode("ascii").split()
    if "'" not in seg:
        return runs
    out: list[str] = []
    for run in runs:
        if "'" in run:
            out += _TOKEN_RE.findall(run)
        else:
            out.append(run)
    return out


# Every phrase of every table (see Tokens.hits).
_KNOWN: set[str] = set()
# For the first word of a phrase of two or three words, the second words of the phrases of two
# words and of the phrases of three words that it starts.
_SECOND: dict[str, tuple[set[str], set[str]]] = {}


def phrases(text: str) -> frozenset[str]:
    """A phrase table from '|'-separated phrases (lower case, single spaces)."""
    table = frozenset(" ".join(p.split()) for p in text.split("|") if p.strip())
    _KNOWN.update(table)
    for p in table:
        words = p.split(" ")
        if len(words) in (2, 3):
            second_2, second_3 = _SECOND.setdefault(words[0], (set(), set()))
            (second_2 if len(words) == 2 else second_3).add(words[1])
    return table


# Cues of a statement about the future. Weak modals (WEAK_PREDICTION) also occur in reported
# speech about the past ("40 percent said they would vote"), so classify.py weighs them apart.
PREDICTION = phrases(
    """will|won't|i'll|we'll|it'll|they'll|he'll|she'll|you'll|that'll|shall|going to
    |is expected to|are expected to|was expected to|were expected to|expect to|expects to
    |expect|expects|forecast|forecasts|forecast to|projected to|predict|predicts|predicted
    |plan to|plans to|planned to|aim to|aims to|is set to|are set to|is likely to|are likely to
    |is unlikely to|intend to|intends to|in the coming|in the next|in the future|next year
    |next month|next week|next quarter"""
)
WEAK_PREDICTION = phrases("would|could|might")  # "may" only lower-case: see classify.py
CAUSAL = phrases(
    """because|due to|as a result|caused|causes|causing|led to|leads to|lead to|owing to
    |thanks to|resulted in|results in|driven by|blamed|attributed to|contributed to
    |responsible for|triggered|fuelled by|fueled by"""
)
RULE = phrases(
    """law|laws|legislation|regulation|regulations|regulator|regulators|rule|rules|illegal
    |unlawful|banned|ban|bans|prohibit|prohibits|prohibited|prohibition|require|requires
    |required|mandatory|must|permitted|constitution|constitutional|unconstitutional|statute
    |statutes|act of|court ruled|legal limit|licence to|license to"""
)
SUPERLATIVE = phrases(
    """largest|biggest|highest|lowest|smallest|richest|poorest|busiest|fastest|slowest
    |longest|shortest|oldest|youngest|deadliest|worst|best|record|ranked|ranks|number one
    |record high|record low|all time high|top"""
)
COMPARISON = phrases(
    """more than|less than|fewer than|higher than|lower than|larger than|smaller than
    |bigger than|greater than|cheaper than|faster than|slower than|older than|younger than
    |better than|worse than|compared with|compared to|versus|doubled|tripled|halved|increased
    |decreased|rose|risen|fell|fallen|grew|grown|dropped|declined|jumped|climbed|slumped
    |surged|plunged|widened|narrowed|up from|down from|the same as|as much as|as many as
    |an increase of|a decrease of|a rise of|a drop of|a fall of|a decline of|increase in
    |decrease in|rise in|drop in|fall in|decline in"""
)
# Comparison words that are also figure qualifiers ("sold more than 1.7 million cars").
QUALIFIER_COMPARISON = phrases("more than|less than|fewer than|as many as|as much as|greater than")
OPINION = phrases(
    """i think|i believe|i feel|i hope|i wish|we think|we believe|we feel|we hope|we wish
    |in my opinion|in my view|we should|we must|we need to|i'm sure|i'm convinced|i'm proud
    |it's time to|it's clear that|should be|ought to|is wonderful|is terrible|is great
    |is awful|is disgraceful|is beautiful|is shameful|is amazing|is fantastic|is ridiculous
    |is outrageous|is good|is bad|are wonderful|are terrible|are great|are awful|was wonderful
    |was terrible|was great|is a wonderful|is a terrible|is a great|is a disgrace
    |was a pleasure|is a pleasure"""
)
EVENT = phrases(
    """yesterday|today|last week|last month|last year|last night|this week|this month
    |this year|on monday|on tuesday|on wednesday|on thursday|on friday|on saturday
    |on sunday|earlier this"""
)
EVENT_OBJECTS = phrases(
    "an accord|an agreement|a deal|the deal|the agreement|the treaty|a treaty|the law|the bill"
)
PERSONAL_RAW = frozenset(["I", "my", "My", "me", "I'm", "I've", "I'd", "I’m", "I’ve", "I’d"])

# Features for the check-worthiness model (see features.py).
FEATURE_PHRASES: dict[str, frozenset[str]] = {
    "comparison": COMPARISON,
    "superlative": SUPERLATIVE | phrases("most|least|leading|first|last|only"),
    "attribution": phrases(
        """said|says|say|according to|reported|told|announced|stated|claimed|posted|wrote
        |confirmed|showed|shows|found|estimate|estimates|data|figures|statistics|survey|study
        |report"""
    ),
    "opinion": OPINION
    | phrases("i want|let me|i would|i'd|i will|i'll|we will|we'll|we're going|i'm glad"),
    "second_person": phrases("you|your|you're|you've"),
    "policy": phrases(
        """tax|taxes|jobs|unemployment|unemployed|deficit|debt|budget|spending|income|wage
        |wages|economy|inflation|prices|billion|million|trillion|voted|vote|law|bill|program
        |crime|insurance|security|medicare|medicaid|oil|trade|military|troops|nuclear|weapons
        |school|schools|students|percent|dollars|cost|costs|paid|population|rate|growth|export
        |exports|import|imports|sales|revenue|profit|shares|market|shareholders|workforce
        |employees"""
    ),
    "past_fact": phrases("was|were|had|did|has been|have been|since|ago|last year|yesterday"),
    "negation": phrases("not|never|no|nobody|nothing|don't|didn't|doesn't|isn't|wasn't|won't"),
    "causal": CAUSAL,
    "rule": RULE | phrases("treaty|court|ruled"),
    "courtesy": phrases(
        """thank you|thanks|applause|laughter|ladies and gentlemen|good evening|good night
        |congratulations|congratulate|god bless"""
    ),
    "evaluative": phrases(
        """good|bad|great|wonderful|terrible|important|wrong|right|best|fair|unfair|strong
        |weak|proud|believe|hope|disgrace|disgraceful|outrageous|ridiculous|excellent|amazing"""
    ),
}
FIRST_PERSON_RAW = frozenset(
    ["I", "me", "my", "we", "our", "us", "I'm", "I've", "we're", "we've", "We", "My", "Our"]
)
MODAL_RAW = frozenset(
    """will would could should might may must shall won't wouldn't can Would Could Should
    Might Must""".split()  # noqa: SIM905
)
MODAL_PHRASES = phrases(
    """going to|expected to|expect to|expects to|plan to|plans to|forecast|forecasts|projected
    |likely"""
)
