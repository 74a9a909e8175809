"""Article revisions: made by every import path and the update, listed by the API
(/api/articles/{id}/revisions/) and shown with their diff in the admin."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article, ArticleRevision
from articles.services import body_hash
from tests.factories import ArticleFactory, ReviewerFactory

pytestmark = pytest.mark.django_db

URL = "https://n.example/mill"
BODY = "The mill employs 300 people, the owners said.\nIt opened in 1921."
REVISED = "The mill employs 280 people, the owners said.\nIt opened in 1921.\nIt exports steel."


def import_file(tmp_path, body: str, name: str) -> str:
    path = tmp_path / name
    path.write_text(json.dumps({"url": URL, "title": "Mill", "body": body}) + "\n")
    out = io.StringIO()
    call_command("import_articles", str(path), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_a_file_import_makes_revision_1_and_a_changed_body_the_next_with_its_diff(tmp_path):
    import_file(tmp_path, BODY, "first.jsonl")
    article = Article.objects.get(url=URL)
    [first] = article.revisions.all()
    assert (first.number, first.body, first.origin, first.diff) == (1, BODY, "cli", "")
    assert first.content_hash == body_hash(BODY) and first.source.endswith("first.jsonl")
    assert first.import_batch == article.import_batch

    assert "1 unchanged" in import_file(tmp_path, BODY, "same.jsonl")
    assert article.revisions.count() == 1  # unchanged content: nothing new

    assert "1 updated" in import_file(tmp_path, REVISED, "second.jsonl")
    second = article.revisions.get(number=2)
    assert second.body == REVISED and second.source.endswith("second.jsonl")
    lines = second.diff.splitlines()
    assert "-The mill employs 300 people, the owners said." in lines
    assert "+The mill employs 280 people, the owners said." in lines
    assert "+It exports steel." in lines
    assert " It opened in 1921." in lines


def test_metadata_only_changes_make_no_revision(tmp_path):
    import_file(tmp_path, BODY, "first.jsonl")
    path = tmp_path / "meta.jsonl"
    path.write_text(json.dumps({"url": URL, "title": "Mill", "body": BODY, "outlet": "Gazette"}))
    call_command("import_articles", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    article = Article.objects.get(url=URL)
    assert article.outlet == "Gazette" and article.revisions.count() == 1


def test_an_article_from_before_revisions_gets_its_old_body_as_revision_1(tmp_path):
    old = ArticleFactory(url=URL, body=BODY)  # written directly: no revision yet
    import_file(tmp_path, REVISED, "new.jsonl")
    assert list(old.revisions.order_by("number").values_list("number", "origin", "body")) == [
        (1, "existing", BODY),
        (2, "cli", REVISED),
    ]


def test_api_import_and_update_make_revisions_with_their_origin(reviewer_api, reviewer):
    reviewer_api.post("/api/articles/", {"url": URL, "title": "Mill", "body": BODY}, format="json")
    article = Article.objects.get(url=URL)
    assert article.revisions.get().origin == "api"
    again = reviewer_api.post(
        "/api/articles/", {"url": URL, "title": "Mill", "body": REVISED}, format="json"
    )
    assert again.json()["items"][0]["outcome"] == "updated"
    response = reviewer_api.patch(f"/api/articles/{article.pk}/", {"body": BODY}, format="json")
    assert response.status_code == 200
    rows = list(article.revisions.order_by("number").values_list("number", "origin", "created_by"))
    assert rows == [(1, "api", reviewer.pk), (2, "api", reviewer.pk), (3, "update", reviewer.pk)]


def test_the_revisions_endpoint_pages_newest_first(reviewer_api):
    article = ArticleFactory(body="Version 0 of the text.")
    ArticleRevision.objects.bulk_create(
        ArticleRevision(
            article=article,
            number=n,
            body=f"Version {n} of the text.",
            content_hash=body_hash(f"Version {n} of the text."),
            origin="api",
            diff="" if n == 1 else f"-Version {n - 1} of the text.\n+Version {n} of the text.",
        )
        for n in range(1, 6)
    )
    ArticleFactory()  # another article's revisions never show
    page = reviewer_api.get(f"/api/articles/{article.pk}/revisions/?page_size=2")
    assert page.status_code == 200
    body = page.json()
    assert body["count"] == 5 and [r["number"] for r in body["results"]] == [5, 4]
    assert body["results"][0]["diff"].endswith("+Version 5 of the text.")
    last = reviewer_api.get(f"/api/articles/{article.pk}/revisions/?page_size=2&page=3").json()
    assert [r["number"] for r in last["results"]] == [1] and last["next"] is None


def test_the_revisions_endpoint_answers_problems(reviewer_api, client):
    missing = reviewer_api.get("/api/articles/987654/revisions/")
    assert missing.status_code == 404
    assert missing["Content-Type"].startswith("application/problem+json")
    assert missing.json()["status"] == 404
    article = ArticleFactory()
    assert client.get(f"/api/articles/{article.pk}/revisions/").status_code in (401, 403)
    bad = reviewer_api.get(f"/api/articles/{article.pk}/revisions/?page=x")
    assert bad.status_code == 400 and "page" in bad.json()["errors"]


def test_the_admin_page_lists_revisions_with_an_escaped_diff(client, tmp_path):
    import_file(tmp_path, BODY, "first.jsonl")
    import_file(tmp_path, BODY + '\nIt said 5 < 6 & "x" > y.', "second.jsonl")
    article = Article.objects.get(url=URL)
    client.force_login(ReviewerFactory())
    html = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert 'class="fc-revisions"' in html and "first version" in html
    assert "1 line added, 0 removed" in html
    assert '<span class="fc-diff-add">+It said 5 &lt; 6 &amp; &quot;x&quot; &gt; y.</span>' in html
    assert '5 < 6 & "x"' not in html
