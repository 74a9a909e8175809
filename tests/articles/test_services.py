"""The import service and `import_articles`: every format, every kind of bad input, dedupe."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article, ArticleExtraction, ImportBatch
from articles.readers import read_sources
from articles.services import article_import
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

BODY = (
    "The council approved 1,200 new homes on Tuesday, the mayor said.\n\n"
    "The plan will cost 40 million euros over four years."
)


def write(path: Path, content: str | bytes) -> Path:
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def jsonl(*rows: dict) -> str:
    return "".join(json.dumps(r) + "\n" for r in rows)


def run(*paths: Path | str) -> tuple[int, str, str]:
    """import_articles as a user runs it: (exit status, stdout, stderr)."""
    import io

    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_articles", *map(str, paths), stdout=out, stderr=err)
        status = 0
    except SystemExit as exc:
        status = int(exc.code or 0)
    return status, out.getvalue(), err.getvalue()


# --- formats ----------------------------------------------------------------------------------


def test_jsonl_imports_every_field(tmp_path):
    path = write(
        tmp_path / "a.jsonl",
        jsonl(
            {
                "url": "https://news.example/homes?utm_source=x#top",
                "title": "Council approves homes",
                "body": BODY,
                "outlet": "Gazette",
                "authors": ["A. Writer", "B. Editor"],
                "published_at": "2024-05-03T08:00:00Z",
                "language": "EN",
            }
        ),
    )
    status, out, err = run(path)
    assert (status, err) == (0, "")
    assert out.startswith("1 created, 0 updated, 0 unchanged, 0 failed (import #")
    a = Article.objects.get()
    assert a.url == "https://news.example/homes"  # tracking parameters and fragment dropped
    assert (a.title, a.outlet, a.authors, a.language) == (
        "Council approves homes",
        "Gazette",
        ["A. Writer", "B. Editor"],
        "en",
    )
    assert a.published_at.isoformat() == "2024-05-03T08:00:00+00:00"
    assert a.body == BODY
    assert a.extraction_status == "pending" and a.extraction_queued_at is not None
    assert a.import_batch.origin == ImportBatch.Origin.COMMAND_LINE
    assert a.import_batch.created_count == 1


def test_json_object_and_list_and_text_or_content_as_body(tmp_path):
    one = write(tmp_path / "one.json", json.dumps({"title": "One", "text": BODY}))
    many = write(
        tmp_path / "many.json",
        json.dumps([{"title": "Two", "content": BODY + " Two."}, {"title": "Three", "body": BODY}]),
    )
    status, out, _ = run(one, many)
    assert status == 0 and out.startswith("3 created")
    assert sorted(Article.objects.values_list("title", flat=True)) == ["One", "Three", "Two"]


def test_csv_with_header_row_and_quoted_newlines(tmp_path):
    path = write(
        tmp_path / "a.csv",
        "\ufefftitle,body,published_at,authors\n"
        f'"Homes, approved","{BODY}","Fri, 03 May 2024 08:00:00 GMT","A. Writer; B. Editor"\n',
    )
    status, out, _ = run(path)
    assert status == 0 and out.startswith("1 created")
    a = Article.objects.get()
    assert a.title == "Homes, approved" and a.body == BODY
    assert a.published_at.isoformat() == "2024-05-03T08:00:00+00:00"  # RFC 2822
    assert a.authors == ["A. Writer", "B. Editor"]


RSS = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Harbour Times</title><language>en-gb</language>
<item><title>Port record</title><link>https://harbour.example/record</link>
<pubDate>Sat, 03 Feb 2024 07:15:00 GMT</pubDate><author>desk@harbour.example (Port Desk)</author>
<description>&lt;p&gt;The port handled 4.2 million containers last year.&lt;/p&gt;
&lt;script&gt;steal()&lt;/script&gt;</description></item>
<item><title>Quay opens</title><link>https://harbour.example/quay</link>
<description>The new northern quay opened on Monday with room for 12 ships.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Valley Post</title>
<entry><title>Dam finished</title><link href="https://valley.example/dam"/>
<updated>2024-03-01T10:00:00Z</updated><author><name>R. Reporter</name></author>
<content type="html">&lt;p&gt;The dam holds 60,000 megalitres, the utility said.&lt;/p&gt;
</content></entry>
</feed>"""


def test_rss_and_atom_feeds(tmp_path):
    status, out, _ = run(write(tmp_path / "a.rss", RSS), write(tmp_path / "b.atom", ATOM))
    assert status == 0 and out.startswith("3 created")
    record = Article.objects.get(url="https://harbour.example/record")
    assert record.outlet == "Harbour Times" and record.language == "en-gb"
    assert record.body == "The port handled 4.2 million containers last year."  # no script
    assert record.published_at.isoformat() == "2024-02-03T07:15:00+00:00"
    dam = Article.objects.get(url="https://valley.example/dam")
    assert (dam.outlet, dam.authors, dam.body) == (
        "Valley Post",
        ["R. Reporter"],
        "The dam holds 60,000 megalitres, the utility said.",
    )


PAGE = """<html><head><title>Bridge | Gazette</title>
<meta property="og:site_name" content="Gazette"><link rel="canonical" href="https://gazette.example/bridge">
<meta name="author" content="C. Columnist"></head>
<body><nav>Home | News | Sport</nav><article><h1>Bridge reopens</h1>
<p>The river bridge reopened on Monday after repairs that cost 3.5 million pounds,
the council said.</p>
<script>document.write('tracker')</script>
<p>About 18,000 vehicles cross it every day, according to the highways agency figures.</p>
</article><footer>Advertisement</footer></body></html>"""


def test_html_page_main_text_via_trafilatura(tmp_path):
    status, out, _ = run(write(tmp_path / "bridge.html", PAGE))
    assert status == 0 and out.startswith("1 created")
    a = Article.objects.get()
    assert a.url == "https://gazette.example/bridge"
    assert a.outlet == "Gazette"
    assert "3.5 million pounds" in a.body and "18,000 vehicles" in a.body
    assert "tracker" not in a.body and "Sport" not in a.body


def test_folders_are_read_recursively(tmp_path):
    (tmp_path / "sub").mkdir()
    write(tmp_path / "a.jsonl", jsonl({"title": "A", "body": BODY}))
    write(tmp_path / "sub" / "b.json", json.dumps({"title": "B", "body": BODY}))
    write(tmp_path / "notes.txt", "ignored: not an article format")
    status, out, _ = run(tmp_path)
    assert status == 0 and out.startswith("2 created")


def test_shared_corpus_imports_cleanly(corpus_dir):
    status, out, err = run(corpus_dir / "seed_articles.jsonl")
    assert (status, err) == (0, "")
    assert out.startswith("5 created")
    assert Article.objects.filter(body__contains="1.88 million").exists()


# --- bad input: reported with file, line and field; the rest still imports ---------------------


def test_each_bad_row_is_named_and_the_rest_imports(tmp_path, settings):
    settings.FACTCHECK_MAX_BODY_CHARS = 1000
    lines = [
        json.dumps({"title": "Good one", "body": BODY}).encode(),
        json.dumps({"title": "No body"}).encode(),
        json.dumps(
            {"title": "Bad date", "body": BODY + " x", "published_at": "last Tuesday"}
        ).encode(),
        b'{"title": "Latin-1", "body": "caf\xe9 prices rose 4 percent"}',
        b'{"title": "Broken JSON", "body": ',
        json.dumps({"title": "Too long", "body": "word " * 400}).encode(),
        json.dumps(["not", "an", "object"]).encode(),
        json.dumps({"title": "Bad url", "url": "ftp://x", "body": BODY + " y"}).encode(),
        json.dumps({"title": "Good two", "body": BODY + " More."}).encode(),
    ]
    path = write(tmp_path / "mixed.jsonl", b"\n".join(lines) + b"\n")
    status, out, err = run(path)
    assert status == 1
    assert out.startswith("2 created, 0 updated, 0 unchanged, 7 failed")
    errors = err.strip().splitlines()
    assert errors == [
        f"{path}, line 2, body: is missing or empty (give `body`, `text` or `content`)",
        f"{path}, line 3, published_at: cannot read 'last Tuesday' as a date (use ISO 8601, "
        "e.g. 2024-05-03T08:00:00Z, or RFC 2822, e.g. Fri, 03 May 2024 08:00:00 GMT)",
        f"{path}, line 4: not valid UTF-8 (byte 0xe9 at position 34)",
        f"{path}, line 5: not JSON: Expecting value (column 34)",
        f"{path}, line 6, body: is 1,999 characters long; the limit is 1,000 "
        "(FACTCHECK_MAX_BODY_CHARS)",
        f"{path}, line 7: expected a JSON object, got list",
        f"{path}, line 8, url: 'ftp://x' is not an http(s) URL",
    ]
    assert sorted(Article.objects.values_list("title", flat=True)) == ["Good one", "Good two"]
    batch = ImportBatch.objects.get()
    assert (batch.created_count, batch.failed_count) == (2, 7)
    assert batch.errors[0] == {
        "source": str(path),
        "location": "line 2",
        "field": "body",
        "message": "is missing or empty (give `body`, `text` or `content`)",
    }


def test_html_body_is_stored_as_plain_text_without_scripts(tmp_path):
    body = (
        "<p>Rents rose 7 percent in 2023 &amp; 2024.</p><script>alert('x')</script>"
        "<style>p{color:red}</style><p onclick='evil()'>Wages rose 3 percent.</p>"
    )
    status, _, _ = run(
        write(tmp_path / "a.json", json.dumps({"title": "<b>Rents</b>", "body": body}))
    )
    assert status == 0
    a = Article.objects.get()
    assert a.body == "Rents rose 7 percent in 2023 & 2024.\n\nWages rose 3 percent."
    assert a.title == "Rents"


def test_csv_cell_that_is_not_utf8_fails_that_row_only(tmp_path):
    content = (
        b"title,body\nGood,The mill employs 300 people in the valley.\nBad,caf\xe9 sales fell\n"
    )
    path = write(tmp_path / "a.csv", content)
    status, out, err = run(path)
    assert status == 1 and out.startswith("1 created, 0 updated, 0 unchanged, 1 failed")
    assert err.strip() == f"{path}, row 3, body: not valid UTF-8"


def test_unknown_file_type_and_missing_file_are_reported(tmp_path):
    status, out, err = run(write(tmp_path / "a.pdf", b"%PDF"), tmp_path / "nope.jsonl")
    assert status == 1 and "2 failed" in out
    assert f"{tmp_path / 'a.pdf'}: unsupported file type .pdf" in err
    assert f"{tmp_path / 'nope.jsonl'}: no such file or folder" in err


def test_not_a_feed_is_reported(tmp_path):
    status, _, err = run(write(tmp_path / "a.xml", "<html>not a feed</html>"))
    assert status == 1 and "not an RSS or Atom feed with items" in err


# --- dedupe and updates -----------------------------------------------------------------------


def test_importing_twice_creates_nothing_new(tmp_path):
    path = write(
        tmp_path / "a.jsonl",
        jsonl(
            {"url": "https://n.example/1", "title": "One", "body": BODY},
            {"title": "No url", "body": BODY},
        ),
    )
    assert run(path)[1].startswith("2 created")
    assert run(path)[1].startswith("0 created, 0 updated, 2 unchanged, 0 failed")
    assert Article.objects.count() == 2


def test_same_text_without_url_is_one_article_whatever_the_whitespace(tmp_path):
    write(tmp_path / "a.jsonl", jsonl({"title": "T", "body": "Prices rose 5 percent.\n"}))
    write(tmp_path / "b.jsonl", jsonl({"title": "T ", "body": "Prices  rose 5 percent.\r\n"}))
    run(tmp_path / "a.jsonl")
    assert run(tmp_path / "b.jsonl")[1].startswith("0 created, 0 updated, 1 unchanged")


def test_changed_body_at_same_url_updates_and_queues_extraction_again(tmp_path):
    article = ArticleFactory(url="https://n.example/1", body="Old text about 3 ships.")
    ArticleExtraction.objects.filter(pk=article.pk).update(status="done")
    path = write(
        tmp_path / "a.jsonl",
        jsonl({"url": "https://n.example/1?utm_medium=rss", "title": article.title, "body": BODY}),
    )
    status, out, _ = run(path)
    assert status == 0 and out.startswith("0 created, 1 updated")
    article.refresh_from_db()
    assert article.body == BODY and article.extraction_status == "pending"


def test_metadata_change_updates_without_new_extraction(tmp_path):
    article = ArticleFactory(url="https://n.example/1", outlet="Old outlet")
    ArticleExtraction.objects.filter(pk=article.pk).update(status="done")
    row = {"url": article.url, "title": article.title, "body": article.body, "outlet": "New"}
    assert run(write(tmp_path / "a.jsonl", jsonl(row)))[1].startswith("0 created, 1 updated")
    article.refresh_from_db()
    assert (article.outlet, article.extraction_status) == ("New", "done")


def test_the_same_article_twice_in_one_file_is_created_once(tmp_path):
    row = {"url": "https://n.example/1", "title": "T", "body": BODY}
    changed = {**row, "body": BODY + " Updated."}
    status, out, _ = run(write(tmp_path / "a.jsonl", jsonl(row, row, changed)))
    assert status == 0 and out.startswith("1 created, 1 updated, 1 unchanged")
    assert Article.objects.get().body.endswith("Updated.")


def test_batches_are_written_as_they_go(tmp_path):
    rows = [{"title": f"A{i}", "body": f"{BODY} Number {i}."} for i in range(7)]
    result = article_import(
        rows=read_sources([str(write(tmp_path / "a.jsonl", jsonl(*rows)))]),
        origin=ImportBatch.Origin.COMMAND_LINE,
        batch_size=3,
        collect_items=True,
    )
    assert (result.created, result.failed) == (7, 0)
    assert [i.outcome for i in result.items] == ["created"] * 7
    assert Article.objects.count() == 7


@pytest.mark.django_db(transaction=True)
def test_parallel_writers_keep_dedupe_counts_and_the_later_row_wins(tmp_path, monkeypatch):
    """Outside a transaction, batches go to two writer connections at once."""
    import articles.services

    queued: list[int] = []  # not sent: a live worker would still be extracting at teardown
    monkeypatch.setattr(
        articles.services,
        "extraction_requested_on_commit",
        lambda ids, publisher: queued.extend(ids),
    )
    first = []
    for i in range(40):
        first.append({"url": f"https://n.example/{i}", "title": f"T{i}", "body": f"{BODY} {i}."})
        first.append({"title": f"No url {i}", "body": f"{BODY} {i}."})
    later = [
        {"url": f"https://n.example/{i}?utm_source=x", "title": f"T{i}", "body": f"{BODY} v2."}
        for i in range(0, 40, 2)
    ]
    path = write(tmp_path / "a.jsonl", jsonl(*first, *later, first[1], first[0]))
    result = article_import(
        rows=read_sources([str(path)]),
        origin=ImportBatch.Origin.COMMAND_LINE,
        batch_size=7,
        writers=2,
        collect_items=True,
    )
    assert (result.created, result.updated, result.unchanged, result.failed) == (80, 21, 1, 0)
    assert [i.outcome for i in result.items[-2:]] == ["unchanged", "updated"]
    assert Article.objects.count() == 80
    bodies = dict(Article.objects.filter(url__isnull=False).values_list("url", "body"))
    assert bodies["https://n.example/0"] == f"{BODY} 0."  # the last row for it came last
    assert bodies["https://n.example/2"] == f"{BODY} v2."
    assert bodies["https://n.example/3"] == f"{BODY} 3."
    ids = [i.article_id for i in result.items]
    assert len(set(ids[:80])) == 80 and ids[-1] == ids[0]  # one article per url, per text
    # Every new article is queued once; a changed one again if it was already committed.
    assert 80 <= result.enqueued == len(queued) <= 101
    assert set(queued) == set(ids)
