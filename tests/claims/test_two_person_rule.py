"""The two-person rule: whoever submitted a claim for review does not publish it (claims.workflow,
setting FACTCHECK_TWO_PERSON_RULE). Through the service, the API and the admin alike."""

from __future__ import annotations

import pytest

from claims.models import ClaimStatus, PublicationEvent
from claims.services.workflow import TransitionRefused, claim_publish, claim_submit
from tests.claims.admin.support import change_url, client_for, texts, transition_url
from tests.conftest import ready_for_review, token_client
from tests.factories import ClaimFactory, ReviewerFactory

pytestmark = pytest.mark.django_db

BLOCKED = "You submitted this claim; another reviewer must publish it"


@pytest.fixture
def submitted_by_reviewer(reviewer, editor):
    """A reviewer assigned to the claim does the work and submits it: the case the rule is for."""
    claim = ready_for_review(ClaimFactory(), editor, reviewer)
    return claim_submit(claim=claim, actor=reviewer)


def test_the_reviewer_who_submitted_cannot_publish_through_the_service(
    submitted_by_reviewer, reviewer
):
    with pytest.raises(TransitionRefused, match=BLOCKED):
        claim_publish(claim=submitted_by_reviewer, actor=reviewer)
    submitted_by_reviewer.refresh_from_db()
    assert submitted_by_reviewer.status == ClaimStatus.IN_REVIEW
    assert not PublicationEvent.objects.filter(claim=submitted_by_reviewer).exists()


def test_another_reviewer_publishes_what_one_submitted(submitted_by_reviewer):
    second = ReviewerFactory(username="second-reviewer")
    claim = claim_publish(claim=submitted_by_reviewer, actor=second)
    assert claim.status == ClaimStatus.PUBLISHED
    assert claim.submitted_by_id != second.pk


def test_the_editor_submits_and_the_reviewer_publishes(reviewer, editor):
    claim = ready_for_review(ClaimFactory(), editor, reviewer)
    claim = claim_submit(claim=claim, actor=editor)
    assert claim.submitted_by == editor
    assert claim_publish(claim=claim, actor=reviewer).status == ClaimStatus.PUBLISHED


def test_with_the_rule_off_one_reviewer_may_submit_and_publish(
    settings, submitted_by_reviewer, reviewer
):
    settings.FACTCHECK_TWO_PERSON_RULE = False
    assert claim_publish(claim=submitted_by_reviewer, actor=reviewer).status == "published"


def test_the_api_refuses_with_the_reason(submitted_by_reviewer, reviewer):
    api = token_client(reviewer)
    response = api.post(f"/api/claims/{submitted_by_reviewer.pk}/publish/", {}, format="json")
    assert response.status_code == 403
    assert BLOCKED in response.json()["detail"]
    second = token_client(ReviewerFactory())
    response = second.post(f"/api/claims/{submitted_by_reviewer.pk}/publish/", {}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "published"


def test_the_claim_page_explains_the_rule_and_offers_no_publish_button(
    client, submitted_by_reviewer, reviewer
):
    c = client_for(client, reviewer)
    html = c.get(change_url(submitted_by_reviewer)).content.decode()
    assert BLOCKED in html
    assert 'value="publish"' not in html
    # A crafted POST gets the same reason, and nothing is published.
    response = c.post(
        transition_url(submitted_by_reviewer, "publish"),
        {"version": submitted_by_reviewer.version},
    )
    assert any(BLOCKED in t for t in texts(response))
    submitted_by_reviewer.refresh_from_db()
    assert submitted_by_reviewer.status == ClaimStatus.IN_REVIEW


def test_another_reviewers_page_offers_publish_without_the_explanation(
    client, submitted_by_reviewer
):
    html = client_for(client, ReviewerFactory()).get(change_url(submitted_by_reviewer))
    body = html.content.decode()
    assert 'value="publish"' in body
    assert BLOCKED not in body
