"""The five seed articles (read in place from ../shared/corpus) and their hand-checked figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claims.extraction import extract

# `corpus_dir` (tests/conftest.py) skips on a checkout without shared/ beside it and fails under
# CI, which has it.


def _articles(corpus: Path) -> dict[str, str]:
    with (corpus / "seed_articles.jsonl").open(encoding="utf-8") as fh:
        return {a["id"]: a["body"] for a in map(json.loads, fh)}


def _gold(corpus: Path) -> dict[str, list[list]]:
    return json.loads((corpus / "seed_gold.json").read_text(encoding="utf-8"))["gold"]


def test_every_gold_figure_is_found_with_the_right_kind(corpus_dir):
    articles = _articles(corpus_dir)
    missing = []
    for article_id, figures in _gold(corpus_dir).items():
        found = [(q.value, q.kind) for c in extract(articles[article_id]) for q in c.quantities]
        for value, kind in figures:
            if not any(v == pytest.approx(value) and k == kind for v, k in found):
                missing.append((article_id, value, kind))
    assert missing == []


def test_seed_claims_have_exact_spans_and_furniture_is_dropped(corpus_dir):
    for body in _articles(corpus_dir).values():
        for claim in extract(body):
            assert body[claim.start : claim.end] == claim.text
            assert not claim.text.startswith("Photo credit")
            for q in claim.quantities:
                assert body[q.start : q.end] == q.text


def test_tsmc_drop_and_percentage_are_found_consistent(corpus_dir):
    body = _articles(corpus_dir)["tsmc-shareholders"]
    checks = [k for c in extract(body) for k in c.consistency]
    assert [(k.kind, k.status) for k in checks] == [("change_percent", "consistent")]


def test_tesla_attribution_to_tao(corpus_dir):
    body = _articles(corpus_dir)["tesla-musk-beijing"]
    (claim,) = [c for c in extract(body) if c.text.endswith("Tao said.")]
    assert claim.speaker == "Tao"
