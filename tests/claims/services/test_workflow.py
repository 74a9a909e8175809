import datetime

import pytest
from django.utils import timezone

from claims.models import Annotation, ClaimEvent, ClaimStatus, PublicationEvent
from claims.services.workflow import (
    StaleClaim,
    TransitionRefused,
    WorkflowError,
    claim_assign,
    claim_dismiss,
    claim_publish,
    claim_reopen,
    claim_send_back,
    claim_start,
    claim_submit,
    claim_update,
    evidence_add,
)
from claims.workflow import TRANSITIONS, available_transitions
from tests.factories import ClaimFactory, EditorFactory, ReviewerFactory, rating

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer():
    return ReviewerFactory()


@pytest.fixture
def editor():
    return EditorFactory()


def _ready_for_review(claim, editor, reviewer):
    claim = claim_assign(claim=claim, actor=reviewer, assignee=editor)
    claim = claim_start(claim=claim, actor=editor)
    evidence = evidence_add(
        claim=claim, actor=editor, url="https://stats.example/ports", stance="refutes"
    )
    claim = evidence.claim  # adding evidence bumped the version
    return claim_update(
        claim=claim,
        actor=editor,
        expected_version=claim.version,
        rating=rating("Mostly false"),
        summary="The port handled 3.9 million containers, not 4.2 million.",
    )


def test_full_flow_from_new_to_published_records_one_publication(reviewer, editor):
    claim = _ready_for_review(ClaimFactory(), editor, reviewer)
    claim = claim_submit(claim=claim, actor=editor)
    assert claim.status == ClaimStatus.IN_REVIEW
    claim = claim_publish(claim=claim, actor=reviewer)
    assert claim.status == ClaimStatus.PUBLISHED
    assert claim.published_at is not None
    assert list(PublicationEvent.objects.values_list("kind", flat=True)) == ["published"]


def test_editor_cannot_assign_or_publish(editor):
    claim = ClaimFactory()
    with pytest.raises(TransitionRefused, match="Only a reviewer may assign"):
        claim_assign(claim=claim, actor=editor, assignee=editor)


def test_submit_without_evidence_names_what_is_missing(reviewer, editor):
    claim = claim_assign(claim=ClaimFactory(), actor=reviewer, assignee=editor)
    claim = claim_start(claim=claim, actor=editor)
    with pytest.raises(TransitionRefused) as refused:
        claim_submit(claim=claim, actor=editor)
    assert "a rating" in refused.value.message
    assert "a summary" in refused.value.message
    assert "at least one evidence source" in refused.value.message


def test_other_editor_cannot_start_someone_elses_claim(reviewer, editor):
    claim = claim_assign(claim=ClaimFactory(), actor=reviewer, assignee=editor)
    with pytest.raises(TransitionRefused, match="Only the assignee"):
        claim_start(claim=claim, actor=EditorFactory())


def test_stale_edit_is_refused_naming_who_changed_it(reviewer, editor):
    claim = claim_assign(claim=ClaimFactory(), actor=reviewer, assignee=editor)
    opened_version = claim.version
    claim_update(claim=claim, actor=reviewer, expected_version=opened_version, summary="First.")
    with pytest.raises(StaleClaim, match=reviewer.username):
        claim_update(claim=claim, actor=editor, expected_version=opened_version, summary="Second.")


def test_dismiss_requires_reason_and_records_it(reviewer):
    claim = ClaimFactory()
    with pytest.raises(WorkflowError):
        claim_dismiss(claim=claim, actor=reviewer, reason="  ")
    claim = claim_dismiss(claim=claim, actor=reviewer, reason="Opinion, nothing to check")
    assert claim.status == ClaimStatus.DISMISSED
    assert Annotation.objects.get(claim=claim).kind == Annotation.Kind.DISMISS


def test_send_back_then_reopen_after_publication_exports_a_correction(reviewer, editor):
    claim = _ready_for_review(ClaimFactory(), editor, reviewer)
    claim = claim_submit(claim=claim, actor=editor)
    claim = claim_send_back(claim=claim, actor=reviewer, note="Cite the annual report.")
    assert claim.status == ClaimStatus.IN_PROGRESS
    claim = claim_submit(claim=claim, actor=editor)
    claim = claim_publish(claim=claim, actor=reviewer)
    claim = claim_reopen(claim=claim, actor=reviewer, note="Figure revised by the port.")
    assert claim.status == ClaimStatus.IN_PROGRESS
    claim = claim_submit(claim=claim, actor=editor)
    claim = claim_publish(claim=claim, actor=reviewer)
    kinds = list(PublicationEvent.objects.filter(claim=claim).values_list("kind", flat=True))
    assert kinds == ["published", "corrected"]


def test_history_records_every_status_change_with_who(reviewer, editor):
    claim = claim_assign(
        claim=ClaimFactory(),
        actor=reviewer,
        assignee=editor,
        due_date=timezone.localdate() + datetime.timedelta(days=2),
    )
    claim_start(claim=claim, actor=editor)
    events = list(ClaimEvent.objects.filter(pgh_obj=claim).order_by("pgh_id"))
    assert [e.status for e in events] == ["new", "assigned", "in_progress"]
    assert events[1].updated_by_id == reviewer.pk
    assert events[2].updated_by_id == editor.pk


def test_available_transitions_for_a_new_claim(reviewer, editor):
    claim = ClaimFactory()
    assert [t.name for t in available_transitions(reviewer, claim)] == ["assign", "dismiss"]
    assert available_transitions(editor, claim) == []
    assert set(TRANSITIONS) >= {"assign", "start", "submit", "send_back", "publish", "reopen"}
