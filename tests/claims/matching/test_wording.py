"""claims.matching.wording: trigram similarity as pg_trgm computes it."""

from __future__ import annotations

import pytest

from claims.matching import trigram_similarity, trigrams


def test_trigram_similarity_agrees_with_pg_trgm_on_a_known_value():
    # SELECT similarity('word', 'two words') = 0.36363637 in PostgreSQL.
    assert trigram_similarity(trigrams("word"), trigrams("two words")) == pytest.approx(
        4 / 11, abs=1e-6
    )
