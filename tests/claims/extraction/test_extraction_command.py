"""`manage.py extract_claims`: JSON lines out, bad input lines reported with their number."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def _run(*args: str) -> tuple[list[dict], str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("extract_claims", *args, stdout=out, stderr=err)
    finally:
        lines = [json.loads(line) for line in out.getvalue().splitlines()]
    return lines, err.getvalue()


def test_plain_text_article_gives_one_json_line_per_claim(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(
        "Photo credit: AFP\nExports rose 4 percent to $1.2 billion, the ministry said.\n",
        encoding="utf-8",
    )
    rows, err = _run(str(path))
    assert err == ""
    (row,) = rows
    assert row["text"] == "Exports rose 4 percent to $1.2 billion, the ministry said."
    assert row["start"] == len("Photo credit: AFP\n")
    assert row["speaker"] == "the ministry"
    assert [(q["text"], q["kind"], q["currency"]) for q in row["quantities"]] == [
        ("4 percent", "percent", None),
        ("$1.2 billion", "money", "USD"),
    ]
    assert set(row) >= {
        "article", "text", "start", "end", "type", "checkworthiness", "signals",
        "quantities", "consistency",
    }  # fmt: skip


def test_bad_jsonl_lines_are_reported_by_number_and_the_rest_processed(tmp_path):
    path = tmp_path / "articles.jsonl"
    path.write_text(
        '{"id": "a1", "title": "t", "body": "The town has 4,200 residents."}\n'
        "this is not json\n"
        '{"id": "a3", "title": "no body"}\n'
        '{"id": "a4", "body": "The port handled 12.4 million containers in 2023."}\n',
        encoding="utf-8",
    )
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="2 line"):
        call_command("extract_claims", "--jsonl", str(path), stdout=out, stderr=err)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["article"] for r in rows] == ["a1", "a4"]
    assert ":2: not JSON" in err.getvalue()
    assert ':3: missing "body"' in err.getvalue()


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        call_command("extract_claims", str(tmp_path / "nope.txt"), stdout=StringIO())
