"""Fractions written with a fraction character ("½", "2¾")."""

from __future__ import annotations

from hypothesis import example, given, settings

from claims.extraction.figures.fractions import VULGAR, VULGAR_RE, vulgar_re_may_match
from tests.claims.extraction.text_strategies import biased_text


# The engine passes the lower-cased sentence: an ASCII one is taken to hold no fraction character.
@settings(max_examples=300, deadline=None)
@example("About 2\u00bd cups, or \u00be of the \u212aelvin mix.")
@given(biased_text([*VULGAR, "2", "of", "\u212a", "\u0130", "cups"]))
def test_vulgar_re_may_match_is_false_only_where_the_regex_finds_no_fraction(text):
    for start, end in ((0, len(text)), (1, max(1, len(text) - 1)), (len(text) // 2, len(text))):
        for lowered in (None, text[start:end].lower()):
            if not vulgar_re_may_match(text, start, end, lowered):
                assert VULGAR_RE.search(text, start, end) is None
