"""Whether two claims are about the same thing: the names they give, the words of their topic,
what their figures count, and the one content word a near-identical rewording swapped."""

from __future__ import annotations

from difflib import SequenceMatcher

from .features import ClaimFeatures
from .vocabulary import GENERIC_STEMS, GENERIC_WORDS, STOPWORDS


def _name_key(word: str) -> str:
    return word[:5]


def names_conflict(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    """Both sides name someone or somewhere, and not one name is shared (prefix match, so
    "Germany" and "German" agree). A name one side has that the other merely mentions in lower
    case counts as shared."""
    na = a.names | ({a.lead} if a.lead else set())
    nb = b.names | ({b.lead} if b.lead else set())
    if not a.names and not b.names:
        # Only sentence-initial capitals: "Acme reported ..." vs "Globex reported ...".
        if a.lead and b.lead and a.lead != b.lead:
            return a.lead not in b.tokens and b.lead not in a.tokens
        return False
    if not na or not nb:
        return False
    keys_a = {_name_key(n) for n in na} | {_name_key(t) for t in a.tokens}
    keys_b = {_name_key(n) for n in nb} | {_name_key(t) for t in b.tokens}
    shared = {_name_key(n) for n in na} & keys_b or {_name_key(n) for n in nb} & keys_a
    if not shared:
        return True
    # Names each side has that the other lacks entirely: "Acme's Texas plant" vs "Acme's Ohio
    # plant" share Acme but name different places.
    only_a = {n for n in a.names if _name_key(n) not in keys_b}
    only_b = {n for n in b.names if _name_key(n) not in keys_a}
    return bool(only_a and only_b)


def subject_similarity(a: ClaimFeatures, b: ClaimFeatures) -> float:
    """Weighted overlap of the topic words: names and counted nouns weigh double."""
    heavy_a = a.names | {f.noun for f in a.figures if f.noun}
    heavy_b = b.names | {f.noun for f in b.figures if f.noun}

    def weight(word: str, heavy: set[str]) -> float:
        return 2.0 if word in heavy else 1.0

    ta = a.topic | heavy_a
    tb = b.topic | heavy_b
    if not ta or not tb:
        return 0.0
    shared = ta & tb
    score_shared = sum(max(weight(w, heavy_a), weight(w, heavy_b)) for w in shared)
    total_a = sum(weight(w, heavy_a) for w in ta)
    total_b = sum(weight(w, heavy_b) for w in tb)
    return min(1.0, score_shared / min(total_a, total_b))


def noun_conflict(a: ClaimFeatures, b: ClaimFeatures) -> str | None:
    """A counted noun on both sides of agreeing figures that differ ("4.2 million containers" vs
    "4.2 million passengers"), unless the other sentence mentions it too."""
    for fa in a.figures:
        for fb in b.figures:
            if (
                fa.noun
                and fb.noun
                and fa.noun != fb.noun
                and fa.agrees(fb)
                and fa.noun not in b.tokens
                and fb.noun not in a.tokens
            ):
                return f"counts {fa.noun} vs {fb.noun}"
    return None


def _content_words(words: list[str]) -> set[str]:
    return {
        w for w in words if w not in STOPWORDS and w not in GENERIC_WORDS and w not in GENERIC_STEMS
    }


def substitution_conflict(a: ClaimFeatures, b: ClaimFeatures) -> str | None:
    """Near-identical sentences that differ in one content word or two: that slot is the
    subject ("licensed taxis" vs "licensed food trucks", "exports" vs "imports"). Numbers are not
    words here (the figure checks judge them), and synonyms were folded by stem_of already."""
    sa, sb = a.sequence, b.sequence
    if not sa or not sb:
        return None
    ops = [
        op for op in SequenceMatcher(None, sa, sb, autojunk=False).get_opcodes() if op[0] != "equal"
    ]
    equal = len(sa) - sum(i2 - i1 for _, i1, i2, _, _ in ops)
    if not ops or len(ops) > 2 or equal < 0.6 * min(len(sa), len(sb)):
        return None
    for tag, i1, i2, j1, j2 in ops:
        if tag != "replace":
            continue
        left = _content_words(sa[i1:i2])
        right = _content_words(sb[j1:j2])
        if left and right and left != right:
            return f"different subject ({' '.join(sorted(left))} vs {' '.join(sorted(right))})"
    return None
