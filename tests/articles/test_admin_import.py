"""Import from the admin (issue 14): paste, a page's URL (fetched through the outbound guard,
from a real local server), or files; bad input reported per row on the import batch page, so
rows in = imported + reported."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, ImportBatch
from tests.factcheck.test_outbound import LocalServer, reply
from tests.factories import EditorFactory, ReviewerFactory

pytestmark = pytest.mark.django_db
IMPORT = reverse("admin:articles_article_import")
BODY = "The mill employs 300 people, the owners said on Monday."

PAGE = b"""<!doctype html><html lang="en"><head><title>Dam report | Gazette</title>
<meta property="og:site_name" content="The Gazette"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>The dam holds 60,000 megalitres</h1>
<p>The regional water authority said on Tuesday that the dam now holds 60,000 megalitres,
its highest level since records began in 1962, after three weeks of heavy rain.</p>
<p>Engineers inspected the spillway on Wednesday and found no damage, according to a
statement released by the authority's chief executive later that afternoon.</p>
<p>Farmers downstream said the releases planned for next month would be welcome after a
dry winter that left many of their paddocks without enough water for stock.</p>
</article><footer>Copyright The Gazette</footer></body></html>"""


@pytest.fixture
def servers():
    started: list[LocalServer] = []

    def start(body: bytes, status: int = 200, content_type: str = "text/html") -> LocalServer:
        started.append(
            LocalServer(lambda r: reply(r, body, status, {"Content-Type": content_type}))
        )
        return started[-1]

    yield start
    for server in started:
        server.close()


def _batch_html(response):
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse(
        "admin:articles_importbatch_change", args=[ImportBatch.objects.latest("pk").pk]
    )
    return response.content.decode()


def _rows_accounted(batch: ImportBatch, rows_in: int) -> None:
    imported = batch.created_count + batch.updated_count + batch.unchanged_count
    assert imported + batch.failed_count == rows_in
    assert len(batch.errors) == batch.failed_count


# --- paste ---------------------------------------------------------------------------------------


def test_an_editor_pastes_a_title_and_text_and_it_is_imported(client):
    editor = EditorFactory()
    client.force_login(editor)
    response = client.post(
        IMPORT,
        {"kind": "paste", "title": "Mill jobs", "text": BODY, "outlet": "Wire"},
        follow=True,
    )
    html = _batch_html(response)
    assert "Imported: 1 created, 0 updated, 0 unchanged, 0 failed" in html
    article = Article.objects.get()
    assert (article.title, article.body, article.outlet) == ("Mill jobs", BODY, "Wire")
    batch = ImportBatch.objects.get()
    assert (batch.source, batch.created_by) == ("pasted text", editor)
    _rows_accounted(batch, 1)


def test_a_paste_missing_its_text_keeps_the_title_typed(client):
    client.force_login(EditorFactory())
    response = client.post(IMPORT, {"kind": "paste", "title": "Typed headline", "text": "  "})
    html = response.content.decode()
    assert response.status_code == 200 and "This field is required" in html
    assert 'value="Typed headline"' in html
    assert not ImportBatch.objects.exists()


def test_a_paste_the_importer_rejects_is_reported_and_the_text_kept(client):
    client.force_login(EditorFactory())
    typed = "<script>alert('x')</script><p>&nbsp;</p>"
    response = client.post(IMPORT, {"kind": "paste", "title": "Empty", "text": typed})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Not imported: body: has no text once markup and whitespace are removed" in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html  # kept, escaped
    assert "<script>alert" not in html
    batch = ImportBatch.objects.get()
    assert batch.failed_count == 1 and not Article.objects.exists()
    page = client.get(reverse("admin:articles_importbatch_change", args=[batch.pk]))
    assert "<td>pasted text</td><td>paste</td><td>body</td>" in page.content.decode()


# --- a page's URL ---------------------------------------------------------------------------------


def test_a_page_is_fetched_from_an_allowed_server_and_its_main_text_imported(
    client, servers, settings
):
    server = servers(PAGE)
    settings.OUTBOUND_ALLOWED_HOSTS = [server.host]
    client.force_login(EditorFactory())
    response = client.post(
        IMPORT, {"kind": "page", "page_url": server.url("/news/dam")}, follow=True
    )
    html = _batch_html(response)
    assert "Imported: 1 created, 0 updated, 0 unchanged, 0 failed" in html
    assert server.hits == ["GET /news/dam"]
    article = Article.objects.get()
    assert (article.title, article.outlet) == ("The dam holds 60,000 megalitres", "The Gazette")
    assert "highest level since records began in 1962" in article.body
    assert "Copyright" not in article.body and "Home" not in article.body
    assert article.url == server.url("/news/dam")
    _rows_accounted(ImportBatch.objects.get(), 1)


@pytest.mark.parametrize(
    ("page_url", "reason"),
    [
        (None, "refused: 127.0.0.1 is a loopback address"),
        ("http://169.254.169.254/latest/meta-data/", "is the cloud metadata address"),
        ("http://10.0.0.7/admin", "refused: 10.0.0.7 is a private address"),
        ("http://[::1]:8000/", "is a loopback address"),
    ],
)
def test_an_internal_page_url_is_refused_and_reported(client, servers, settings, page_url, reason):
    server = servers(PAGE)
    settings.OUTBOUND_ALLOWED_HOSTS = []
    client.force_login(EditorFactory())
    response = client.post(
        IMPORT, {"kind": "page", "page_url": page_url or server.url("/secret")}, follow=True
    )
    html = _batch_html(response)
    assert "Imported: 0 created, 0 updated, 0 unchanged, 1 failed" in html
    assert "cannot fetch the page: " in html and reason in html
    assert server.hits == []  # the guard refused before connecting
    assert not Article.objects.exists()
    _rows_accounted(ImportBatch.objects.get(), 1)


def test_an_allowed_page_redirecting_inside_is_refused_at_the_redirect(client, servers, settings):
    inside = servers(b"<html><body><p>internal admin</p></body></html>")
    outside = LocalServer(lambda r: reply(r, b"", 302, {"Location": inside.url("/admin")}))
    try:
        settings.OUTBOUND_ALLOWED_HOSTS = [outside.host]  # the port of `inside` is not allowed
        client.force_login(EditorFactory())
        response = client.post(
            IMPORT, {"kind": "page", "page_url": outside.url("/story")}, follow=True
        )
    finally:
        outside.close()
    html = _batch_html(response)
    assert "cannot fetch the page: refused: 127.0.0.1 is a loopback address" in html
    assert outside.hits == ["GET /story"] and inside.hits == []


def test_a_page_url_of_another_scheme_is_refused_by_the_guard(client):
    client.force_login(EditorFactory())
    response = client.post(
        IMPORT, {"kind": "page", "page_url": "ftp://files.example/story.html"}, follow=True
    )
    html = _batch_html(response)
    assert "cannot fetch the page: refused: ftp: URLs are not fetched (only http and https)" in (
        html
    )


@pytest.mark.parametrize(
    ("body", "status", "reason"),
    [
        (b"gone", 404, "cannot fetch the page: HTTP 404 Not Found"),
        (
            b"<html><head><title>Nothing</title></head><body><script>x()</script></body></html>",
            200,
            "no main text found in this page",
        ),
    ],
)
def test_a_page_that_fails_or_has_no_text_is_reported(
    client, servers, settings, body, status, reason
):
    server = servers(body, status)
    settings.OUTBOUND_ALLOWED_HOSTS = [server.host]
    client.force_login(EditorFactory())
    response = client.post(IMPORT, {"kind": "page", "page_url": server.url("/p")}, follow=True)
    html = _batch_html(response)
    assert reason in html and "1 failed" in html
    _rows_accounted(ImportBatch.objects.get(), 1)


def test_a_page_larger_than_the_cap_is_reported_not_read(client, servers, settings):
    server = servers(PAGE + b"<!--" + b"x" * 300_000 + b"-->")
    settings.OUTBOUND_ALLOWED_HOSTS = [server.host]
    settings.OUTBOUND_MAX_BYTES = 100_000
    client.force_login(EditorFactory())
    response = client.post(IMPORT, {"kind": "page", "page_url": server.url("/")}, follow=True)
    assert "cannot fetch the page: response larger than 100000 bytes" in _batch_html(response)


def test_a_page_url_that_is_not_a_url_keeps_the_form(client):
    client.force_login(EditorFactory())
    response = client.post(IMPORT, {"kind": "page", "page_url": "not a url at all"})
    html = response.content.decode()
    assert response.status_code == 200 and "Enter a valid URL." in html
    assert 'value="not a url at all"' in html
    assert not ImportBatch.objects.exists()


# --- files ----------------------------------------------------------------------------------------


def test_an_empty_file_among_several_is_reported_and_the_others_import(client):
    client.force_login(ReviewerFactory())
    good = SimpleUploadedFile(
        "wire.jsonl", (json.dumps({"title": "Mill", "body": BODY}) + "\n").encode()
    )
    empty = SimpleUploadedFile("empty.csv", b"")
    unreadable = SimpleUploadedFile(
        "latin1.csv", "title,body\nCafé,Le café coûte 3 €\n".encode("cp1252")
    )
    other = SimpleUploadedFile("notes.docx", b"PK\x03\x04 binary")
    csv = SimpleUploadedFile("desk.csv", b'title,body\nDam,"The dam holds 60,000 megalitres."\n')
    response = client.post(IMPORT, {"uploads": [good, empty, unreadable, other, csv]}, follow=True)
    html = _batch_html(response)
    assert "Imported: 2 created, 0 updated, 0 unchanged, 3 failed" in html
    assert "<td>empty.csv</td><td></td><td></td><td>empty file (0 bytes): nothing to import" in html
    assert "<td>latin1.csv</td>" in html and "not valid UTF-8" in html
    assert "<td>notes.docx</td><td></td><td></td><td>unsupported file type" in html
    assert sorted(Article.objects.values_list("title", flat=True)) == ["Dam", "Mill"]
    batch = ImportBatch.objects.get()
    assert batch.source == "wire.jsonl, empty.csv, latin1.csv, notes.docx, desk.csv"
    _rows_accounted(batch, 5)


def test_only_empty_files_are_each_reported(client):
    client.force_login(EditorFactory())
    files = [SimpleUploadedFile(f"{n}.jsonl", b"") for n in ("a", "b")]
    response = client.post(IMPORT, {"kind": "upload", "uploads": files}, follow=True)
    html = _batch_html(response)
    assert "0 created, 0 updated, 0 unchanged, 2 failed" in html
    assert html.count("empty file (0 bytes)") == 2


def test_a_user_in_no_import_group_cannot_paste_or_fetch(client, servers, settings):
    server = servers(PAGE)
    settings.OUTBOUND_ALLOWED_HOSTS = [server.host]
    settings.FACTCHECK_IMPORT_GROUPS = ["Reviewer"]
    client.force_login(EditorFactory())
    assert client.post(IMPORT, {"kind": "paste", "title": "t", "text": BODY}).status_code == 403
    page = {"kind": "page", "page_url": server.url("/")}
    assert client.post(IMPORT, page).status_code == 403
    assert server.hits == [] and not ImportBatch.objects.exists()
    changelist = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "Import articles" not in changelist


def test_editors_see_the_import_link_and_their_batch(client):
    client.force_login(EditorFactory())
    changelist = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert IMPORT in changelist
    client.post(IMPORT, {"kind": "paste", "title": "Mill", "text": BODY})
    batch = ImportBatch.objects.get()
    page = client.get(reverse("admin:articles_importbatch_change", args=[batch.pk]))
    assert page.status_code == 200


def test_the_import_page_costs_the_same_queries_however_many_recent_imports(
    client, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    editor = EditorFactory()
    client.force_login(editor)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(IMPORT).status_code == 200
        return len(ctx.captured_queries)

    ImportBatch.objects.create(origin="admin", created_by=editor)
    small = count()
    for _ in range(12):
        ImportBatch.objects.create(origin="admin", created_by=EditorFactory())
    assert count() == small
    with django_assert_max_num_queries(8):
        client.get(IMPORT)
