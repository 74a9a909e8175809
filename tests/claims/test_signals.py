"""The claims -> cms seam, from the claims side: `publication_event_created` is sent inside the
transaction that writes the event, so what a receiver writes commits or rolls back with it."""

from __future__ import annotations

import pytest
from django.db import connection

from claims.models import PublicationEvent
from claims.services.workflow import (
    claim_assign,
    claim_publish,
    claim_start,
    claim_submit,
    claim_update,
    evidence_add,
)
from claims.signals import publication_event_created
from tests.factories import ClaimFactory, EditorFactory, ReviewerFactory, rating

pytestmark = pytest.mark.django_db


def in_review(editor, reviewer):
    claim = claim_assign(claim=ClaimFactory(), actor=reviewer, assignee=editor)
    claim = claim_start(claim=claim, actor=editor)
    claim = evidence_add(claim=claim, actor=editor, url="https://stats.example/ports").claim
    claim = claim_update(
        claim=claim,
        actor=editor,
        expected_version=claim.version,
        rating=rating("Mostly false"),
        summary="The port handled 3.9 million containers.",
    )
    return claim_submit(claim=claim, actor=editor)


@pytest.fixture
def receiver():
    seen: list[tuple[PublicationEvent, bool, bool]] = []
    fail = {"now": False}

    def receive(sender, *, event, **kwargs):
        seen.append(
            (
                event,
                connection.in_atomic_block,
                PublicationEvent.objects.filter(pk=event.pk).exists(),
            )
        )
        if fail["now"]:
            raise RuntimeError("the receiver failed")

    publication_event_created.connect(receive, dispatch_uid="test-publication-event-created")
    yield seen, fail
    publication_event_created.disconnect(dispatch_uid="test-publication-event-created")


def test_publishing_sends_the_event_inside_its_transaction(receiver):
    seen, _ = receiver
    editor, reviewer = EditorFactory(), ReviewerFactory()
    claim = claim_publish(claim=in_review(editor, reviewer), actor=reviewer)
    ((event, in_transaction, written),) = seen
    assert event.claim_id == claim.pk and event.kind == PublicationEvent.Kind.PUBLISHED
    assert in_transaction and written  # the event row is there, not yet committed


def test_a_failing_receiver_rolls_the_publication_back(receiver):
    seen, fail = receiver
    editor, reviewer = EditorFactory(), ReviewerFactory()
    claim = in_review(editor, reviewer)
    fail["now"] = True
    with pytest.raises(RuntimeError):
        claim_publish(claim=claim, actor=reviewer)
    assert len(seen) == 1
    assert not PublicationEvent.objects.exists()
    claim.refresh_from_db()
    assert claim.status == "in_review"
