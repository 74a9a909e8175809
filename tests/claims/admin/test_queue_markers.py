"""Queues that tell the story: "sent back" in My queue (marker, note, count) and, in Triage,
"matches a published claim" with the prior verdict (marker and filter). A fixed number of queries
per page whatever the number of rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import ClaimMatch
from claims.services.workflow import claim_send_back, claim_submit
from tests.claims.admin.support import CHANGELIST, S, claim_in, client_for
from tests.conftest import published_claim, ready_for_review
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def _sent_back(editor, reviewer, note="Cite the statistics office table."):
    claim = ready_for_review(ClaimFactory(), editor, reviewer)
    claim = claim_submit(claim=claim, actor=editor)
    return claim_send_back(claim=claim, actor=reviewer, note=note)


def test_my_queue_marks_the_claims_sent_back_with_the_note_and_counts_them(
    client, reviewer, editor
):
    back = _sent_back(editor, reviewer)
    _sent_back(editor, reviewer, note="Second source please.")
    fresh = claim_in(S.IN_PROGRESS, editor)
    response = client_for(client, editor).get(CHANGELIST, {"view": "mine"})
    html = response.content.decode()
    assert "My queue · 2 sent back" in html
    assert html.count("↩ sent back") == 2
    assert 'title="Cite the statistics office table."' in html
    rows = {c.pk: c for c in response.context["cl"].result_list}
    assert len(rows) == 3 and {back.pk, fresh.pk} <= set(rows)
    listed = client.get(CHANGELIST, {"sent_back": "yes"}).context["cl"].result_list
    assert fresh.pk not in [c.pk for c in listed]
    assert back.pk in [c.pk for c in listed]


def test_a_resubmitted_claim_is_no_longer_marked(client, reviewer, editor):
    back = _sent_back(editor, reviewer)
    claim_submit(claim=back, actor=editor)
    html = client_for(client, editor).get(CHANGELIST, {"view": "mine"}).content.decode()
    assert "↩ sent back" not in html
    assert "My queue · " not in html


def test_triage_marks_and_filters_claims_that_match_a_published_claim(client, reviewer, editor):
    prior = published_claim(editor, reviewer, label="False")
    new = claim_in(S.NEW)
    lonely = claim_in(S.NEW)
    ClaimMatch.objects.create(claim=new, matched=prior, score=0.9, method="figures")
    c = client_for(client, reviewer)
    html = c.get(CHANGELIST, {"view": "triage"}).content.decode()
    assert f"matches published #{prior.pk}: False" in html
    assert html.count("matches published #") == 1
    listed = c.get(CHANGELIST, {"matches_published": "yes"}).context["cl"].result_list
    assert [x.pk for x in listed] == [new.pk]
    listed = (
        c.get(CHANGELIST, {"matches_published": "no", "status__exact": "new"})
        .context["cl"]
        .result_list
    )
    assert [x.pk for x in listed] == [lonely.pk]


def test_a_rejected_match_is_not_a_marker(client, reviewer, editor):
    prior = published_claim(editor, reviewer)
    new = claim_in(S.NEW)
    ClaimMatch.objects.create(
        claim=new, matched=prior, score=0.9, method="figures", status=ClaimMatch.Status.REJECTED
    )
    html = client_for(client, reviewer).get(CHANGELIST, {"view": "triage"}).content.decode()
    assert "matches published #" not in html


def _queries(client, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(CHANGELIST, params).status_code == 200
    return len(queries)


@pytest.mark.parametrize("view", ["mine", "triage"])
def test_marker_queues_cost_the_same_queries_for_2_and_12_claims(client, reviewer, editor, view):
    prior = published_claim(editor, reviewer)
    c = client_for(client, editor if view == "mine" else reviewer)

    def add(n: int) -> None:
        for _ in range(n):
            if view == "mine":
                _sent_back(editor, reviewer)
            else:
                ClaimMatch.objects.create(
                    claim=claim_in(S.NEW), matched=prior, score=0.9, method="figures"
                )

    add(2)
    few = _queries(c, {"view": view})
    add(10)
    assert _queries(c, {"view": view}) == few
