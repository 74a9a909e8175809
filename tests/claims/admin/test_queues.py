"""The claim list's views (My queue, Triage, Awaiting review, All claims) and its filters
(claims/admin/queues.py)."""

from __future__ import annotations

import datetime

import pytest
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
    rating,
)

pytestmark = pytest.mark.django_db


def test_reviewer_lands_on_triage_of_new_claims_by_check_worthiness(client, reviewer, editor):
    low = claim_in(S.NEW, checkworthiness=0.3)
    high = claim_in(S.NEW, checkworthiness=0.9)
    claim_in(S.ASSIGNED, editor)
    response = client_for(client, reviewer).get(CHANGELIST)
    assert response.status_code == 200
    assert response.context["title"] == "Triage"
    assert list(response.context["cl"].result_list) == [high, low]


def test_editor_lands_on_their_queue_by_due_date(client, reviewer, editor):
    today = timezone.localdate()
    later = claim_in(S.ASSIGNED, editor, due_date=today + datetime.timedelta(days=5))
    sooner = claim_in(S.IN_PROGRESS, editor, due_date=today + datetime.timedelta(days=1))
    undated = claim_in(S.ASSIGNED, editor)
    claim_in(S.ASSIGNED, EditorFactory())  # someone else's
    claim_in(S.NEW)
    response = client_for(client, editor).get(CHANGELIST)
    assert response.context["title"] == "My queue"
    assert list(response.context["cl"].result_list) == [sooner, later, undated]
    # Editors are not offered the reviewer views.
    assert "view=triage" not in response.content.decode()


@pytest.fixture
def pages_of_two(monkeypatch):
    from django.contrib import admin

    monkeypatch.setattr(admin.site._registry[Claim], "list_per_page", 2)


def test_triage_stays_triage_on_page_two_and_when_sorted(client, reviewer, editor, pages_of_two):
    new = [claim_in(S.NEW, checkworthiness=score) for score in (0.9, 0.7, 0.5, 0.3)]
    claim_in(S.ASSIGNED, editor, checkworthiness=0.95)
    claim_in(S.PUBLISHED, editor, checkworthiness=0.8)
    claim_in(S.DISMISSED, checkworthiness=0.6)
    c = client_for(client, reviewer)
    first = c.get(CHANGELIST)
    assert 'href="?p=2"' in first.content.decode()  # Django's page link carries no view
    second = c.get(CHANGELIST, {"p": "2"})
    assert second.context["title"] == "Triage"
    assert list(second.context["cl"].result_list) == new[2:]
    by_score_ascending = c.get(CHANGELIST, {"o": "3"})  # the score column, lowest first
    assert by_score_ascending.context["title"] == "Triage"
    assert list(by_score_ascending.context["cl"].result_list) == [new[3], new[2]]
    assert c.get(CHANGELIST, {"o": "3", "p": "2"}).context["cl"].result_list[1] == new[0]


def test_my_queue_stays_my_queue_on_page_two(client, editor, pages_of_two):
    today = timezone.localdate()
    mine = [
        claim_in(S.ASSIGNED, editor, due_date=today + datetime.timedelta(days=d)) for d in (1, 2, 3)
    ]
    claim_in(S.NEW)
    claim_in(S.ASSIGNED, EditorFactory())
    response = client_for(client, editor).get(CHANGELIST, {"p": "2"})
    assert response.context["title"] == "My queue"
    assert list(response.context["cl"].result_list) == mine[2:]


def test_any_other_filter_looks_across_all_claims(client, reviewer, editor):
    published = claim_in(S.PUBLISHED, editor)
    claim_in(S.NEW)
    response = client_for(client, reviewer).get(CHANGELIST, {"status__exact": "published"})
    assert list(response.context["cl"].result_list) == [published]
    response = client.get(CHANGELIST, {"view": "all"})
    assert response.context["cl"].result_count == 2


def test_filters_for_overdue_assignee_outlet_and_search(client, reviewer, editor):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    overdue = claim_in(S.IN_PROGRESS, editor)
    Claim.objects.filter(pk=overdue.pk).update(due_date=yesterday)
    other = claim_in(S.NEW, article=ArticleFactory(outlet="Valley Times", title="Dam levels"))
    c = client_for(client, reviewer)

    def results(**params):
        return list(c.get(CHANGELIST, params).context["cl"].result_list)

    assert results(overdue="yes") == [overdue]
    assert results(assignee=str(editor.pk)) == [overdue]
    assert results(assignee="none") == [other]
    assert results(outlet="Valley Times") == [other]
    assert results(q="dam levels") == [other]
    assert results(consistency_flag__exact="inconsistent") == []
    response = c.get(CHANGELIST, {"overdue": "yes"})
    assert "(overdue)" in response.content.decode()


def test_filters_for_type_rating_dates_and_consistency_and_search_in_the_claim_text(
    client, reviewer, editor
):
    long_ago = timezone.now() - datetime.timedelta(days=400)
    old = claim_in(S.PUBLISHED, editor, article=ArticleFactory(published_at=long_ago))
    Claim.objects.filter(pk=old.pk).update(created_at=long_ago, rating=rating("True"))
    flagged = claim_in(
        S.NEW,
        claim_type="comparison",
        consistency_flag="inconsistent",
        article=ArticleFactory(body="Exports rose 12 percent to a record. More text."),
    )
    c = client_for(client, reviewer)

    def results(**params):
        response = c.get(CHANGELIST, params)
        assert response.status_code == 200
        return list(response.context["cl"].result_list)

    assert results(claim_type__exact="comparison") == [flagged]
    assert results(rating__id__exact=str(rating("True").pk)) == [old]
    assert results(consistency_flag__exact="inconsistent") == [flagged]
    # As the date filters' own links put it: an aware datetime.
    year_ago = str(timezone.localtime() - datetime.timedelta(days=365))
    assert results(**{"created_at__gte": year_ago}) == [flagged]
    assert results(**{"article__published_at__lt": year_ago}) == [old]
    assert results(q="exports rose") == [flagged]
