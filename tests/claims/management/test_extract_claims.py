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


def test_a_line_that_is_not_utf8_is_reported_and_the_rest_of_the_file_processed(tmp_path):
    path = tmp_path / "articles.jsonl"
    path.write_bytes(
        b'{"id": "a1", "body": "The town has 4,200 residents."}\n'
        b'{"id": "a2", "body": "Caf\xe9 prices rose 12 percent."}\n'
        b'{"id": "a3", "body": "The port handled 12.4 million containers in 2023."}\n'
    )
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="1 line"):
        call_command("extract_claims", "--jsonl", str(path), stdout=out, stderr=err)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["article"] for r in rows] == ["a1", "a3"]
    assert f"{path}:2: not UTF-8" in err.getvalue()


def test_a_plain_text_article_with_a_bad_byte_is_still_extracted_and_the_line_named(tmp_path):
    path = tmp_path / "article.txt"
    path.write_bytes(b"Intro line.\nThe caf\xe9 sold 3,000 cups in May.\n")
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="1 line"):
        call_command("extract_claims", str(path), stdout=out, stderr=err)
    (row,) = [json.loads(line) for line in out.getvalue().splitlines()]
    assert row["text"] == "The caf\ufffd sold 3,000 cups in May."
    assert f"{path}:2: not UTF-8 (byte 0xe9" in err.getvalue()


def test_an_article_the_engine_fails_on_does_not_stop_the_others(tmp_path, monkeypatch):
    from claims.management.commands import extract_claims as command

    real = command.extract

    def flaky(body):
        if "boom" in body:
            raise OverflowError("int too large to convert to float")
        return real(body)

    monkeypatch.setattr(command, "extract", flaky)
    path = tmp_path / "articles.jsonl"
    path.write_text(
        '{"id": "a1", "body": "boom: it cost 999 trillion."}\n'
        '{"id": "a2", "body": "The port handled 12.4 million containers in 2023."}\n',
        encoding="utf-8",
    )
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="1 line"):
        call_command("extract_claims", "--jsonl", str(path), stdout=out, stderr=err)
    assert [json.loads(line)["article"] for line in out.getvalue().splitlines()] == ["a2"]
    assert ":1: extraction failed (OverflowError" in err.getvalue()


def test_a_huge_number_in_an_article_is_not_a_traceback(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text("It cost $" + "9" * 400 + " trillion, the report said.\n", encoding="utf-8")
    rows, err = _run(str(path))
    assert err == ""
    assert all(q["value"] < 1e30 for r in rows for q in r["quantities"])
