"""The claim page names what review still needs with the workflow service's own rule
(claims.services.workflow.missing_for_review), so the hint beside "Submit for review" and the
service's refusal cannot disagree."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from claims.models import Claim, ClaimStatus
from claims.services.workflow import missing_for_review
from tests.factories import ClaimFactory, EditorFactory, EvidenceFactory, rating

pytestmark = pytest.mark.django_db


def test_a_blank_summary_is_named_as_missing_on_the_page_as_the_service_refuses_it(client):
    # The admin once kept its own copy of the rule, testing `not claim.summary`: a summary of
    # blanks passed there, the page showed no hint, and "Submit for review" was then refused.
    editor = EditorFactory()
    claim = ClaimFactory(
        status=ClaimStatus.IN_PROGRESS, assignee=editor, rating=rating("Mostly false")
    )
    EvidenceFactory(claim=claim)
    Claim.objects.filter(pk=claim.pk).update(summary="  \n ")
    client.force_login(editor)
    url = reverse("admin:claims_claim_change", args=[claim.pk])

    page = client.get(url)
    assert page.context["fc_missing_for_review"] == ["a summary"]
    assert "Still needed: a summary." in page.content.decode()

    response = client.post(
        reverse("admin:claims_claim_transition", args=[claim.pk, "submit"]),
        {"version": claim.version},
        follow=True,
    )
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Cannot submit for review yet: add a summary."
    ]
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.IN_PROGRESS


@pytest.mark.parametrize(
    ("has_rating", "summary", "evidence"),
    [(True, "Checked.", True), (False, "", False), (True, " ", True), (False, "Checked.", False)],
)
def test_the_page_lists_exactly_what_the_service_finds_missing(
    client, has_rating, summary, evidence
):
    editor = EditorFactory()
    claim = ClaimFactory(
        status=ClaimStatus.IN_PROGRESS,
        assignee=editor,
        rating=rating("Mostly false") if has_rating else None,
    )
    Claim.objects.filter(pk=claim.pk).update(summary=summary)
    if evidence:
        EvidenceFactory(claim=claim)
    claim.refresh_from_db()
    client.force_login(editor)
    page = client.get(reverse("admin:claims_claim_change", args=[claim.pk]))
    assert page.context["fc_missing_for_review"] == missing_for_review(claim)
