"""The Article admin: the text changes only through imports, so claim spans stay true."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles.cleaning import content_hash
from articles.models import Article, ArticleExtraction
from tests.factories import ArticleFactory, ClaimFactory, ReviewerFactory

pytestmark = pytest.mark.django_db


def test_reviewer_cannot_rewrite_the_text_a_claim_points_into(client):
    article = ArticleFactory(url="https://n.example/port")
    Article.objects.filter(pk=article.pk).update(
        content_hash=content_hash(article.title, article.body)
    )
    ArticleExtraction.objects.filter(pk=article.pk).update(status="done")
    article.refresh_from_db()
    claim = ClaimFactory(article=article, start=0, end=36, text=article.body[:36])
    client.force_login(ReviewerFactory())
    url = reverse("admin:articles_article_change", args=[article.pk])

    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert {"url", "title", "body"}.isdisjoint(form.fields)  # shown, not editable
    assert article.body[:36] in page.content.decode()

    response = client.post(
        url,
        {
            "url": "https://evil.example/other",
            "title": "Rewritten title",
            "body": "Entirely different words.",
            "outlet": "New outlet",
            "authors": '["A. Writer"]',
            "published_at_0": "2024-05-03",
            "published_at_1": "08:00:00",
            "language": "en",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    after = Article.objects.get(pk=article.pk)
    assert (after.url, after.title, after.body, after.content_hash) == (
        article.url,
        article.title,
        article.body,
        article.content_hash,
    )
    assert after.body[claim.start : claim.end] == claim.text
    assert (after.outlet, after.authors) == ("New outlet", ["A. Writer"])  # metadata is editable
    assert after.extraction_status == "done"  # nothing to re-extract


def test_adding_an_article_in_the_admin_leads_to_the_import_page(client):
    client.force_login(ReviewerFactory())
    response = client.get(reverse("admin:articles_article_add"))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:articles_article_import")
    response = client.post(reverse("admin:articles_article_add"), {"title": "T", "body": "B"})
    assert response.status_code == 302 and not Article.objects.exists()
