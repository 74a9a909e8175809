"""/api/articles/: create one or many through the import service, update, and who may."""

from __future__ import annotations

import pytest

from articles.models import Article, ImportBatch
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

BODY = "The mill employs 300 people, the owners said. It opened in 1921."


def test_post_one_article_creates_it_and_a_batch(
    reviewer_api, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = reviewer_api.post(
            "/api/articles/",
            {"url": "https://n.example/mill", "title": "Mill", "body": BODY, "authors": ["A"]},
            format="json",
        )
    assert response.status_code == 201, response.json()
    body = response.json()
    article = Article.objects.get()
    assert body["items"] == [{"index": 0, "outcome": "created", "id": article.pk, "errors": {}}]
    assert (body["created"], body["failed"]) == (1, 0)
    batch = ImportBatch.objects.get(pk=body["import_batch"])
    assert (batch.origin, batch.created_by) == ("api", reviewer)
    assert len(callbacks) == 1  # extraction is queued once the import commits
    again = reviewer_api.post(
        "/api/articles/",
        {"url": "https://n.example/mill", "title": "Mill", "body": BODY},
        format="json",
    )
    assert again.status_code == 200 and again.json()["items"][0]["outcome"] == "unchanged"


def test_post_a_list_reports_each_item_and_imports_the_good_ones(reviewer_api):
    response = reviewer_api.post(
        "/api/articles/",
        [
            {"title": "Good", "body": BODY},
            {"title": "No body"},
            {"title": "Bad date", "body": BODY + " x", "published_at": "soon"},
            "not an object",
        ],
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert [i["outcome"] for i in body["items"]] == ["created", "failed", "failed", "failed"]
    assert body["items"][1]["errors"] == {
        "body": ["is missing or empty (give `body`, `text` or `content`)"]
    }
    assert list(body["items"][2]["errors"]) == ["published_at"]
    assert body["items"][3]["errors"] == {"non_field_errors": ["expected a JSON object, got str"]}
    assert Article.objects.count() == 1


def test_post_where_everything_fails_is_400(reviewer_api):
    response = reviewer_api.post("/api/articles/", {"title": "x", "body": "  "}, format="json")
    assert response.status_code == 400
    assert response.json()["items"][0]["errors"] == {
        "body": ["is missing or empty (give `body`, `text` or `content`)"]
    }


@pytest.mark.parametrize("fmt", ["multipart", None])
def test_a_form_body_is_refused_not_half_read(reviewer_api, fmt):
    # A form cannot carry the authors list or a null: refused whole, naming the media type.
    data = {"title": "Mill", "body": BODY, "authors": ["A", "B"]}
    if fmt is None:
        from urllib.parse import urlencode

        response = reviewer_api.post(
            "/api/articles/",
            urlencode(data, doseq=True),
            content_type="application/x-www-form-urlencoded",
        )
    else:
        response = reviewer_api.post("/api/articles/", data, format=fmt)
    assert response.status_code == 415
    assert response["Content-Type"].startswith("application/problem+json")
    assert "Unsupported media type" in response.json()["detail"]
    assert not Article.objects.exists()


def test_editors_read_but_cannot_import(editor_api):
    assert editor_api.get("/api/articles/").status_code == 200
    response = editor_api.post("/api/articles/", {"title": "T", "body": BODY}, format="json")
    assert response.status_code == 403
    assert "Reviewer or Admin" in response.json()["detail"]


def test_patch_body_requeues_extraction_and_metadata_does_not(reviewer_api):
    article = ArticleFactory()
    response = reviewer_api.patch(
        f"/api/articles/{article.pk}/", {"outlet": "Gazette"}, format="json"
    )
    assert response.status_code == 200 and response.json()["outlet"] == "Gazette"
    article.refresh_from_db()
    assert article.extraction_status == "done"
    response = reviewer_api.patch(f"/api/articles/{article.pk}/", {"body": BODY}, format="json")
    assert response.status_code == 200
    assert response.json()["extraction_status"] == "pending"


def test_update_refuses_bad_fields_and_a_taken_url(reviewer_api):
    article, other = ArticleFactory(), ArticleFactory()
    response = reviewer_api.patch(
        f"/api/articles/{article.pk}/", {"published_at": "tomorrowish"}, format="json"
    )
    # A problem (RFC 9457) whose only field error is published_at, kept top-level as before.
    body = response.json()
    assert response.status_code == 400 and list(body["errors"]) == ["published_at"]
    assert body["published_at"] == body["errors"]["published_at"]
    assert response["Content-Type"] == "application/problem+json"
    response = reviewer_api.patch(f"/api/articles/{article.pk}/", {"url": other.url}, format="json")
    assert response.status_code == 400
    assert response.json()["url"] == [f"article #{other.pk} already has the url {other.url}"]
    response = reviewer_api.put(
        f"/api/articles/{article.pk}/", {"title": "Only a title"}, format="json"
    )
    assert response.status_code == 400 and "body" in response.json()
