"""Full-text search selectors: ranking (title over body) and highlighted, escaped snippets."""

from __future__ import annotations

import pytest

from articles.models import Article
from claims.models import Claim
from claims.search import article_search, claim_search
from tests.factories import ArticleFactory, ClaimFactory

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


def test_snippets_escape_the_text_so_it_is_safe_as_html():
    text = 'The <script>alert(1)</script> budget is < 5% of "GDP" & falling.'
    ClaimFactory(article=ArticleFactory(body=text), start=0, end=len(text), text=text)
    [claim] = claim_search(Claim.objects.all(), "budget")
    # ts_headline drops tag-like tokens; everything else is escaped around our <mark> tags.
    assert "<script" not in claim.snippet
    assert "is &lt; 5% of &quot;GDP&quot; &amp; falling" in claim.snippet
    assert "<mark>budget</mark>" in claim.snippet
    assert claim.snippet.count("<") == claim.snippet.count("<mark>") * 2


def test_claim_search_ranks_the_closer_claim_first_and_stems_words():
    ClaimFactory(
        article=ArticleFactory(body="Unemployment fell to 3.9 percent in March."),
        start=0,
        end=42,
        text="Unemployment fell to 3.9 percent in March.",
    )
    both = ClaimFactory(
        article=ArticleFactory(body="Unemployment among nurses fell to 2 percent."),
        start=0,
        end=44,
        text="Unemployment among nurses fell to 2 percent.",
    )
    found = list(claim_search(Claim.objects.all(), "nurse unemployment"))
    assert found == [both]
    assert len(claim_search(Claim.objects.all(), "unemployed OR nurse")) == 2


@pytest.mark.parametrize("q", ["", "   ", '"unclosed', "&&& !!", "-", "a" * 2000])
def test_odd_or_empty_queries_find_nothing_instead_of_failing(q):
    ClaimFactory()
    assert list(claim_search(Claim.objects.all(), q)) == []
    assert list(article_search(Article.objects.all(), q)) == []


def test_an_article_hit_in_the_title_alone_comes_with_a_highlighted_escaped_title():
    ArticleFactory(title="Desalination plant <b>over budget</b> & more", body="The council met.")
    [article] = article_search(Article.objects.all(), "desalination")
    assert article.title_html == (
        "<mark>Desalination</mark> plant &lt;b&gt;over budget&lt;/b&gt; &amp; more"
    )
    assert "<mark>" not in article.snippet  # nothing to mark in the body


# --- `q` on the list endpoints ----------------------------------------------------------------


def _api(user):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    return client


def test_q_on_the_claim_list_filters_and_highlights():
    from tests.factories import EditorFactory

    text = "Exports of timber doubled in 2023."
    hit = ClaimFactory(article=ArticleFactory(body=text), start=0, end=len(text), text=text)
    ClaimFactory()
    items = _api(EditorFactory()).get("/api/claims/", {"q": "timber"}).json()["results"]
    assert [i["id"] for i in items] == [hit.pk]
    assert "<mark>timber</mark>" in items[0]["snippet"]


def test_q_on_the_article_list_searches_title_and_body():
    from tests.factories import EditorFactory

    in_title = ArticleFactory(title="Desalination plant opens", body="The council met.")
    in_body = ArticleFactory(title="Council notes", body="The desalination plant was discussed.")
    ArticleFactory(title="Weather", body="Rain on Tuesday.")
    response = _api(EditorFactory()).get("/api/articles/", {"q": "desalination"})
    assert response.status_code == 200
    assert {a["id"] for a in response.json()["results"]} == {in_title.pk, in_body.pk}
