"""Do two claims state the same fact? Plain Python, no Django: text and quantities in, a score out.

Two ways to be the same fact:

- **figures**: a figure agrees (same kind, unit and currency, value equal within the rounding of
  the less precise one) and the subject agrees (shared names, counted noun, topic words);
- **wording**: near-identical sentences (pg_trgm-style trigram similarity).

Either way, nothing may conflict. Similar-but-different claims stay apart because of these
conflicts: another company or place (names on both sides, none shared), another year or month,
another counted noun ("containers" vs "passengers"), comparable figures with different values
(an updated figure, a changed number), opposite directions ("rose 5%" vs "fell to 4%"), another
part of the year (Q1 vs Q2, "first half" vs H2, March vs April), another relative period ("last
year" vs "this year"), a denial ("is not 4.2%"), another rate ("per hour" vs "per day"), the other
side of a number ("more than 500" vs "fewer than 500"). `in_conflict()` tells these apart from
pairs that merely have too little in common: grouping needs that distinction.

`figure_keys()` is the normalisation stored in `Claim.figure_keys` (GIN-indexed): candidates are
fetched by array overlap, then scored here. A figure's keys include its value rounded to two
significant digits, so "4.19 million" and "4.2 million" share a key and reach the scorer.

`rarest_lexemes()`, `related_words()` and the `tsquery_*` helpers choose the words the candidate
queries look for in the GIN-indexed `search_vector` (see claims/services/matching.py).

The modules, from the bottom up (each imports only those above it):

- `thresholds`: the cut-offs; `vocabulary`: word lists and `stem_of`;
- `quantities`: reading stored quantities; `keys`: `figure_keys()`;
- `figures`: `Figure`, a quantity as the scorer compares it;
- `periods` (years, months, quarters, "last year"), `senses` (denial, direction, rate),
  `wording` (pg_trgm trigrams);
- `features`: `ClaimFeatures`, all of the above for one claim;
- `subjects` (names, topic, counted nouns) and `conflicts` (time, figures, senses);
- `scoring`: `score_features()`, `score_pair()`, `in_conflict()`; `sketch()` and
  `may_be_same()`, the cheap screen that spares scoring candidates that cannot match;
- `candidates`: the words and tsqueries the candidate queries use.
"""

from __future__ import annotations

from .candidates import (
    rarest_lexemes,
    related_words,
    tsquery_any,
    tsquery_at_least,
    tsquery_first_and_any,
)
from .features import ClaimFeatures, features
from .figures import Figure
from .keys import figure_keys
from .quantities import TIME_KINDS
from .scoring import (
    MatchResult,
    Sketch,
    in_conflict,
    may_be_same,
    score_features,
    score_pair,
    sketch,
)
from .thresholds import MATCH_THRESHOLD, MAX_RELATIVE_GAP, SUBJECT_THRESHOLD, WORDING_THRESHOLD
from .vocabulary import DEMONYMS, GENERIC_WORDS, NOT_NAMES, STOPWORDS, SYNONYMS
from .wording import trigram_similarity, trigrams

__all__ = [
    "DEMONYMS",
    "GENERIC_WORDS",
    "MATCH_THRESHOLD",
    "MAX_RELATIVE_GAP",
    "NOT_NAMES",
    "STOPWORDS",
    "SUBJECT_THRESHOLD",
    "SYNONYMS",
    "TIME_KINDS",
    "WORDING_THRESHOLD",
    "ClaimFeatures",
    "Figure",
    "MatchResult",
    "Sketch",
    "features",
    "figure_keys",
    "in_conflict",
    "may_be_same",
    "rarest_lexemes",
    "related_words",
    "score_features",
    "score_pair",
    "sketch",
    "trigram_similarity",
    "trigrams",
    "tsquery_any",
    "tsquery_at_least",
    "tsquery_first_and_any",
]
