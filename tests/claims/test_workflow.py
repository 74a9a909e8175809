"""The editorial workflow through the services: every transition from every status by every role.

The expected table below is written out by hand from the issue, not derived from
`claims.workflow.TRANSITIONS`, so a change to the table that breaks the agreed rules fails here.
"""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.utils import timezone

from claims.models import (
    Claim,
    ClaimStatus,
)
from claims.services.workflow import (
    TRANSITION_SERVICES,
    TransitionRefused,
    annotation_add,
    claim_update,
    evidence_add,
    evidence_remove,
)
from claims.workflow import TRANSITIONS, available_transitions, edit_refusal
from tests.factories import (
    ClaimFactory,
    EvidenceFactory,
    rating,
)

pytestmark = pytest.mark.django_db

S = ClaimStatus
STATUSES = list(S.values)
ROLES = ["reviewer", "assignee", "other_editor", "admin"]

# (transition, status it starts from) -> the roles allowed to take it. Anything absent is refused.
ALLOWED: dict[tuple[str, str], set[str]] = {
    ("assign", S.NEW): {"reviewer"},
    ("assign", S.DISMISSED): {"reviewer"},
    ("assign", S.ASSIGNED): {"reviewer"},
    ("assign", S.IN_PROGRESS): {"reviewer"},
    ("assign", S.IN_REVIEW): {"reviewer"},
    ("dismiss", S.NEW): {"reviewer"},
    ("dismiss", S.ASSIGNED): {"reviewer"},
    ("start", S.ASSIGNED): {"reviewer", "assignee"},
    ("submit", S.IN_PROGRESS): {"reviewer", "assignee"},
    ("send_back", S.IN_REVIEW): {"reviewer"},
    ("publish", S.IN_REVIEW): {"reviewer"},
    ("reopen", S.PUBLISHED): {"reviewer"},
    ("unpublish", S.PUBLISHED): {"reviewer"},
    ("correct", S.PUBLISHED): {"reviewer"},
    ("confirm_verdict", S.PUBLISHED): {"reviewer"},
}

TARGET = {
    "assign": S.ASSIGNED,
    "dismiss": S.DISMISSED,
    "start": S.IN_PROGRESS,
    "submit": S.IN_REVIEW,
    "send_back": S.IN_PROGRESS,
    "publish": S.PUBLISHED,
    "reopen": S.IN_PROGRESS,
    "unpublish": S.IN_REVIEW,
    "correct": S.PUBLISHED,
    "confirm_verdict": S.PUBLISHED,
}


def test_the_expected_table_covers_every_transition_in_the_workflow():
    assert set(TARGET) == set(TRANSITIONS)
    assert {name for name, _ in ALLOWED} == set(TRANSITIONS)


def claim_in(status: str, assignee, *, evidence: bool = True) -> Claim:
    """A claim in `status` with everything the status requires (and a complete verdict, so that
    only role and status decide whether a transition goes through)."""
    in_work = status in (S.ASSIGNED, S.IN_PROGRESS, S.IN_REVIEW, S.PUBLISHED)
    claim = ClaimFactory(
        status=status,
        assignee=assignee if in_work else None,
        rating=rating("Mostly false"),
        summary="The port handled 3.9 million containers, not 4.2 million.",
        dismiss_reason="Opinion, nothing to check" if status == S.DISMISSED else "",
        published_at=timezone.now() if status == S.PUBLISHED else None,
    )
    if evidence:
        EvidenceFactory(claim=claim)
    return claim


def call(name: str, claim: Claim, actor, people, **extra) -> Claim:
    kwargs: dict = {"claim": claim, "actor": actor, "expected_version": claim.version}
    if name == "assign":
        kwargs["assignee"] = people["assignee"]
    if name == "dismiss":
        kwargs["reason"] = "Not a factual claim."
    if TRANSITIONS[name].needs_note and name != "dismiss":
        kwargs["note"] = "Please check the 2023 figure."
    if name == "correct":
        kwargs["rating"] = rating("True")  # claim_in's is "Mostly false"
    kwargs.update(extra)
    return TRANSITION_SERVICES[name](**kwargs)


CASES = list(itertools.product(TRANSITIONS, STATUSES, ROLES))


@pytest.mark.parametrize(("name", "status", "role"), CASES, ids=["-".join(c) for c in CASES])
def test_transition_by_role_from_status(name, status, role, people):
    claim = claim_in(status, people["assignee"])
    actor = people[role]
    before = Claim.objects.get(pk=claim.pk)
    allowed = role in ALLOWED.get((name, status), set())

    assert (name in {t.name for t in available_transitions(actor, claim)}) is allowed

    if allowed:
        result = call(name, claim, actor, people)
        after = Claim.objects.get(pk=claim.pk)
        assert result.status == after.status == TARGET[name]
        assert after.version == before.version + 1
        assert after.updated_by == actor
    else:
        with pytest.raises(TransitionRefused) as refused:
            call(name, claim, actor, people)
        message = refused.value.message
        if status not in TRANSITIONS[name].sources:
            assert f"the claim is {S(status).label.lower()}" in message
        elif TRANSITIONS[name].actors == {"reviewer"}:
            assert message == f"Only a reviewer may {TRANSITIONS[name].doing_to_a_claim}."
        else:
            assert "Only the assignee (assigned-editor) or a reviewer" in message
        after = Claim.objects.get(pk=claim.pk)
        assert (after.status, after.version) == (before.status, before.version)


# Who may change the verdict and the evidence, per status.
EDITABLE: dict[str, set[str]] = {
    S.NEW: {"reviewer"},
    S.ASSIGNED: {"reviewer", "assignee"},
    S.IN_PROGRESS: {"reviewer", "assignee"},
    S.IN_REVIEW: {"reviewer"},
    S.DISMISSED: set(),
    S.PUBLISHED: set(),
}
EDIT_CASES = list(itertools.product(STATUSES, ROLES))


@pytest.mark.parametrize(("status", "role"), EDIT_CASES, ids=["-".join(c) for c in EDIT_CASES])
def test_editing_verdict_and_evidence_by_role_and_status(status, role, people):
    claim = claim_in(status, people["assignee"])
    actor = people[role]
    allowed = role in EDITABLE[status]
    assert (edit_refusal(actor, claim) is None) is allowed
    if allowed:
        claim_update(claim=claim, actor=actor, expected_version=claim.version, summary="Revised.")
        evidence_add(claim=claim, actor=actor, url="https://stats.example/revised")
        assert Claim.objects.get(pk=claim.pk).summary == "Revised."
        assert claim.evidence.count() == 2
    else:
        with pytest.raises(TransitionRefused):
            claim_update(claim=claim, actor=actor, expected_version=claim.version, summary="No.")
        with pytest.raises(TransitionRefused):
            evidence_add(claim=claim, actor=actor, url="https://stats.example/no")
        with pytest.raises(TransitionRefused):
            evidence_remove(evidence=claim.evidence.get(), actor=actor)
        assert claim.evidence.count() == 1


# --- due dates: reviewers, on claims being worked on, never in the past ---------------------

DUE_CASES = list(itertools.product(STATUSES, ROLES))


@pytest.mark.parametrize(("status", "role"), DUE_CASES, ids=["-".join(c) for c in DUE_CASES])
def test_due_dates_are_set_by_reviewers_on_claims_being_worked_on(status, role, people):
    claim = claim_in(status, people["assignee"])
    due = timezone.localdate() + datetime.timedelta(days=3)
    worked_on = status in (S.ASSIGNED, S.IN_PROGRESS, S.IN_REVIEW)
    if role == "reviewer" and worked_on:
        claim_update(claim=claim, actor=people[role], expected_version=claim.version, due_date=due)
        assert Claim.objects.get(pk=claim.pk).due_date == due
        return
    with pytest.raises(TransitionRefused) as refused:
        claim_update(claim=claim, actor=people[role], expected_version=claim.version, due_date=due)
    if role != "reviewer":
        assert refused.value.message == "Only a reviewer may change the due date."
    else:
        assert refused.value.message.startswith(
            f"The claim is {S(status).label.lower()}; only a claim being worked on "
            "(assigned, in progress, in review) has a due date."
        )
    after = Claim.objects.get(pk=claim.pk)
    assert (after.due_date, after.version) == (None, claim.version)


# --- the notes thread: the assignee and reviewers ------------------------------------------

NOTE_CASES = list(itertools.product(STATUSES, ROLES))


@pytest.mark.parametrize(("status", "role"), NOTE_CASES, ids=["-".join(c) for c in NOTE_CASES])
def test_notes_are_written_by_the_assignee_and_reviewers_in_any_status(status, role, people):
    claim = claim_in(status, people["assignee"])
    has_assignee = status in (S.ASSIGNED, S.IN_PROGRESS, S.IN_REVIEW, S.PUBLISHED)
    allowed = role == "reviewer" or (role == "assignee" and has_assignee)
    if allowed:
        note = annotation_add(claim=claim, actor=people[role], body="Called the port.")
        assert (note.author, note.body) == (people[role], "Called the port.")
        return
    with pytest.raises(TransitionRefused) as refused:
        annotation_add(claim=claim, actor=people[role], body="Called the port.")
    if role == "admin":
        assert refused.value.message == "Only editors and reviewers may add notes to claims."
    else:
        assignee = "assigned-editor" if has_assignee else "nobody"
        assert refused.value.message == (
            f"Only the assignee ({assignee}) or a reviewer may add notes to this claim."
        )
    assert not claim.annotations.exists()


# --- versions: what makes a page or an ETag stale ---------------------------------------------
