"""Input that used to crash a whole import: each becomes one row's error, naming the file, the
line or row and the field, and every other row still imports, whichever door it came through."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.cleaning import RowInvalid, article_clean
from articles.models import Article, ImportBatch
from tests.factories import ReviewerFactory

BODY = "The council approved 1,200 new homes on Tuesday, the mayor said."

# Raw JSONL lines, each bad in its own way; `json.dumps` would escape what we need literally.
GOOD_FIRST = json.dumps({"title": "Good first", "body": BODY})
BAD_PORT = json.dumps({"url": "http://example.com:99999/a", "title": "Port", "body": BODY + " 1"})
LONE_SURROGATE = '{"title": "Surrogate", "body": "bad \\ud800 text about 3 ships"}'
SURROGATE_IN_TITLE = '{"title": "bad \\udfff title", "body": "The port has 12 cranes."}'
DEEP_NESTING = "[" * 100_000 + "]" * 100_000
HUGE_NUMBER = '{"title": ' + "9" * 5000 + ', "body": "Fine body."}'
NUL_IN_URL = json.dumps({"url": "https://n.example/a\x00b", "title": "Nul url", "body": BODY})
GOOD_LAST = json.dumps({"title": "Good last", "body": BODY + " And 40 million euros."})

BAD_LINES = [
    GOOD_FIRST,
    BAD_PORT,
    LONE_SURROGATE,
    SURROGATE_IN_TITLE,
    DEEP_NESTING,
    HUGE_NUMBER,
    NUL_IN_URL,
    GOOD_LAST,
]
EXPECTED = [  # (line, field, start of the message)
    (2, "url", "'http://example.com:99999/a' has a port that is not a number from 0 to 65535"),
    (3, "body", "is not valid Unicode: a lone surrogate U+D800 at character 5"),
    (4, "title", "is not valid Unicode: a lone surrogate U+DFFF at character 5"),
    (5, "", "not JSON we can read: nested too deeply"),
    (6, "", "not JSON we can read: Exceeds the limit (4300 digits)"),
    (7, "url", "'https://n.example/a\\x00b' contains a control character"),
]


def run(*paths: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_articles", *map(str, paths), stdout=out, stderr=err)
        status = 0
    except SystemExit as exc:
        status = int(exc.code or 0)
    return status, out.getvalue(), err.getvalue()


def titles() -> list[str]:
    return sorted(Article.objects.values_list("title", flat=True))


@pytest.mark.django_db
def test_command_reports_each_crashing_row_and_imports_the_rest(tmp_path):
    path = tmp_path / "wire.jsonl"
    path.write_text("\n".join(BAD_LINES) + "\n", encoding="utf-8", errors="surrogatepass")
    status, out, err = run(path)
    assert status == 1
    assert out.startswith("2 created, 0 updated, 0 unchanged, 6 failed")
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == len(EXPECTED)
    for line, (number, field, message) in zip(lines, EXPECTED, strict=True):
        where = ", ".join(p for p in (str(path), f"line {number}", field) if p)
        assert line.startswith(f"{where}: {message}"), line
    assert titles() == ["Good first", "Good last"]
    assert ImportBatch.objects.get().failed_count == 6


@pytest.mark.django_db
def test_admin_upload_reports_each_crashing_row_and_imports_the_rest(client):
    client.force_login(ReviewerFactory())
    upload = SimpleUploadedFile(
        "wire.jsonl", ("\n".join(BAD_LINES) + "\n").encode("utf-8", "surrogatepass")
    )
    response = client.post(
        reverse("admin:articles_article_import"), {"uploads": [upload]}, follow=True
    )
    assert response.status_code == 200
    assert "Imported: 2 created, 0 updated, 0 unchanged, 6 failed" in response.content.decode()
    batch = ImportBatch.objects.get()
    assert [(e["source"], e["location"], e["field"]) for e in batch.errors] == [
        ("wire.jsonl", f"line {n}", f) for n, f, _ in EXPECTED
    ]
    assert titles() == ["Good first", "Good last"]


@pytest.mark.django_db
def test_api_reports_each_bad_item_by_field_and_imports_the_rest():
    from tests.conftest import token_client

    items = ",".join([GOOD_FIRST, BAD_PORT, LONE_SURROGATE, SURROGATE_IN_TITLE, GOOD_LAST])
    response = token_client(ReviewerFactory()).post(
        "/api/articles/", data=f"[{items}]", content_type="application/json"
    )
    assert response.status_code == 201, response.content
    got = response.json()["items"]
    assert [i["outcome"] for i in got] == ["created", "failed", "failed", "failed", "created"]
    assert list(got[1]["errors"]) == ["url"] and "port" in got[1]["errors"]["url"][0]
    assert got[2]["errors"] == {
        "body": ["is not valid Unicode: a lone surrogate U+D800 at character 5 "
                 "(the exporter split a character in two)"]
    }  # fmt: skip
    assert list(got[3]["errors"]) == ["title"]
    assert titles() == ["Good first", "Good last"]


@pytest.mark.django_db
def test_api_answers_400_not_500_to_deeply_nested_json():
    from tests.conftest import token_client

    api = token_client(ReviewerFactory())
    response = api.post("/api/articles/", data=DEEP_NESTING, content_type="application/json")
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]
    assert not Article.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("Fri, 03 May 99999999999 08:00:00 GMT", "cannot read"),  # OverflowError inside email
        ("Fri, 03 May 2024 08:00:00 +9999", "cannot read"),  # offset of four days
        ("2024-02-30", "cannot read"),
        ("0001-01-01T00:00:00+14:00", "year 1 is out of range"),
        (20240503, "must be a date string, not int"),
        (["2024-05-03"], "must be a date string, not list"),
    ],
)
def test_weird_dates_fail_their_row_with_the_field_named(tmp_path, value, problem):
    path = tmp_path / "dates.jsonl"
    rows = [
        {"title": "Good", "body": BODY},
        {"title": "Dated", "body": BODY + " 2", "published_at": value},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    status, out, err = run(path)
    assert status == 1 and out.startswith("1 created, 0 updated, 0 unchanged, 1 failed")
    assert err.startswith(f"{path}, line 2, published_at: ") and problem in err


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("row", "field", "problem"),
    [
        ({"title": {"text": "T"}, "body": BODY}, "title", "must be text, not dict"),
        ({"title": ["T"], "body": BODY}, "title", "must be text, not list"),
        ({"title": True, "body": BODY}, "title", "must be text, not bool"),
        ({"title": "T", "body": ["a", "b"]}, "body", "must be text, not list"),
        ({"title": "T", "body": BODY, "authors": 42}, "authors", "a list of names"),
        ({"title": "T", "body": BODY, "authors": [{"name": 7}]}, "authors", "a list of names"),
        ({"title": "T", "body": BODY, "authors": ["A"] * 101}, "authors", "the limit is 100"),
        ({"title": "T", "body": BODY, "url": 12}, "url", "must be text, not int"),
        ({"title": "T", "body": BODY, "url": "http://[::1/x"}, "url", "is not an http(s) URL"),
        ({"title": "T", "body": BODY, "outlet": {"a": 1}}, "outlet", "must be text"),
        ({"title": "T", "body": "\x00\x00 \x01"}, "body", "has no text once markup"),
    ],
)
def test_wrong_types_fail_their_row_with_the_field_named(tmp_path, row, field, problem):
    path = tmp_path / "types.jsonl"
    good = {"title": "Good", "body": BODY + " good"}
    path.write_text(json.dumps(row) + "\n" + json.dumps(good) + "\n")
    status, out, err = run(path)
    assert status == 1 and out.startswith("1 created, 0 updated, 0 unchanged, 1 failed")
    assert err.startswith(f"{path}, line 1, {field}: ") and problem in err, err


@pytest.mark.django_db
def test_null_bytes_are_dropped_from_text_fields(tmp_path):
    path = tmp_path / "nul.jsonl"
    row = {"title": "Nul\x00 title", "body": "Ships\x00: 12.", "outlet": "G\x00"}
    path.write_text(json.dumps(row) + "\n")
    status, _, err = run(path)
    assert (status, err) == (0, "")
    assert Article.objects.values_list("title", "body", "outlet").get() == (
        "Nul title",
        "Ships: 12.",
        "G",
    )


@pytest.mark.django_db
def test_csv_with_bad_quoting_fails_that_row_and_reads_on(tmp_path):
    path = tmp_path / "desk.csv"
    path.write_text(
        "title,body\n"
        'Good,"The mill employs 300 people."\n'
        '"Stray"quote,"The dam holds 60,000 megalitres."\n'
        'Extra,"The quay has 12 berths.",surplus\n'
        'Nul\x00led,"The bridge carries 18,000 cars."\n'
        'Also good,"The port handled 4.2 million containers."\n'
        '"Never closed,The rest of the file would vanish into this cell.\n'
    )
    status, out, err = run(path)
    assert status == 1 and out.startswith("3 created, 0 updated, 0 unchanged, 3 failed")
    assert err.strip().splitlines() == [
        f"{path}, row 3: unreadable CSV: ',' expected after '\"'",
        f"{path}, row 4: has 3 cells but the header names 2",
        f"{path}, row 7: unreadable CSV: unexpected end of data",
    ]
    assert titles() == ["Also good", "Good", "Nulled"]  # NUL is dropped like any control char


@pytest.mark.django_db
def test_feed_items_without_title_or_text_fail_alone(tmp_path):
    path = tmp_path / "feed.rss"
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Times</title>'
        "<item><link>https://h.example/untitled</link><description>12 ships.</description></item>"
        "<item><title>Empty</title><link>https://h.example/empty</link></item>"
        "<item><title>Dated badly</title><pubDate>someday</pubDate>"
        "<description>The port has 9 cranes.</description></item>"
        "<item><title>Fine</title><description>The quay opened with 12 berths.</description>"
        "</item></channel></rss>"
    )
    status, out, err = run(path)
    assert status == 1 and out.startswith("1 created, 0 updated, 0 unchanged, 3 failed")
    assert err.strip().splitlines() == [
        f"{path}, item 1, title: is missing or empty",
        f"{path}, item 2, body: is missing or empty (give `body`, `text` or `content`)",
        f"{path}, item 3, published_at: cannot read 'someday' as a date (use ISO 8601, e.g. "
        "2024-05-03T08:00:00Z, or RFC 2822, e.g. Fri, 03 May 2024 08:00:00 GMT)",
    ]
    assert titles() == ["Fine"]


@pytest.mark.django_db
def test_html_page_without_body_text_is_one_error_and_other_files_import(tmp_path):
    empty = tmp_path / "empty.html"
    empty.write_text("<html><head><title>Nothing</title></head><body></body></html>")
    binary = tmp_path / "noise.html"
    binary.write_bytes(bytes(range(256)) * 4)
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"title": "Good", "body": BODY}) + "\n")
    status, out, err = run(empty, binary, good)
    assert status == 1 and out.startswith("1 created, 0 updated, 0 unchanged, 2 failed")
    assert f"{empty}, body: no main text found in this page" in err
    assert f"{binary}" in err and "Traceback" not in err
    assert titles() == ["Good"]


@pytest.mark.django_db
def test_a_reader_that_breaks_mid_file_fails_that_file_and_the_next_imports(tmp_path, monkeypatch):
    import articles.readers as readers

    def explode(content, source):
        raise LookupError("feedparser had a bad day")
        yield  # a generator, like the real reader

    monkeypatch.setattr(readers, "read_feed", explode)
    feed = tmp_path / "a.rss"
    feed.write_text("<rss/>")
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"title": "Good", "body": BODY}) + "\n")
    status, out, err = run(feed, good)
    assert status == 1 and out.startswith("1 created, 0 updated, 0 unchanged, 1 failed")
    assert err.strip() == (
        f"{feed}: reading stopped by an unexpected error: LookupError: feedparser had a bad day"
    )


@pytest.mark.django_db
def test_an_unexpected_error_in_one_row_fails_only_that_row(tmp_path, monkeypatch):
    import articles.services as services

    def clean(data):
        if data["title"] == "Trap":
            raise UnicodeError("a case nobody foresaw")
        return article_clean(data)

    monkeypatch.setattr(services, "article_clean", clean)
    path = tmp_path / "a.jsonl"
    rows = [{"title": t, "body": f"{BODY} {t}"} for t in ("One", "Trap", "Two")]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    status, out, err = run(path)
    assert status == 1 and out.startswith("2 created, 0 updated, 0 unchanged, 1 failed")
    assert err.strip() == f"{path}, line 2: cannot be imported: UnicodeError: a case nobody foresaw"


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)
_keys = st.sampled_from(
    ["url", "title", "body", "text", "content", "outlet", "authors", "author", "published_at",
     "published", "language"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(
        _keys,
        _json | st.text(alphabet=st.characters(codec=None)) | st.just("http://a.example:99999/"),
    )
)
def test_cleaning_any_json_object_either_succeeds_or_names_the_problem(data):
    """Whatever JSON a row holds, the cleaner returns storable fields or raises RowInvalid."""
    try:
        fields = article_clean(data)
    except RowInvalid:
        return
    for value in (fields.url or "", fields.title, fields.body, fields.outlet, *fields.authors):
        value.encode("utf-8")  # no lone surrogate reaches PostgreSQL
        assert "\x00" not in value
