"""Shortening for display cuts on a word boundary with an ellipsis (factcheck.text.shorten)."""

from __future__ import annotations

import pytest

from factcheck.text import shorten

TITLE = "Port of Easthaven posts a record year as cargo surges past four million containers"


@pytest.mark.parametrize("limit", range(12, len(TITLE) + 5))
def test_a_shortened_title_ends_on_a_whole_word_with_an_ellipsis(limit):
    short = shorten(TITLE, limit)
    assert len(short) <= limit
    if len(TITLE) <= limit:
        assert short == TITLE
    else:
        assert short.endswith("…")
        kept = short.removesuffix("…").split(" ")
        assert kept == TITLE.split(" ")[: len(kept)]  # whole words only


def test_examples():
    assert shorten(TITLE, 30) == "Port of Easthaven posts a…"
    assert shorten("Exports rose, officials said", 20) == "Exports rose…"
    assert shorten("  many   spaces\nand lines ", 40) == "many spaces and lines"
    assert shorten("https://example.com/a/very/long/path/without/spaces", 20) == (
        "https://example.com…"
    )
    assert shorten("", 10) == ""
