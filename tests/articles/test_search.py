"""Article search: ranking (title over body), highlighted and escaped snippets and titles,
and `q` on the article list."""

from __future__ import annotations

import pytest

from articles.models import Article
from articles.search import article_search
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_an_article_with_the_word_in_its_title_ranks_above_one_with_it_only_in_the_body():
    in_body = ArticleFactory(
        title="Council meeting notes",
        body="The council discussed the desalination plant at length. Other items followed.",
    )
    in_title = ArticleFactory(
        title="Desalination plant goes over budget",
        body="The council discussed the plant at length. Other items followed.",
    )
    ArticleFactory(title="Weather", body="Rain is expected on Tuesday.")

    found = list(article_search(Article.objects.all(), "desalination"))

    assert found == [in_title, in_body]
    assert found[0].rank > found[1].rank


def test_article_snippets_mark_the_hits_in_the_body():
    ArticleFactory(
        title="Port", body="The harbour handled 4.2 million containers, the authority said."
    )
    [article] = article_search(Article.objects.all(), "container")
    assert "<mark>containers</mark>" in article.snippet


def test_an_article_hit_in_the_title_alone_comes_with_a_highlighted_escaped_title():
    ArticleFactory(title="Desalination plant <b>over budget</b> & more", body="The council met.")
    [article] = article_search(Article.objects.all(), "desalination")
    assert article.title_html == (
        "<mark>Desalination</mark> plant &lt;b&gt;over budget&lt;/b&gt; &amp; more"
    )
    assert "<mark>" not in article.snippet  # nothing to mark in the body


@pytest.mark.parametrize("q", ["", "   ", '"unclosed', "&&& !!", "-", "a" * 2000])
def test_odd_or_empty_queries_find_no_article_instead_of_failing(q):
    ArticleFactory()
    assert list(article_search(Article.objects.all(), q)) == []


# --- `q` on the list endpoint -----------------------------------------------------------------


def _api(user):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    return client


def test_q_on_the_article_list_searches_title_and_body():
    from tests.factories import EditorFactory

    in_title = ArticleFactory(title="Desalination plant opens", body="The council met.")
    in_body = ArticleFactory(title="Council notes", body="The desalination plant was discussed.")
    ArticleFactory(title="Weather", body="Rain on Tuesday.")
    response = _api(EditorFactory()).get("/api/articles/", {"q": "desalination"})
    assert response.status_code == 200
    assert {a["id"] for a in response.json()["results"]} == {in_title.pk, in_body.pk}


def _pending_pages(index: str) -> int:
    """What the index still held pending (merging it, which is what the housekeeping does)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        return int(cursor.fetchone()[0])


def test_the_housekeeping_merges_what_imports_left_pending_in_the_search_index():
    from django.conf import settings

    from articles.tasks import MERGE_SEARCH_PENDING_LISTS, merge_search_pending_lists
    from factcheck.celery import app

    ArticleFactory(title="Desalination plant goes over budget", body="The council met.")
    ArticleFactory(title="Ferry timetable", body="The ferry leaves at nine.")

    # The articles' lexemes wait in the index's pending list until merged; the task merges it
    # (and every other GIN index's).
    assert merge_search_pending_lists() > 0
    assert _pending_pages("article_search_idx") == 0
    ArticleFactory(title="Bridge closed", body="The bridge is closed for repairs.")
    assert _pending_pages("article_search_idx") > 0
    # Searching finds what was merged as before.
    assert [a.title for a in article_search(Article.objects.all(), "desalination")] == [
        "Desalination plant goes over budget"
    ]
    # The beat runs it, on the housekeeping queue (the default), every minute by default.
    app.loader.import_default_modules()
    assert MERGE_SEARCH_PENDING_LISTS in app.tasks
    entry = settings.CELERY_BEAT_SCHEDULE["merge-search-pending-lists"]
    assert entry["task"] == MERGE_SEARCH_PENDING_LISTS
    assert entry["schedule"] == settings.FACTCHECK_GIN_MERGE_INTERVAL_SECONDS == 60
    assert MERGE_SEARCH_PENDING_LISTS not in settings.CELERY_TASK_ROUTES
