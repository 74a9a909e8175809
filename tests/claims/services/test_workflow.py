import datetime

import pytest
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
from claims.services.workflow import (
    StaleClaim,
    TransitionRefused,
    WorkflowError,
    annotation_add,
    claim_assign,
    claim_dismiss,
    claim_publish,
    claim_reopen,
    claim_send_back,
    claim_start,
    claim_submit,
    claim_update,
    evidence_add,
    evidence_remove,
)
from claims.workflow import TRANSITIONS, available_transitions, edit_refusal
from tests.claims.test_workflow import claim_in
from tests.factories import ClaimFactory, EditorFactory, ReviewerFactory, rating

S = ClaimStatus

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


# --- rules of the services beyond the table (tests/claims/test_workflow.py) ---------------------


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


# --- Corrections of published verdicts (claim_correct, claim_verdict_confirm) ---


def _published(editor, reviewer):
    from tests.conftest import published_claim

    return published_claim(editor, reviewer, label="Mostly false")


def test_a_correction_publishes_the_new_verdict_and_keeps_the_old_one(editor, reviewer):
    from claims.selectors import claim_history
    from claims.services.workflow import claim_correct

    claim = _published(editor, reviewer)
    before = claim.version
    corrected = claim_correct(
        claim=claim,
        actor=reviewer,
        expected_version=before,
        rating=rating("False"),
        summary="  The port handled 3.1 million containers: the office revised its count. ",
        note="We first cited the preliminary count; the final count is lower.",
    )
    assert (corrected.status, corrected.version) == (S.PUBLISHED, before + 1)
    claim = Claim.objects.select_related("rating").get(pk=claim.pk)
    assert claim.rating.label == "False"
    assert claim.summary == "The port handled 3.1 million containers: the office revised its count."
    event = claim.publication_events.order_by("-id").first()
    assert event.kind == PublicationEvent.Kind.CORRECTED
    assert (event.rating.label, event.previous_rating.label) == ("False", "Mostly false")
    assert event.previous_summary == "The port handled 3.9 million containers, not 4.2 million."
    assert event.summary == claim.summary
    assert event.note == "We first cited the preliminary count; the final count is lower."
    assert event.created_by == reviewer
    note = claim.annotations.get(kind=Annotation.Kind.CORRECTION)
    assert (note.author, note.body) == (reviewer, event.note)

    [latest, *_] = claim_history(claim)
    assert latest.who == reviewer.username
    text = "; ".join(latest.changes)
    assert "rating Mostly false → False" in text
    assert "summary “The port handled 3.9 million containers, not 4.2 million.” →" in text
    assert "correction: “We first cited the preliminary count" in text


def test_a_correction_of_the_summary_alone_keeps_the_rating(editor, reviewer):
    from claims.services.workflow import claim_correct

    claim = _published(editor, reviewer)
    claim_correct(claim=claim, actor=reviewer, summary="Reworded.", note="Clearer wording.")
    event = claim.publication_events.order_by("-id").first()
    assert (event.rating.label, event.previous_rating.label) == ("Mostly false", "Mostly false")
    assert (event.summary, event.kind) == ("Reworded.", PublicationEvent.Kind.CORRECTED)


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"note": "  "}, "note", "A public correction note is required"),
        ({"note": "Why."}, "rating", "neither differs from the published verdict"),
        (
            {
                "note": "Why.",
                "summary": " The port handled 3.9 million containers, not 4.2 million.",
            },
            "rating",
            "neither differs",
        ),
        ({"note": "Why.", "summary": "   "}, "summary", "keeps a summary"),
    ],
)
def test_a_correction_without_a_note_or_a_change_is_refused_naming_the_field(
    editor, reviewer, kwargs, field, message
):
    from claims.services.workflow import claim_correct

    claim = _published(editor, reviewer)
    with pytest.raises(WorkflowError) as refused:
        claim_correct(claim=claim, actor=reviewer, **kwargs)
    assert refused.value.field == field
    assert message in refused.value.message
    assert Claim.objects.get(pk=claim.pk).version == claim.version
    assert claim.publication_events.count() == 1


def test_a_retired_rating_is_refused_for_a_correction(editor, reviewer):
    from claims.services.workflow import claim_correct

    claim = _published(editor, reviewer)
    retired = rating("True")
    retired.is_active = False
    retired.save()
    with pytest.raises(WorkflowError, match="no longer in use") as refused:
        claim_correct(claim=claim, actor=reviewer, rating=retired, note="Why.")
    assert refused.value.field == "rating"


def test_an_editor_may_not_correct_even_the_claim_they_worked_on(editor, reviewer):
    from claims.services.workflow import claim_correct, claim_verdict_confirm

    claim = _published(editor, reviewer)
    assert claim.assignee == editor
    with pytest.raises(TransitionRefused, match=r"^Only a reviewer may publish a correction\.$"):
        claim_correct(claim=claim, actor=editor, rating=rating("False"), note="Why.")
    with pytest.raises(TransitionRefused, match="confirm that the verdict stands"):
        claim_verdict_confirm(claim=claim, actor=editor)
    assert Claim.objects.get(pk=claim.pk).rating.label == "Mostly false"
    assert claim.publication_events.count() == 1


@pytest.mark.parametrize("status", [S.NEW, S.IN_PROGRESS, S.IN_REVIEW, S.DISMISSED])
def test_only_a_published_claim_can_be_corrected(editor, reviewer, status):
    from claims.services.workflow import claim_correct

    claim = claim_in(status, editor)
    with pytest.raises(TransitionRefused) as refused:
        claim_correct(claim=claim, actor=reviewer, rating=rating("False"), note="Why.")
    label = S(status).label.lower()
    assert refused.value.message == (
        f"Cannot publish a correction: the claim is {label}; "
        "this is only possible when it is published."
    )
    assert not PublicationEvent.objects.filter(claim=claim).exists()


def test_a_stale_correction_is_refused_naming_who_changed_the_claim(editor, reviewer):
    from claims.services.workflow import claim_correct, claim_verdict_confirm

    claim = _published(editor, reviewer)
    other = ReviewerFactory(username="second-reviewer")
    claim_correct(claim=claim, actor=other, rating=rating("False"), note="First fix.")
    with pytest.raises(StaleClaim, match="changed by second-reviewer"):
        claim_correct(
            claim=claim,
            actor=reviewer,
            expected_version=claim.version,
            rating=rating("True"),
            note="My fix.",
        )
    with pytest.raises(StaleClaim):
        claim_verdict_confirm(claim=claim, actor=reviewer, expected_version=claim.version)
    assert Claim.objects.get(pk=claim.pk).rating.label == "False"
    assert claim.publication_events.count() == 2


def test_verdict_stands_is_recorded_and_tells_the_outside_world_nothing(editor, reviewer):
    from claims.selectors import claim_history
    from claims.services.workflow import claim_verdict_confirm

    claim = _published(editor, reviewer)
    confirmed = claim_verdict_confirm(
        claim=claim,
        actor=reviewer,
        expected_version=claim.version,
        note="A reader disputed the count; the office confirmed it.",
    )
    assert (confirmed.status, confirmed.version) == (S.PUBLISHED, claim.version + 1)
    assert claim.publication_events.count() == 1  # no feed entry, no webhook
    note = claim.annotations.get(kind=Annotation.Kind.CONFIRM)
    assert (note.author, note.body) == (
        reviewer,
        "A reader disputed the count; the office confirmed it.",
    )
    # (One test transaction: every event has the same time, so look the entry up.)
    [entry] = [h for h in claim_history(claim) if h.action == "annotation"]
    assert entry.who == reviewer.username
    assert entry.changes == [
        "verdict stands: “A reader disputed the count; the office confirmed it.”"
    ]

    claim_verdict_confirm(claim=claim, actor=reviewer)  # the note is optional
    assert claim.annotations.filter(kind=Annotation.Kind.CONFIRM).last().body == (
        "Checked again; no change."
    )


def test_republishing_a_reopened_claim_records_the_verdict_it_replaced(editor, reviewer):
    claim = _published(editor, reviewer)
    claim = claim_reopen(claim=claim, actor=reviewer, note="New figures.")
    claim = claim_update(
        claim=claim, actor=reviewer, expected_version=claim.version, rating=rating("False")
    )
    claim = claim_submit(claim=claim, actor=editor)
    claim_publish(claim=claim, actor=reviewer)
    event = claim.publication_events.order_by("-id").first()
    assert event.kind == PublicationEvent.Kind.CORRECTED
    assert (event.previous_rating.label, event.rating.label, event.note) == (
        "Mostly false",
        "False",
        "",
    )
