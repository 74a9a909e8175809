"""Re-anchoring claim spans from one revision of a body to the next. Plain Python, no Django.

Both bodies are cut into sentences (`iter_sentence_spans`, the extractor's own splitter, line by
line: a newline always ends a sentence, and an unchanged line is split once); each
sentence's text becomes a small integer through one dict (equal sentences compare as equal ints,
so the diff never compares strings), and `difflib.SequenceMatcher` (autojunk off) aligns the two
sequences after the common head and tail are stripped. Then each span:

- lies in sentences the diff kept equal, with the same text at the moved offsets: **current**,
  new offsets;
- touches a sentence that was replaced (or moved out of its equal run), and the replacement is
  similar enough to be the same sentence rewritten: **changed**, the span moves to the new
  sentence(s) and both wordings are returned;
- otherwise (its sentences were deleted): **removed**, no span.

The sentences of the new body that were inserted or rewritten are returned too: the only ones a
re-extraction needs to look at for new claims.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from .sentences import iter_sentence_spans

CURRENT = "current"
CHANGED = "changed"
REMOVED = "removed"
ANCHOR_STATUSES = (CURRENT, CHANGED, REMOVED)

# A replaced sentence is "the same sentence, changed" when this similar to its replacement
# (SequenceMatcher.ratio on characters); below it, the old sentence was removed.
SIMILAR = 0.5
# In a replaced block, an old sentence looks for its replacement among this many new ones after
# the last one paired: a whole rewritten article stays linear, not quadratic.
PAIR_WINDOW = 6


@dataclass(frozen=True)
class Anchor:
    """Where a span of the old body is in the new one."""

    status: str  # CURRENT / CHANGED / REMOVED
    start: int | None = None
    end: int | None = None
    old_sentence: str = ""  # for CHANGED: the old sentence(s) the span was in
    new_sentence: str = ""  # for CHANGED: what stands there now (new[start:end])


@dataclass(frozen=True)
class Reanchoring:
    anchors: list[Anchor]  # one per span given, in order
    new_sentences: list[tuple[int, int]]  # spans of the new body's inserted or rewritten sentences


Lines = dict[str, list[tuple[int, int]]]


def _sentences(text: str, lines: Lines) -> tuple[list[int], list[int]]:
    """The sentences' starts and ends. A newline always ends a sentence, so each line is split
    on its own, once per distinct line (`lines` is shared by both bodies: a revision's unchanged
    paragraphs are not split again)."""
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for line in text.split("\n"):
        spans = lines.get(line)
        if spans is None:
            spans = lines[line] = [(s, e) for s, e, _ in iter_sentence_spans(line)]
        for s, e in spans:
            starts.append(pos + s)
            ends.append(pos + e)
        pos += len(line) + 1
    return starts, ends


def _similar(a: str, b: str) -> float:
    """How alike two sentences are, by words (characters would cost ten times as much)."""
    m = SequenceMatcher(None, a.split(), b.split(), autojunk=False)
    if m.real_quick_ratio() < SIMILAR or m.quick_ratio() < SIMILAR:
        return 0.0
    return m.ratio()


def _align(old_keys: list[int], new_keys: list[int]) -> list[tuple[str, int, int, int, int]]:
    """SequenceMatcher's opcodes, with the common head and tail matched without it."""
    n_old, n_new = len(old_keys), len(new_keys)
    head = 0
    while head < n_old and head < n_new and old_keys[head] == new_keys[head]:
        head += 1
    tail = 0
    while (
        tail < n_old - head
        and tail < n_new - head
        and old_keys[n_old - 1 - tail] == new_keys[n_new - 1 - tail]
    ):
        tail += 1
    ops: list[tuple[str, int, int, int, int]] = []
    if head:
        ops.append(("equal", 0, head, 0, head))
    middle = SequenceMatcher(
        None, old_keys[head : n_old - tail], new_keys[head : n_new - tail], autojunk=False
    )
    for tag, i1, i2, j1, j2 in middle.get_opcodes():
        ops.append((tag, i1 + head, i2 + head, j1 + head, j2 + head))
    if tail:
        ops.append(("equal", n_old - tail, n_old, n_new - tail, n_new))
    return ops


def reanchor(old: str, new: str, spans: Sequence[tuple[int, int]]) -> Reanchoring:
    """Map each `(start, end)` of `old` into `new` (see the module text). Spans are taken as
    given: one outside `old` is treated as its text `old[start:end]`."""
    if old == new:
        return Reanchoring([Anchor(CURRENT, s, e) for s, e in spans], [])
    lines: Lines = {}
    old_starts, old_ends = _sentences(old, lines)
    new_starts, new_ends = _sentences(new, lines)
    ids: dict[str, int] = {}
    old_keys = [
        ids.setdefault(old[s:e], len(ids)) for s, e in zip(old_starts, old_ends, strict=True)
    ]
    new_keys = [
        ids.setdefault(new[s:e], len(ids)) for s, e in zip(new_starts, new_ends, strict=True)
    ]

    # For each old sentence: its new index, and whether it is an equal one (or a rewrite).
    target: list[int | None] = [None] * len(old_keys)
    equal = [False] * len(old_keys)
    fresh: list[int] = []  # new sentences not equal to an old one
    for tag, i1, i2, j1, j2 in _align(old_keys, new_keys):
        if tag == "equal":
            for k in range(i2 - i1):
                target[i1 + k] = j1 + k
                equal[i1 + k] = True
            continue
        fresh.extend(range(j1, j2))
        if tag != "replace":
            continue
        nxt = j1
        for i in range(i1, i2):
            text = old[old_starts[i] : old_ends[i]]
            best, best_j = 0.0, -1
            for j in range(nxt, min(j2, nxt + PAIR_WINDOW)):
                score = _similar(text, new[new_starts[j] : new_ends[j]])
                if score > best:
                    best, best_j = score, j
            if best_j >= 0 and best >= SIMILAR:
                target[i] = best_j
                nxt = best_j + 1

    anchors = [
        _anchor(old, new, s, e, old_starts, old_ends, new_starts, new_ends, target, equal)
        for s, e in spans
    ]
    return Reanchoring(anchors, [(new_starts[j], new_ends[j]) for j in fresh])


def _anchor(
    old: str,
    new: str,
    start: int,
    end: int,
    old_starts: list[int],
    old_ends: list[int],
    new_starts: list[int],
    new_ends: list[int],
    target: list[int | None],
    equal: list[bool],
) -> Anchor:
    # The old sentences the span touches: from the last one starting at or before `start`
    # (or the first) to the last one starting before `end`.
    first = max(0, bisect_right(old_starts, start) - 1)
    if first < len(old_ends) and old_ends[first] <= start:
        first += 1  # the span starts in the gap after that sentence
    last = bisect_right(old_starts, max(start, end - 1)) - 1
    touched = range(first, last + 1)
    text = old[start:end]
    if not touched:
        # Not inside any sentence (blank text, or past the end): found only as it is.
        at = new.find(text) if text.strip() else -1
        if at >= 0:
            return Anchor(CURRENT, at, at + len(text))
        return Anchor(REMOVED)
    if all(equal[i] for i in touched):
        j0 = target[first]
        assert j0 is not None
        if all(target[i] == j0 + (i - first) for i in touched):
            moved = start + new_starts[j0] - old_starts[first]
            if moved >= 0 and new[moved : moved + len(text)] == text:
                return Anchor(CURRENT, moved, moved + len(text))
    mapped = [j for i in touched if (j := target[i]) is not None]
    if not mapped:
        return Anchor(REMOVED)
    new_start, new_end = new_starts[min(mapped)], new_ends[max(mapped)]
    return Anchor(
        CHANGED,
        new_start,
        new_end,
        old_sentence=old[old_starts[first] : old_ends[last]],
        new_sentence=new[new_start:new_end],
    )
