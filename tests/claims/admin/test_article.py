"""The article admin as the claims layer extends it (claims/admin/article.py): the article's claims
in its text, re-running extraction, full-text search; and the import link articles keeps."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from articles.models import Article
from claims.admin.article import ArticleAdmin
from claims.models import ClaimStatus
from tests.claims.admin.support import change_url, client_for, texts
from tests.factories import ArticleFactory, ClaimFactory, ReviewerFactory

pytestmark = pytest.mark.django_db

S = ClaimStatus


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


def test_article_page_highlights_every_claim_in_its_status_colour(client, reviewer, editor):
    body = "First <i>claim</i> here. Second claim there. Tail."
    article = ArticleFactory(body=body)
    first = ClaimFactory(article=article, start=0, end=24, checkworthiness=0.4)
    second = ClaimFactory(
        article=article, start=25, end=44, checkworthiness=0.9, status=S.ASSIGNED, assignee=editor
    )
    html = (
        client_for(client, reviewer)
        .get(reverse("admin:articles_article_change", args=[article.pk]))
        .content.decode()
    )
    assert (
        f'<a class="fc-hl fc-status-new" href="{change_url(first)}" title="#{first.pk} · New · '
        f'score 0.40">First &lt;i&gt;claim&lt;/i&gt; here.</a> '
        f'<a class="fc-hl fc-status-assigned" href="{change_url(second)}"'
    ) in html
    ranked = html.split("<h2>Claims by check-worthiness</h2>")[1]
    assert ranked.index(change_url(second)) < ranked.index(change_url(first))
    assert "Re-run extraction" in html


def test_article_rerun_extraction_button_queues_it_after_commit(
    client, reviewer, django_capture_on_commit_callbacks
):
    article = ArticleFactory()  # extraction done
    with django_capture_on_commit_callbacks() as callbacks:
        response = client_for(client, reviewer).post(
            reverse("admin:articles_article_extract", args=[article.pk]), follow=True
        )
    assert len(callbacks) == 1  # the task is sent only once the request has committed
    article.refresh_from_db()
    assert article.extraction_status == "pending"
    assert "Extraction queued for 1 article." in texts(response)


def test_editors_cannot_rerun_extraction(client, editor):
    article = ArticleFactory()
    url = reverse("admin:articles_article_extract", args=[article.pk])
    assert client_for(client, editor).post(url).status_code == 403


def test_article_changelist_links_to_the_upload_view(client, reviewer):
    c = client_for(client, reviewer)
    url = reverse("admin:articles_article_import")
    assert url in c.get(reverse("admin:articles_article_changelist")).content.decode()
    assert 'type="file" name="uploads"' in c.get(url).content.decode()
