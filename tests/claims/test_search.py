"""Claim search: ranking, stemming and highlighted, escaped snippets; `q` on the claim list."""

from __future__ import annotations

import pytest

from claims.models import Claim
from claims.search import claim_search
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db


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
def test_odd_or_empty_queries_find_no_claim_instead_of_failing(q):
    ClaimFactory()
    assert list(claim_search(Claim.objects.all(), q)) == []


# --- `q` on the list endpoint -----------------------------------------------------------------


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
