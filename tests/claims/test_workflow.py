"""The editorial workflow through the services: every transition from every status by every role.

The expected table below is written out by hand from the issue, not derived from
`claims.workflow.TRANSITIONS`, so a change to the table that breaks the agreed rules fails here.
"""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from claims.models import (
    Annotation,
    AnnotationEvent,
    Claim,
    ClaimEvent,
    ClaimStatus,
    Evidence,
    EvidenceEvent,
    PublicationEvent,
)
from claims.roles import ADMIN
from claims.services.workflow import (
    TRANSITION_SERVICES,
    StaleClaim,
    TransitionRefused,
    WorkflowError,
    annotation_add,
    claim_assign,
    claim_publish,
    claim_reopen,
    claim_start,
    claim_submit,
    claim_update,
    evidence_add,
    evidence_remove,
)
from claims.workflow import TRANSITIONS, available_transitions, edit_refusal
from tests.factories import (
    ClaimFactory,
    EditorFactory,
    EvidenceFactory,
    ReviewerFactory,
    UserFactory,
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
}


def test_the_expected_table_covers_every_transition_in_the_workflow():
    assert set(TARGET) == set(TRANSITIONS)
    assert {name for name, _ in ALLOWED} == set(TRANSITIONS)


@pytest.fixture
def people():
    admin_user = UserFactory(username="admin-role")
    admin_user.groups.add(Group.objects.get(name=ADMIN))
    return {
        "reviewer": ReviewerFactory(username="desk-lead"),
        "assignee": EditorFactory(username="assigned-editor"),
        "other_editor": EditorFactory(username="other-editor"),
        "admin": admin_user,
    }


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
            assert message == f"Only a reviewer may {TRANSITIONS[name].label.lower()} a claim."
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


@pytest.mark.parametrize("missing", ["rating", "summary", "evidence"])
def test_submit_needs_rating_summary_and_evidence(missing, people):
    claim = claim_in(S.IN_PROGRESS, people["assignee"], evidence=missing != "evidence")
    if missing == "rating":
        Claim.objects.filter(pk=claim.pk).update(rating=None)
    if missing == "summary":
        Claim.objects.filter(pk=claim.pk).update(summary="")
    with pytest.raises(TransitionRefused) as refused:
        claim_submit(claim=claim, actor=people["assignee"])
    expected = {
        "rating": "a rating",
        "summary": "a summary",
        "evidence": "at least one evidence source",
    }[missing]
    assert refused.value.message == f"Cannot submit for review yet: add {expected}."
    assert Claim.objects.get(pk=claim.pk).status == S.IN_PROGRESS


def test_reviewer_cannot_publish_without_evidence(people):
    claim = claim_in(S.IN_REVIEW, people["assignee"])
    evidence_remove(evidence=claim.evidence.get(), actor=people["reviewer"])
    with pytest.raises(TransitionRefused, match="Cannot publish: add at least one evidence source"):
        claim_publish(claim=claim, actor=people["reviewer"])
    assert Claim.objects.get(pk=claim.pk).status == S.IN_REVIEW
    assert not PublicationEvent.objects.exists()


def test_claim_in_review_keeps_its_verdict(people):
    claim = claim_in(S.IN_REVIEW, people["assignee"])
    with pytest.raises(WorkflowError, match="keeps its rating and summary"):
        claim_update(
            claim=claim, actor=people["reviewer"], expected_version=claim.version, summary=""
        )


def test_reassign_moves_the_work_to_the_new_editor(people):
    claim = claim_in(S.IN_PROGRESS, people["assignee"])
    newcomer = people["other_editor"]
    due = timezone.localdate() + datetime.timedelta(days=3)
    claim = claim_assign(
        claim=claim, actor=people["reviewer"], assignee=newcomer, due_date=due, expected_version=1
    )
    assert (claim.status, claim.assignee, claim.due_date) == (S.ASSIGNED, newcomer, due)
    # The previous assignee has lost the claim; the new one can start it.
    assert edit_refusal(people["assignee"], claim) is not None
    with pytest.raises(TransitionRefused, match=r"Only the assignee \(other-editor\)"):
        claim_start(claim=claim, actor=people["assignee"])
    assert claim_start(claim=claim, actor=newcomer).status == S.IN_PROGRESS


def test_assign_refuses_past_due_dates_and_users_without_a_role(people):
    claim = claim_in(S.NEW, None)
    with pytest.raises(WorkflowError, match="is in the past"):
        claim_assign(
            claim=claim,
            actor=people["reviewer"],
            assignee=people["assignee"],
            due_date=timezone.localdate() - datetime.timedelta(days=1),
        )
    with pytest.raises(WorkflowError, match="neither an editor nor a reviewer"):
        claim_assign(claim=claim, actor=people["reviewer"], assignee=people["admin"])
    assert Claim.objects.get(pk=claim.pk).status == S.NEW


def test_reopen_keeps_the_published_verdict_until_the_correction_is_published(people):
    reviewer, editor = people["reviewer"], people["assignee"]
    claim = claim_in(S.IN_REVIEW, editor)
    claim = claim_publish(claim=claim, actor=reviewer)
    with pytest.raises(WorkflowError, match="A note is required"):
        claim_reopen(claim=claim, actor=reviewer, note=" ")
    claim = claim_reopen(claim=claim, actor=reviewer, note="The port revised its figure.")
    assert (claim.status, claim.assignee) == (S.IN_PROGRESS, editor)
    assert claim.annotations.get().kind == Annotation.Kind.REOPEN
    claim = claim_update(
        claim=claim, actor=editor, expected_version=claim.version, summary="Corrected."
    )
    claim = claim_submit(claim=claim, actor=editor)
    claim_publish(claim=claim, actor=reviewer)
    events = PublicationEvent.objects.filter(claim=claim).order_by("id")
    assert [(e.kind, e.summary) for e in events] == [
        ("published", "The port handled 3.9 million containers, not 4.2 million."),
        ("corrected", "Corrected."),
    ]


def test_lost_update_is_refused_naming_who_changed_it(people):
    reviewer, editor = people["reviewer"], people["assignee"]
    claim = claim_in(S.IN_PROGRESS, editor)
    opened_at = claim.version
    claim_update(claim=claim, actor=editor, expected_version=opened_at, summary="Editor's text.")
    with pytest.raises(StaleClaim) as stale:
        claim_update(
            claim=claim, actor=reviewer, expected_version=opened_at, summary="Reviewer's text."
        )
    assert "changed by assigned-editor" in stale.value.message
    assert stale.value.changed_by == editor
    assert stale.value.current_version == opened_at + 1
    assert Claim.objects.get(pk=claim.pk).summary == "Editor's text."
    # A transition taken on a stale page is refused the same way.
    with pytest.raises(StaleClaim):
        claim_submit(claim=claim, actor=reviewer, expected_version=opened_at)


def test_history_records_status_verdict_evidence_and_notes_with_who_and_why(people):
    reviewer, editor = people["reviewer"], people["assignee"]
    claim = claim_in(S.NEW, None, evidence=False)
    claim = claim_assign(claim=claim, actor=reviewer, assignee=editor)
    claim = claim_start(claim=claim, actor=editor)
    evidence = evidence_add(claim=claim, actor=editor, url="https://stats.example/ports")
    evidence_pk = evidence.pk
    claim = evidence.claim  # adding evidence bumped the version
    claim = claim_update(claim=claim, actor=editor, expected_version=claim.version, summary="New.")
    evidence_remove(evidence=evidence, actor=editor)

    events = list(
        ClaimEvent.objects.filter(pgh_obj=claim).select_related("pgh_context").order_by("pgh_id")
    )
    assert [(e.status, e.summary == "New.") for e in events] == [
        (S.NEW, False),
        (S.ASSIGNED, False),
        (S.IN_PROGRESS, False),
        (S.IN_PROGRESS, False),
        (S.IN_PROGRESS, True),
        (S.IN_PROGRESS, True),
    ]
    assert [e.pgh_context.metadata["action"] for e in events[1:]] == [
        "assign",
        "start",
        "add evidence",  # the claim's version moves with its evidence
        "edit",
        "remove evidence",
    ]
    assert [e.pgh_context.metadata["user"] for e in events[1:]] == [
        reviewer.pk,
        editor.pk,
        editor.pk,
        editor.pk,
        editor.pk,
    ]
    evidence_events = EvidenceEvent.objects.filter(pgh_obj_id=evidence_pk).order_by("pgh_id")
    assert [(e.pgh_label, e.pgh_context.metadata["action"]) for e in evidence_events] == [
        ("insert", "add evidence"),
        ("delete", "remove evidence"),
    ]
    assert not Evidence.objects.filter(pk=evidence_pk).exists()


def test_history_catches_writes_that_bypass_the_services(people):
    claim = claim_in(S.NEW, None)
    Claim.objects.filter(pk=claim.pk).update(summary="Changed by a bulk update.")
    latest = ClaimEvent.objects.filter(pgh_obj=claim).latest("pgh_id")
    assert latest.summary == "Changed by a bulk update."
    Annotation.objects.create(claim=claim, author=people["reviewer"], body="A note.")
    assert AnnotationEvent.objects.filter(claim_id=claim.pk, body="A note.").exists()


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


def test_a_past_due_date_is_refused_by_the_service_but_an_overdue_claim_stays_editable(people):
    reviewer = people["reviewer"]
    claim = claim_in(S.IN_PROGRESS, people["assignee"])
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with pytest.raises(WorkflowError) as refused:
        claim_update(
            claim=claim, actor=reviewer, expected_version=claim.version, due_date=yesterday
        )
    assert (refused.value.message, refused.value.field) == (
        f"The due date {yesterday:%Y-%m-%d} is in the past.",
        "due_date",
    )
    assert Claim.objects.get(pk=claim.pk).due_date is None
    # Already overdue: the unchanged date is not held against an edit of the summary.
    Claim.objects.filter(pk=claim.pk).update(due_date=yesterday)
    claim = claim_update(
        claim=claim,
        actor=people["assignee"],
        expected_version=claim.version,
        summary="Checked.",
        due_date=yesterday,
    )
    assert (claim.summary, claim.due_date) == ("Checked.", yesterday)


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


def test_adding_and_removing_evidence_bumps_the_version_so_an_older_page_is_stale(people):
    editor, reviewer = people["assignee"], people["reviewer"]
    claim = claim_in(S.IN_PROGRESS, editor, evidence=False)
    opened = claim.version  # the reviewer opens the claim ...
    evidence = evidence_add(claim=claim, actor=editor, url="https://stats.example/ports")
    after_add = Claim.objects.get(pk=claim.pk)
    assert (after_add.version, after_add.updated_by) == (opened + 1, editor)
    with pytest.raises(StaleClaim, match="changed by assigned-editor"):  # ... and is refused.
        claim_update(claim=claim, actor=reviewer, expected_version=opened, summary="Fine.")
    evidence_remove(evidence=evidence, actor=editor)
    assert Claim.objects.get(pk=claim.pk).version == opened + 2


def test_a_note_does_not_bump_the_version_so_it_never_refuses_a_save_in_progress(people):
    editor, reviewer = people["assignee"], people["reviewer"]
    claim = claim_in(S.IN_PROGRESS, editor)
    opened = claim.version  # the editor is typing a summary ...
    annotation_add(claim=claim, actor=reviewer, body="Is the 2023 figure final?")
    assert Claim.objects.get(pk=claim.pk).version == opened
    claim_update(claim=claim, actor=editor, expected_version=opened, summary="Checked.")
    assert Claim.objects.get(pk=claim.pk).summary == "Checked."
