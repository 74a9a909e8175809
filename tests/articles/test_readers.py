"""Readers lose nothing silently: every row in is imported or reported (with its line), and a
feed is fetched only through the outbound guard."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article, ImportBatch
from articles.readers import RawRow, fetch_feed, read_csv, read_sources
from tests.factcheck.test_outbound import LocalServer, reply
from tests.factories import ReviewerFactory

ROWS = 100
QUOTE_LINE = 4  # data row 3: the header is line 1


def run(*sources: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_articles", *map(str, sources), stdout=out, stderr=err)
        status = 0
    except SystemExit as exc:
        status = int(exc.code or 0)
    return status, out.getvalue(), err.getvalue()


def desk_csv(path: Path, *, quoted_bodies: bool, broken_line: int = QUOTE_LINE) -> Path:
    """A header and ROWS articles, one per line; the row on `broken_line` opens a quote it
    never closes."""
    lines = ["title,body"]
    for n in range(1, ROWS + 1):
        body = f"The quay has {n} berths and {n * 3} cranes."
        lines.append(f'Quay {n},"{body}"' if quoted_bodies else f"Quay {n},{body}")
    lines[broken_line - 1] = f'Quay {broken_line - 1},"The quay has berths and a quote'
    path.write_text("\n".join(lines) + "\n")
    return path


def errors_of(rows: list[RawRow]) -> list[str]:
    return [f"{r.location}: {r.error}" for r in rows if r.error is not None]


# --- CSV: a quote never closed -------------------------------------------------------------


def test_an_unclosed_quote_names_every_line_it_swallowed(tmp_path):
    rows = list(read_csv(desk_csv(tmp_path / "desk.csv", quoted_bodies=False)))
    readable = [r for r in rows if r.error is None]
    errors = errors_of(rows)
    assert len(readable) + len(errors) == ROWS
    assert [r.data["title"] for r in readable] == ["Quay 1", "Quay 2"]
    assert errors[0] == (
        "row 4: unreadable CSV: a quote in this row (line 4) is never closed;"
        " lines 4-101 not imported"
    )
    assert errors[1:] == [
        f"line {n}: not imported: inside the quote left open in row 4 (line 4)"
        for n in range(5, 102)
    ]


@pytest.mark.django_db
def test_the_unclosed_quote_file_of_100_rows_is_all_imported_or_reported(tmp_path):
    path = desk_csv(tmp_path / "desk.csv", quoted_bodies=False)
    status, out, err = run(path)
    assert status == 1 and out.startswith("2 created, 0 updated, 0 unchanged, 98 failed")
    batch = ImportBatch.objects.get()
    assert batch.created_count + batch.failed_count == ROWS
    assert err.splitlines()[0] == (
        f"{path}, row 4: unreadable CSV: a quote in this row (line 4) is never closed;"
        " lines 4-101 not imported"
    )
    shown = err.splitlines()
    assert shown[1] == f"{path}, line 5: not imported: inside the quote left open in row 4 (line 4)"
    assert shown[50:] == [
        f"... and 48 more errors (all are listed on import #{batch.pk} in the admin)"
    ]
    assert [e["location"] for e in batch.errors] == ["row 4"] + [f"line {n}" for n in range(5, 102)]


@pytest.mark.django_db
def test_an_unclosed_quote_closed_by_the_next_rows_quote_loses_only_those_lines(tmp_path):
    """With quoted bodies the stray quote pairs with the next row's opening quote: the csv
    module then stops at the character after it. Both lines are reported; the rest imports."""
    path = desk_csv(tmp_path / "desk.csv", quoted_bodies=True)
    status, out, err = run(path)
    assert status == 1 and out.startswith("98 created, 0 updated, 0 unchanged, 2 failed")
    assert err.strip().splitlines() == [
        f"{path}, row 4: unreadable CSV: ',' expected after '\"', after a quoted cell ran from"
        " line 4 to line 5; lines 4-5 not imported",
        f"{path}, line 5: not imported: inside the quote left open in row 4 (line 4)",
    ]
    titles = set(Article.objects.values_list("title", flat=True))
    assert len(titles) == 98 and not titles & {"Quay 3", "Quay 4"}


def test_blank_lines_swallowed_by_an_unclosed_quote_are_not_counted_as_rows(tmp_path):
    path = tmp_path / "desk.csv"
    path.write_text('title,body\nA,"opens\n\nB,b\n\nC,c\n')
    assert errors_of(list(read_csv(path))) == [
        "row 2: unreadable CSV: a quote in this row (line 2) is never closed;"
        " lines 2-6 not imported",
        "line 4: not imported: inside the quote left open in row 2 (line 2)",
        "line 6: not imported: inside the quote left open in row 2 (line 2)",
    ]


def test_a_quote_never_closed_on_the_last_line_is_one_error_as_before(tmp_path):
    path = tmp_path / "desk.csv"
    path.write_text('title,body\nA,a\n"Never closed,The rest of the file\n')
    assert errors_of(list(read_csv(path))) == ["row 3: unreadable CSV: unexpected end of data"]


def test_stray_quotes_mid_field_still_read_as_before(tmp_path):
    path = tmp_path / "desk.csv"
    path.write_text(
        "title,body\n"
        'The "Harbour" report,The port has 9 cranes.\n'  # quotes inside a bare cell: kept
        '"Stray"quote,The dam holds 60 megalitres.\n'  # text after a closing quote: that row
        'Multi,"The mill has\n300 staff."\n'  # a quoted cell over two lines: one row
        "Last,The bridge carries 18 cars.\n"
    )
    rows = list(read_csv(path))
    assert [(r.location, r.data) for r in rows if r.error is None] == [
        ("row 2", {"title": 'The "Harbour" report', "body": "The port has 9 cranes."}),
        ("row 4", {"title": "Multi", "body": "The mill has\n300 staff."}),
        ("row 5", {"title": "Last", "body": "The bridge carries 18 cars."}),
    ]
    assert errors_of(rows) == ["row 3: unreadable CSV: ',' expected after '\"'"]


@pytest.mark.django_db
def test_the_upload_page_lists_the_lines_an_unclosed_quote_took(client, tmp_path):
    client.force_login(ReviewerFactory())
    content = desk_csv(tmp_path / "desk.csv", quoted_bodies=False).read_bytes()
    response = client.post(
        reverse("admin:articles_article_import"),
        {"uploads": [SimpleUploadedFile("desk.csv", content)]},
        follow=True,
    )
    html = response.content.decode()
    assert "Imported: 2 created, 0 updated, 0 unchanged, 98 failed" in html
    assert "<td>desk.csv</td><td>row 4</td><td></td><td>unreadable CSV: a quote in this row" in html
    assert "<td>line 101</td>" in html


# --- empty files among others --------------------------------------------------------------


@pytest.mark.django_db
def test_an_empty_file_of_any_type_is_reported_and_the_other_files_import(tmp_path):
    empties = []
    for name in ("empty.csv", "empty.jsonl", "empty.json", "empty.rss", "empty.html"):
        empties.append(tmp_path / name)
        empties[-1].write_bytes(b"")
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"title": "Good", "body": "The port has 9 cranes."}) + "\n")
    status, out, err = run(*empties[:3], good, *empties[3:])
    assert status == 1 and out.startswith("1 created, 0 updated, 0 unchanged, 5 failed")
    lines = err.strip().splitlines()
    assert len(lines) == 5
    for path, line in zip(empties, lines, strict=True):
        assert line.startswith(f"{path}")
    assert lines[0] == f"{empties[0]}: empty file: expected a header row"
    assert lines[1] == f"{empties[1]}: empty file: no JSON lines"
    assert list(Article.objects.values_list("title", flat=True)) == ["Good"]


def test_a_jsonl_file_of_blank_lines_is_reported_as_empty(tmp_path):
    path = tmp_path / "blank.jsonl"
    path.write_text("\n  \n\n")
    assert errors_of(list(read_sources([str(path)]))) == [": empty file: no JSON lines"]


# --- feeds through the outbound guard ------------------------------------------------------

FEED = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Times</title>'
    b"<item><title>Cranes</title><link>https://harbour.example/cranes</link>"
    b"<description>The port has 9 cranes.</description></item>"
    b"<item><title>Berths</title><link>https://harbour.example/berths</link>"
    b"<description>The quay has 12 berths.</description></item>"
    b"</channel></rss>"
)


@pytest.fixture
def feed_server():
    servers: list[LocalServer] = []

    def start(body: bytes, status: int = 200) -> LocalServer:
        servers.append(LocalServer(lambda request: reply(request, body, status)))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def test_a_feed_on_an_internal_address_is_that_sources_error(feed_server, settings):
    settings.OUTBOUND_ALLOWED_HOSTS = []
    server = feed_server(FEED)
    rows = list(fetch_feed(server.url("/feed.rss")))
    assert rows == [
        RawRow(
            server.url("/feed.rss"),
            "",
            error="cannot fetch the feed: refused: 127.0.0.1 is a loopback address",
        )
    ]
    assert server.hits == []


def test_a_feed_naming_the_metadata_service_is_refused():
    rows = list(fetch_feed("http://169.254.169.254/latest/meta-data/"))
    assert [r.error for r in rows] == [
        "cannot fetch the feed: refused: 169.254.169.254 is the cloud metadata address"
    ]


def test_a_feed_on_an_allowed_host_is_read(feed_server, settings):
    server = feed_server(FEED)
    settings.OUTBOUND_ALLOWED_HOSTS = [server.host]
    rows = list(fetch_feed(server.url("/feed.rss")))
    assert [(r.location, r.data["title"], r.data["outlet"]) for r in rows] == [
        ("item 1", "Cranes", "Harbour Times"),
        ("item 2", "Berths", "Harbour Times"),
    ]


def test_a_feed_over_the_size_cap_is_reported_not_loaded(feed_server, settings):
    huge = FEED.replace(b"</channel>", b"<!--" + b"x" * 300_000 + b"--></channel>")
    server = feed_server(huge)
    settings.OUTBOUND_ALLOWED_HOSTS = [server.host]
    settings.OUTBOUND_MAX_BYTES = 100_000
    assert [r.error for r in fetch_feed(server.url())] == [
        f"cannot fetch the feed: response larger than 100000 bytes (it announced {len(huge)})"
    ]


def test_a_feed_answering_an_error_status_is_reported(feed_server, settings):
    server = feed_server(b"not here", status=404)
    settings.OUTBOUND_ALLOWED_HOSTS = [server.host]
    assert [r.error for r in fetch_feed(server.url())] == [
        "cannot fetch the feed: HTTP 404 Not Found"
    ]


@pytest.mark.django_db
def test_the_import_command_reports_a_refused_feed_and_imports_the_rest(
    feed_server, settings, tmp_path
):
    settings.OUTBOUND_ALLOWED_HOSTS = []
    inside = feed_server(FEED)
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"title": "Good", "body": "The port has 9 cranes."}) + "\n")
    status, out, err = run(inside.url("/feed.rss"), good)
    assert status == 1 and out.startswith("1 created, 0 updated, 0 unchanged, 1 failed")
    assert err.strip() == (
        f"{inside.url('/feed.rss')}: cannot fetch the feed:"
        " refused: 127.0.0.1 is a loopback address"
    )
    assert inside.hits == []
