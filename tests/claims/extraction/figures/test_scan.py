"""`find_quantities`: every labelled figure, with exact offsets."""

from __future__ import annotations

import pytest

from claims.extraction import (
    extract,
    find_quantities,
)
from tests.claims.extraction.cases import (
    FIGURE_CASES,
)


@pytest.mark.parametrize(("sentence", "expected"), FIGURE_CASES, ids=lambda c: str(c)[:40])
def test_each_labelled_figure_is_found_with_its_value_and_kind(sentence, expected):
    found = {q.text: q for q in find_quantities(sentence)}
    for text, value, kind, attrs in expected:
        assert text in found, f"{text!r} not found in {sorted(found)}"
        q = found[text]
        assert sentence[q.start : q.end] == text
        assert q.value == pytest.approx(value)
        assert q.kind == kind
        for name, want in attrs.items():
            assert getattr(q, name) == want, f"{text!r}.{name}"


def test_figures_keep_offsets_into_the_whole_article():
    body = "First paragraph with nothing.\nSecond paragraph: exports rose 7.5 percent in May."
    (claim,) = [c for c in extract(body) if c.quantities]
    q = claim.quantities[0]
    assert body[q.start : q.end] == "7.5 percent"
    assert body[claim.start : claim.end] == claim.text
