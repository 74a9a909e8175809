"""Is a quoted passage in a page's text? Plain Python (no Django), deterministic, linear in the
page's length (docs/evidence.md).

Both sides are normalised first: Unicode compatibility forms (NFKC), curly quotes and primes to
straight ones, every dash and minus to "-", the ellipsis to "...", case folded, whitespace runs to
one space. A normalised quote inside the normalised page is found (score 1).

Otherwise the comparison is on words (runs of letters and digits; punctuation ignored): every
window of the page as long as the quote is scored by how many of the quote's words it holds
(a multiset count kept up to date as the window slides, so one pass over the page), and the best
few windows, a word wider on each side, are compared in order with difflib's SequenceMatcher.
The quote counts as found when that ratio reaches QUOTE_MATCH_THRESHOLD: a word or two changed,
added or dropped in a quote of a dozen words still matches; a different sentence that shares
its words in another order does not. Quotes of fewer than MIN_FUZZY_WORDS words must occur
exactly (after normalising), since one word's difference is most of their meaning.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

QUOTE_MATCH_THRESHOLD = 0.85
MIN_FUZZY_WORDS = 4
CANDIDATE_WINDOWS = 5

_TRANSLATE = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u0060\u00b4", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
        "\u2026": "...",
        "\u00ad": None,  # soft hyphen: invisible, only a line-break hint
        "\u200b": None,  # zero-width space
    }
)
_SPACES = re.compile(r"\s+")
_WORDS = re.compile(r"\w+")


def normalise(text: str) -> str:
    """The text as the comparison sees it: see the module docstring."""
    text = unicodedata.normalize("NFKC", text).translate(_TRANSLATE).casefold()
    return _SPACES.sub(" ", text).strip()


def words(text: str) -> list[str]:
    return _WORDS.findall(normalise(text))


@dataclass(frozen=True, slots=True)
class QuoteMatch:
    found: bool
    score: float  # 1.0: the quote occurs as it is (normalised); else the best window's ratio
    passage: str = ""  # the page's words that matched best (normalised), for the reviewer


def quote_in_text(quote: str, text: str) -> QuoteMatch:
    """Whether `quote` occurs in `text`, exactly or nearly (see the module docstring)."""
    q_norm, t_norm = normalise(quote), normalise(text)
    if not q_norm:
        return QuoteMatch(found=False, score=0.0)
    if q_norm in t_norm:
        return QuoteMatch(found=True, score=1.0, passage=q_norm)
    q_words = _WORDS.findall(q_norm)
    t_words = _WORDS.findall(t_norm)
    if not q_words or not t_words:
        return QuoteMatch(found=False, score=0.0)
    if " ".join(q_words) in " ".join(t_words):  # only punctuation differs
        return QuoteMatch(found=True, score=1.0, passage=" ".join(q_words))
    if len(q_words) < MIN_FUZZY_WORDS:
        return QuoteMatch(found=False, score=0.0)
    score, passage = _best_window(q_words, t_words)
    return QuoteMatch(found=score >= QUOTE_MATCH_THRESHOLD, score=score, passage=passage)


def _best_window(q_words: list[str], t_words: list[str]) -> tuple[float, str]:
    m = len(q_words)
    wanted = Counter(q_words)
    have: Counter[str] = Counter()
    overlap = 0  # sum over words of min(have, wanted): the quote's words the window holds
    best: list[tuple[int, int]] = []  # (overlap, -start), the few highest
    for i, word in enumerate(t_words):
        if word in wanted:
            have[word] += 1
            if have[word] <= wanted[word]:
                overlap += 1
        if i >= m:
            old = t_words[i - m]
            if old in wanted:
                if have[old] <= wanted[old]:
                    overlap -= 1
                have[old] -= 1
        if i >= m - 1 or i == len(t_words) - 1:
            start = max(0, i - m + 1)
            if len(best) < CANDIDATE_WINDOWS or overlap > best[-1][0]:
                best.append((overlap, -start))
                best.sort(reverse=True)
                del best[CANDIDATE_WINDOWS:]
    top_score, top_passage = 0.0, ""
    for count, neg_start in best:
        if count * 2 / (2 * m) < QUOTE_MATCH_THRESHOLD / 2:
            continue  # too few of the quote's words to reach the threshold in any order
        start = -neg_start
        window = t_words[max(0, start - 1) : start + m + 1]
        matcher = SequenceMatcher(None, window, q_words, autojunk=False)
        # The window's edges may hold a word beyond the quote: score the matched stretch only.
        blocks = [b for b in matcher.get_matching_blocks() if b.size]
        if not blocks:
            continue
        lo, hi = blocks[0].a, blocks[-1].a + blocks[-1].size
        matched = sum(b.size for b in blocks)
        score = 2 * matched / ((hi - lo) + m)
        if score > top_score:
            top_score, top_passage = score, " ".join(window[lo:hi])
    return round(min(1.0, top_score), 4), top_passage
