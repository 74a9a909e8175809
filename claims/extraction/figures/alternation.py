"""Alternations of many literal words, written as a trie so that `re` reads each character once.

`re` tries the branches of "dollars|dollar|pounds|..." one after the other at every position it
tries; under IGNORECASE a hundred words cost a hundred comparisons where the text has none of
them. The same words as a trie ("d(?:ollars?|ong)|p(?:ounds?|esos?)|...") branch on the first
character. The matches are the same: the words that match at one position are prefixes of each
other, and the trie tries them longest first, as the length-sorted alternation does, also when
what follows the alternation fails and `re` backtracks into it."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

_END = ""
_Trie = dict[str, "_Trie"]


def longest_first(words: Iterable[str]) -> str:
    """A pattern (no capturing group) that matches what the alternation of `words` (literal
    text, not patterns), sorted longest first, matches, with the same backtracking order, with
    or without IGNORECASE. ValueError if two words differ only in letters that IGNORECASE
    equates at the same place ("Us", "us"): write them once."""
    trie: _Trie = {}
    for w in words:
        if not w:
            raise ValueError("an empty word")
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[_END] = {}
    return _node_pattern(trie)


@functools.cache
def _folded(ch: str) -> re.Pattern[str]:
    return re.compile(re.escape(ch), re.IGNORECASE)


def _node_pattern(node: _Trie) -> str:
    chars = sorted(ch for ch in node if ch != _END)
    for i, a in enumerate(chars):
        for b in chars[i + 1 :]:
            if _folded(a).fullmatch(b):
                # Both branches could match one character of the text: a word of the second
                # would be tried after the shorter words of the first.
                raise ValueError(f"{a!r} and {b!r} are the same letter under IGNORECASE")
    branches = [re.escape(ch) + _node_pattern(node[ch]) for ch in chars]
    if not branches:
        return ""
    optional = _END in node  # a word ends here: tried after every longer one
    if len(branches) == 1 and not optional:
        return branches[0]
    body = (
        branches[0] if len(branches) == 1 and len(branches[0]) == 1 else f"(?:{'|'.join(branches)})"
    )
    return body + ("?" if optional else "")
