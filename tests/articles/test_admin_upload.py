"""The admin's upload form: same service, same reporting, read-only batches."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, ImportBatch
from tests.factories import EditorFactory, ReviewerFactory

pytestmark = pytest.mark.django_db

BODY = "The mill employs 300 people, the owners said."


def test_reviewer_uploads_files_and_sees_each_bad_row(client):
    client.force_login(ReviewerFactory())
    good = SimpleUploadedFile(
        "wire.jsonl",
        (json.dumps({"title": "Mill", "body": BODY}) + "\n{oops\n").encode(),
    )
    csv = SimpleUploadedFile("desk.csv", b'title,body\nDam,"The dam holds 60,000 megalitres."\n')
    response = client.post(
        reverse("admin:articles_article_import"), {"uploads": [good, csv]}, follow=True
    )
    assert response.status_code == 200
    batch = ImportBatch.objects.get()
    assert (batch.origin, batch.source) == ("admin", "wire.jsonl, desk.csv")
    html = response.content.decode()
    assert "Imported: 2 created, 0 updated, 0 unchanged, 1 failed" in html
    assert (
        "<td>wire.jsonl</td><td>line 2</td><td></td><td>not JSON: Expecting property name" in html
    )
    assert sorted(Article.objects.values_list("title", flat=True)) == ["Dam", "Mill"]


def test_upload_page_shows_the_form_and_rejects_an_empty_post(client):
    client.force_login(ReviewerFactory())
    url = reverse("admin:articles_article_import")
    assert "Import articles" in client.get(url).content.decode()
    response = client.post(url, {})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_who_may_import_is_the_setting_editors_by_default(client, settings):
    """Issue 14 turned "editors cannot upload" around: editors may import unless the
    FACTCHECK_IMPORT_GROUPS setting leaves their group out."""
    url = reverse("admin:articles_article_import")
    client.force_login(EditorFactory())
    assert client.get(url).status_code == 200
    settings.FACTCHECK_IMPORT_GROUPS = ["Reviewer"]
    assert client.get(url).status_code == 403
    upload = SimpleUploadedFile("desk.csv", b"title,body\nDam,The dam holds water.\n")
    assert client.post(url, {"uploads": [upload]}).status_code == 403
    assert not ImportBatch.objects.exists()


def test_article_admin_search_finds_words_in_the_body_and_pasted_urls(client):
    from tests.factories import ArticleFactory

    client.force_login(ReviewerFactory())
    by_body = ArticleFactory(title="Council notes", body="The desalination plant was discussed.")
    by_url = ArticleFactory(url="https://gazette.example/2024/bridge")
    ArticleFactory(title="Weather", body="Rain on Tuesday.")
    url = reverse("admin:articles_article_changelist")
    found = client.get(url, {"q": "desalination"}).context["cl"].result_list
    assert [a.pk for a in found] == [by_body.pk]
    found = client.get(url, {"q": "https://gazette.example/2024/bridge"}).context["cl"].result_list
    assert [a.pk for a in found] == [by_url.pk]
