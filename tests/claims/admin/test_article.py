"""The article admin as the claims layer extends it (claims/admin/article.py): the article's claims
in its text, re-running extraction, full-text search; and the import link articles keeps."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from articles.models import Article
from claims.admin.article import ArticleAdmin
from tests.factories import ArticleFactory, ReviewerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def test_the_site_serves_the_claims_layers_article_admin():
    assert type(admin.site.get_model_admin(Article)) is ArticleAdmin


def test_article_search_finds_words_of_the_body_a_pasted_url_and_an_id(client):
    harbour = ArticleFactory(
        title="Harbour report",
        body="The desalination plant opened on Monday.",
        url="https://news.example/harbour",
    )
    other = ArticleFactory(title="Weather", body="Rain all week.")
    client.force_login(ReviewerFactory())
    changelist = reverse("admin:articles_article_changelist")

    def found(q: str) -> set[int]:
        response = client.get(changelist, {"q": q})
        assert response.status_code == 200
        return {a.pk for a in response.context["cl"].result_list}

    assert found("desalination") == {harbour.pk}  # full text over the body, not icontains
    assert found("https://news.example/harbour#top") == {harbour.pk}  # articles' URL lookup
    assert other.pk in found(str(other.pk))
    assert found('"unclosed & | !') == set()
