"""The claim list: columns, the sort mark, query counts, bad input (claims/admin/changelist.py)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from claims.models import Claim
from tests.claims.admin.support import (
    CHANGELIST,
    S,
    claim_in,
    client_for,
)
from tests.factories import (
    ArticleFactory,
    EditorFactory,
)

pytestmark = pytest.mark.django_db


def test_my_queue_marks_the_due_column_as_the_sort_order(client, editor):
    claim_in(S.ASSIGNED, editor, due_date=timezone.localdate())
    html = client_for(client, editor).get(CHANGELIST).content.decode()
    due_header = re.search(r'<th scope="col" class="([^"]*column-due[^"]*)"', html)
    score_header = re.search(r'<th scope="col" class="([^"]*column-score[^"]*)"', html)
    assert {"sorted", "ascending"} <= set(due_header.group(1).split())
    assert {"sorted", "descending"} <= set(score_header.group(1).split())  # the tie-breaker


BAD_CHANGELIST_QUERIES = [
    "status__exact=bogus",
    "claim_type__exact=zzz",
    "rating__id__exact=abc",
    "rating__id__exact=99999",
    "assignee=abc",
    "assignee=-1",
    "outlet=%00",
    "q=%00port",
    "q=%27%22%5C%25",
    "created_at__gte=2024-13-45",
    "article__published_at__lt=notadate",
    "overdue=maybe",
    "view=nope",
    "o=99",
    "o=abc",
    "p=9999",
    "p=abc",
    "_facets=True",
    "foo=bar",
    # str.isdigit() says yes to these; int() does not (or PostgreSQL does not).
    "assignee=%C2%B2",
    "assignee=%D9%A1",
    "assignee=99999999999999999999999",
    "rating__id__exact=%C2%B2",
    "o=%C2%B2",
    "p=%C2%B2",
    "created_at__gte=%C2%B2",
    "view=%C2%B2",
]


@pytest.mark.parametrize("query", BAD_CHANGELIST_QUERIES)
def test_bad_changelist_parameters_are_never_an_error(client, editor, query):
    claim_in(S.ASSIGNED, editor)
    response = client_for(client, editor).get(f"{CHANGELIST}?{query}", follow=True)
    assert response.status_code == 200
    assert b"Factcheck workbench" in response.content


def test_nul_characters_in_a_search_are_dropped_not_a_server_error(client, editor):
    claim_in(S.ASSIGNED, editor, article=ArticleFactory(title="Port figures"))
    response = client_for(client, editor).get(CHANGELIST, {"q": "port\x00"}, follow=True)
    assert response.redirect_chain[0][0] == f"{CHANGELIST}?q=port"
    assert response.context["cl"].result_count == 1


def test_changelist_shows_figures_score_and_a_status_badge(client, reviewer):
    claim_in(S.NEW, checkworthiness=0.87)
    html = client_for(client, reviewer).get(CHANGELIST).content.decode()
    assert "4.2m containers" in html
    assert "0.87" in html
    assert '<span class="fc-badge fc-status-new">New</span>' in html


def _changelist_queries(client, n: int) -> int:
    editors = [EditorFactory() for _ in range(3)]
    for i in range(n - Claim.objects.count()):
        claim_in(
            [S.NEW, S.ASSIGNED, S.IN_PROGRESS][i % 3],
            editors[i % 3],
            evidence=False,
            due_date=timezone.localdate() + datetime.timedelta(days=i % 7),
        )
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CHANGELIST, {"view": "all"})
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == n
    return len(queries)


def test_changelist_costs_the_same_queries_for_10_and_100_claims(
    client, reviewer, django_assert_max_num_queries
):
    client_for(client, reviewer)
    with_10 = _changelist_queries(client, 10)
    with_100 = _changelist_queries(client, 100)
    assert with_10 == with_100
    with django_assert_max_num_queries(with_10):
        client.get(CHANGELIST, {"view": "all"})


LONG_TITLE = (
    "Port of Easthaven posts a record year as cargo surges past four million containers and the "
    "harbour authority promises a new quay before the next election"
)


def test_long_texts_are_cut_on_a_word_boundary_with_the_whole_text_as_tooltip(client, reviewer):
    from django.utils.html import escape

    from factcheck.text import shorten
    from tests.factories import ArticleFactory, ClaimFactory

    text = "The port handled 4.2 million containers last year, " * 5 + "the authority said."
    claim = ClaimFactory(
        article=ArticleFactory(title=LONG_TITLE, outlet="", body=text),
        start=0,
        end=len(text),
        text=text,
    )
    c = client_for(client, reviewer)
    listing = c.get(CHANGELIST + "?view=all").content.decode()
    short = shorten(text, 160)
    assert short.endswith("…") and not short.endswith(",…")
    assert f'<span title="{escape(text)}">{short}</span>' in listing
    short_title = shorten(LONG_TITLE, 120)
    assert f'<span title="{LONG_TITLE}">{short_title}</span>' in listing
    assert f">{LONG_TITLE[:120]}<" not in listing  # the old cut, without an ellipsis

    page = c.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()
    assert f'<h2 title="{escape(text)}">{shorten(text, 120)}</h2>' in page
    article = c.get(reverse("admin:articles_article_change", args=[claim.article_id]))
    assert f'<h2 title="{LONG_TITLE}">{short_title}</h2>' in article.content.decode()
