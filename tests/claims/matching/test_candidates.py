"""claims.matching.candidates: the words and tsqueries the candidate queries look for."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from claims.matching import (
    rarest_lexemes,
    related_words,
    tsquery_any,
    tsquery_at_least,
    tsquery_first_and_any,
)


def test_the_rarest_lexemes_come_first_and_numbers_are_left_out():
    lexemes = ["said", "acm", "revenu", "2023", "4.2", "billion"]
    frequencies = {"said": 0.6, "revenu": 0.03, "billion": 0.05}
    # "acm" is not among the common lexemes the statistics list: rarer than all of them.
    assert rarest_lexemes(lexemes, frequencies, 3) == ["acm", "revenu", "billion"]
    # No statistics yet: the longest words count as the rarest.
    assert rarest_lexemes(lexemes, {}, 2) == ["billion", "revenu"]


def test_related_words_bring_the_other_wordings_of_a_subject():
    words = related_words("German sales rose 4%.")
    assert {"germany", "german", "revenue", "sales", "turnover"} <= set(words)
    assert related_words("The bridge opens in 2026.") == []


def test_tsqueries_quote_each_lexeme():
    assert tsquery_any(["acm", "o'neil"]) == "'acm' | 'o''neil'"
    assert tsquery_at_least(["a", "b", "c"], 3) == "('a' & 'b' & 'c')"
    assert tsquery_at_least(["a", "b", "c"], 2) == "('a' & 'b') | ('a' & 'c') | ('b' & 'c')"
    assert tsquery_first_and_any(["a", "b", "c"]) == "('a' & 'b') | ('a' & 'c')"
    assert tsquery_first_and_any(["a"]) == "'a'"


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(alphabet="ab19.'-é ", max_size=6), max_size=12),
    st.integers(min_value=0, max_value=5),
)
def test_the_rarest_lexemes_are_words_of_the_claim_each_with_a_letter(lexemes, count):
    rarest = rarest_lexemes(lexemes, {}, count)
    assert len(rarest) == len(set(rarest)) <= count
    assert set(rarest) <= set(lexemes)
    assert all(w[0].isalpha() and w.isascii() and " " not in w for w in rarest)
