"""Request size limits fit what the docs promise: a list POST of 1,000 news-length articles
imports; a larger body is a 413 problem that names the limit (DATA_UPLOAD_MAX_MEMORY_SIZE)."""

import json

import pytest

from articles.models import Article

pytestmark = pytest.mark.django_db

PARAGRAPH = (
    "The harbour authority said on Tuesday that the port handled {n} containers last year, "
    "which it called a record, although figures from the statistics office put the total lower. "
)


def news_article(i: int) -> dict:
    """About 900 words, as a long news story: each one different."""
    body = "".join(PARAGRAPH.format(n=f"{i}.{k} million") for k in range(40))
    return {
        "url": f"https://news.example/2026/harbour-{i}",
        "title": f"Harbour reports record year, story {i}",
        "body": body,
        "outlet": "Coastal Courier",
        "published_at": "2026-03-01T08:00:00Z",
    }


@pytest.mark.slow
def test_a_list_of_1000_news_length_articles_posts_fine(reviewer_api):
    articles = [news_article(i) for i in range(1000)]
    payload = json.dumps(articles)
    assert len(payload) > 5 * 2**20  # twice Django's default limit (2.5 MB)
    response = reviewer_api.post(
        "/api/articles/", payload, content_type="application/json", HTTP_IDEMPOTENCY_KEY="bulk-1"
    )
    assert response.status_code == 201, response.content[:500]
    assert response.json()["created"] == 1000
    assert Article.objects.count() == 1000


@pytest.mark.parametrize("idempotency_key", [None, "too-big-1"])
def test_a_body_over_the_limit_is_a_413_naming_it(reviewer_api, idempotency_key, settings):
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    payload = json.dumps([news_article(i) for i in range(limit // 5000 + 10)])
    assert len(payload) > limit
    headers = {"HTTP_IDEMPOTENCY_KEY": idempotency_key} if idempotency_key else {}
    response = reviewer_api.post(
        "/api/articles/", payload, content_type="application/json", **headers
    )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["limit_bytes"] == limit
    assert f"{limit:,} bytes" in body["detail"]
    assert not Article.objects.exists()
