"""claims.matching.wording: trigram similarity as pg_trgm computes it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.matching import trigram_similarity, trigrams


def test_trigram_similarity_agrees_with_pg_trgm_on_a_known_value():
    # SELECT similarity('word', 'two words') = 0.36363637 in PostgreSQL.
    assert trigram_similarity(trigrams("word"), trigrams("two words")) == pytest.approx(
        4 / 11, abs=1e-6
    )


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80), st.text(max_size=80))
def test_trigram_similarity_is_symmetric_bounded_and_one_for_the_same_text(a, b):
    ta, tb = trigrams(a), trigrams(b)
    assert trigram_similarity(ta, tb) == trigram_similarity(tb, ta)
    assert 0.0 <= trigram_similarity(ta, tb) <= 1.0
    assert trigram_similarity(ta, ta) == (1.0 if ta else 0.0)
