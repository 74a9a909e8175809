"""The re-anchoring engine: spans of one body mapped into its next revision."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from claims.extraction.anchor import CHANGED, CURRENT, REMOVED, reanchor
from claims.extraction.sentences import iter_sentence_spans

OLD = (
    "The economy grew 3 percent in 2023, the ministry said. Unemployment fell to 4 percent.\n"
    "Prices rose 5 percent last year, officials said. The mayor resigned on Monday.\n"
    "Taxes went up by 2 percent in March."
)


def spans_of(text: str, *sentences: str) -> list[tuple[int, int]]:
    out = []
    for s in sentences:
        at = text.index(s)
        out.append((at, at + len(s)))
    return out


def test_unchanged_sentences_move_with_the_text_inserted_before_them():
    new = "A new first sentence was added today. " + OLD
    spans = spans_of(OLD, "Unemployment fell to 4 percent.", "Taxes went up by 2 percent in March.")
    result = reanchor(OLD, new, spans)
    for (s, e), a in zip(spans, result.anchors, strict=True):
        assert a.status == CURRENT
        assert new[a.start : a.end] == OLD[s:e]
        assert a.start == s + len("A new first sentence was added today. ")
    assert [new[s:e] for s, e in result.new_sentences] == ["A new first sentence was added today."]


def test_a_rewritten_sentence_is_changed_with_both_wordings_and_a_deleted_one_removed():
    new = OLD.replace("fell to 4 percent", "fell to 5 percent").replace(
        "Prices rose 5 percent last year, officials said. ", ""
    )
    spans = spans_of(
        OLD, "Unemployment fell to 4 percent.", "Prices rose 5 percent last year, officials said."
    )
    changed, removed = reanchor(OLD, new, spans).anchors
    assert changed.status == CHANGED
    assert changed.old_sentence == "Unemployment fell to 4 percent."
    assert changed.new_sentence == "Unemployment fell to 5 percent."
    assert new[changed.start : changed.end] == "Unemployment fell to 5 percent."
    assert removed.status == REMOVED and removed.start is None and removed.end is None


def test_a_sentence_replaced_by_a_different_one_is_removed_and_the_new_one_is_new():
    new = OLD.replace("The mayor resigned on Monday.", "Nine ships docked in the harbour.")
    result = reanchor(OLD, new, spans_of(OLD, "The mayor resigned on Monday."))
    assert result.anchors[0].status == REMOVED
    assert [new[s:e] for s, e in result.new_sentences] == ["Nine ships docked in the harbour."]


def test_a_part_of_a_sentence_and_a_span_across_sentences_move_too():
    new = "Breaking news.\n" + OLD
    part = spans_of(OLD, "grew 3 percent")[0]
    across = spans_of(OLD, "Prices rose 5 percent last year, officials said. The mayor resigned")[0]
    for anchor, (s, e) in zip(
        reanchor(OLD, new, [part, across]).anchors, [part, across], strict=True
    ):
        assert anchor.status == CURRENT and new[anchor.start : anchor.end] == OLD[s:e]


def test_the_same_body_is_the_same_spans_and_nothing_new():
    spans = spans_of(OLD, "The mayor resigned on Monday.")
    result = reanchor(OLD, OLD, spans)
    assert (
        result.anchors[0].status == CURRENT
        and (result.anchors[0].start, result.anchors[0].end) == spans[0]
    )
    assert result.new_sentences == []


# --- property: whatever the edits, a current span quotes its text in the new body ---------------

WORDS = ["ships", "rose", "the", "port", "4.2", "million", "said", "fell", "Mr.", "percent", "U.S."]


@st.composite
def bodies_and_edits(draw):
    rnd = random.Random(draw(st.integers(0, 2**32)))
    n = draw(st.integers(1, 30))
    sentences = [
        " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(2, 9))).capitalize() + "."
        for _ in range(n)
    ]
    breaks = [rnd.choice([" ", " ", "\n"]) for _ in range(n)]
    old = "".join(s + b for s, b in zip(sentences, breaks, strict=True)).strip()
    edited = list(sentences)
    for _ in range(draw(st.integers(0, 8))):
        op = rnd.choice(["insert", "delete", "edit", "swap"])
        i = rnd.randrange(len(edited) + 1) if op == "insert" else rnd.randrange(max(1, len(edited)))
        if op == "insert":
            edited.insert(i, "Inserted " + rnd.choice(WORDS) + " here.")
        elif not edited:
            continue
        elif op == "delete":
            del edited[i]
        elif op == "edit":
            edited[i] = edited[i].replace(rnd.choice(WORDS), rnd.choice(WORDS), 1) + ""
            edited[i] = edited[i][:-1] + " again."
        else:
            j = rnd.randrange(len(edited))
            edited[i], edited[j] = edited[j], edited[i]
    new = " ".join(edited).strip() or "Empty now."
    # Spans: whole sentences, parts of them, and some across two.
    found = list(iter_sentence_spans(old))
    spans = [(s, e) for s, e, _ in found]
    spans += [(s, min(e, s + 6)) for s, e, _ in found if e - s > 8]
    spans += [(found[k][0], found[k + 1][1]) for k in range(0, len(found) - 1, 3)]
    return old, new, spans


@settings(max_examples=300, deadline=None)
@given(bodies_and_edits())
def test_every_current_span_indexes_its_text_in_the_new_body(case):
    old, new, spans = case
    result = reanchor(old, new, spans)
    assert len(result.anchors) == len(spans)
    for (s, e), a in zip(spans, result.anchors, strict=True):
        if a.status == CURRENT:
            assert new[a.start : a.end] == old[s:e]
        elif a.status == CHANGED:
            assert 0 <= a.start < a.end <= len(new)
            assert new[a.start : a.end] == a.new_sentence
        else:
            assert a.status == REMOVED and a.start is None and a.end is None
    for s, e in result.new_sentences:
        assert new[s:e].strip() == new[s:e] and new[s:e]


def test_a_long_article_re_anchors_every_untouched_sentence():
    sentences = [f"Sentence {i} says the port handled {i} ships." for i in range(3000)]
    old = " ".join(sentences)
    edited = [*sentences[:1000], "A paragraph was added.", *sentences[1000:2000], *sentences[2001:]]
    new = " ".join(edited)
    spans = [(m, m + len(s)) for m, s in zip(_offsets(sentences), sentences, strict=True)]
    result = reanchor(old, new, spans)
    statuses = [a.status for a in result.anchors]
    assert statuses.count(REMOVED) == 1 and statuses[2000] == REMOVED
    assert statuses.count(CURRENT) == 2999


def _offsets(sentences):
    pos = 0
    for s in sentences:
        yield pos
        pos += len(s) + 1
