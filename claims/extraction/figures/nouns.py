"""The noun a figure counts ("2,400 people", "40 percent of voters")."""

from __future__ import annotations

import re

COLLECTIVE_NOUNS = frozenset(
    [
        "people",
        "children",
        "men",
        "women",
        "staff",
        "police",
        "personnel",
        "workforce",
        "cattle",
        "livestock",
        "aircraft",
        "sheep",
        "deer",
        "fish",
    ]
)
STOP_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "in",
        "on",
        "at",
        "to",
        "from",
        "for",
        "by",
        "with",
        "and",
        "or",
        "but",
        "as",
        "than",
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "was",
        "were",
        "is",
        "are",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "it",
        "its",
        "their",
        "his",
        "her",
        "our",
        "my",
        "your",
        "this",
        "these",
        "those",
        "since",
        "after",
        "before",
        "into",
        "over",
        "under",
        "about",
        "per",
        "each",
        "every",
        "all",
        "more",
        "less",
        "most",
        "least",
        "some",
        "any",
        "said",
        "says",
        "say",
        "will",
        "would",
        "could",
        "may",
        "might",
        "can",
        "should",
        "do",
        "does",
        "did",
        "not",
        "no",
        "up",
        "down",
        "out",
        "off",
        "while",
        "when",
        "where",
        "if",
        "so",
        "also",
        "just",
        "only",
        "still",
        "yet",
        "then",
        "there",
        "here",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
        "day",
        "days",
        "ago",
        "earlier",
        "later",
        "last",
        "next",
        "them",
        "us",
        "what",
        "him",
        "me",
        "you",
        "they",
        "we",
        # Verbs in -s that follow a noun ("40 percent of the budget goes on salaries"); not
        # those that are also counted nouns ("120 runs", "300 lives", "2,400 works").
        "goes",
        "comes",
        "remains",
        "gets",
        "makes",
        "takes",
        "seems",
        "spends",
        "pays",
        "earns",
        "owns",
        "depends",
        "belongs",
        "consists",
        "includes",
        "contains",
        "represents",
    ]
)
NOUN_RE = re.compile(r"\s+(?:-\s*)?([a-z][a-z'-]*)(?:\s+([a-z][a-z'-]*))?(?:\s+([a-z][a-z'-]*))?")
# The first word may be an acronym: "4.2% of GDP", "40% of US adults".
OF_NOUN_RE = re.compile(
    r"\s+of\s+(?:(?:its|the|their|his|her|our|all|those|these|a|an)\s+)?"
    r"([a-z][a-z'-]*|[A-Z]{2,6}\b)(?:\s+([a-z][a-z'-]*))?"
)


def noun_after(text: str, pos: int, end: int, kind: str) -> str | None:
    if kind == "percent":
        m = OF_NOUN_RE.match(text, pos, end)
        if m:
            words = [w for w in m.groups() if w]
            kept: list[str] = []
            for w in words:
                if w in STOP_WORDS:
                    break
                kept.append(w)
                if is_plural_noun(w):
                    break  # "of respondents agreed": the noun ends at the plural
            return " ".join(kept) or None
        return None
    m = NOUN_RE.match(text, pos, end)
    if not m:
        return None
    out: list[str] = []
    for w in m.groups():
        if not w or w in STOP_WORDS:
            return None
        out.append(w)
        if is_plural_noun(w):
            return " ".join(out)
    return None


def is_plural_noun(w: str) -> bool:
    return w in COLLECTIVE_NOUNS or (
        w.endswith("s") and not w.endswith(("ss", "'s", "ous", "us", "is"))
    )
