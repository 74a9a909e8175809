"""Writes that move a claim through the editorial workflow, or change its verdict and sources.

Every function locks the claim row (`select_for_update`) for the length of its transaction, checks
the caller's role and the claim's status against `claims.workflow`, and, when `expected_version` is
given, refuses a stale edit (optimistic lock) instead of overwriting someone else's change.
History is written by PostgreSQL triggers (django-pghistory); these functions attach who and why.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from claims import workflow
from claims.models import Annotation, Claim, ClaimStatus, Evidence, PublicationEvent, Rating
from claims.notifications import events as notify
from claims.roles import is_editor, is_reviewer
from claims.services.sources import source_check_request
from claims.signals import publication_event_created
from claims.tagging.services import checklist_unticked
from factcheck.api.errors import PermissionRefused, ServiceError, VersionConflict
from factcheck.locks import PUBLICATION_LOG_LOCK, advisory_xact_lock


class WorkflowError(ServiceError):
    """A refused write. `message` is shown to the user as it is; `field` names the faulty input."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class TransitionRefused(WorkflowError, PermissionRefused):
    pass


class StaleClaim(WorkflowError, VersionConflict):
    """Someone else changed the claim since the caller read it."""

    def __init__(self, message: str, *, changed_by: Any = None, current_version: int = 0):
        super().__init__(message)
        self.changed_by = changed_by
        self.current_version = current_version


_UNSET: Any = object()


def _lock(claim: Claim | int, expected_version: int | None) -> Claim:
    pk = claim.pk if isinstance(claim, Claim) else claim
    locked = (
        Claim.objects.select_for_update(of=("self",))
        .select_related("assignee", "updated_by", "rating")
        .get(pk=pk)
    )
    if expected_version is not None and locked.version != expected_version:
        who = locked.updated_by.get_username() if locked.updated_by else "someone else"
        when = timezone.localtime(locked.updated_at).strftime("%Y-%m-%d %H:%M")
        raise StaleClaim(
            f"This claim was changed by {who} at {when} after you opened it "
            f"(your version {expected_version}, now {locked.version}). "
            "Reload it to see their change, then make yours again.",
            changed_by=locked.updated_by,
            current_version=locked.version,
        )
    return locked


def _save(claim: Claim, actor: Any, fields: list[str]) -> None:
    claim.version += 1
    claim.updated_by = actor
    claim.save(update_fields=[*fields, "version", "updated_by", "updated_at"])


def _note(claim: Claim, actor: Any, kind: str, body: str) -> None:
    Annotation.objects.create(claim=claim, author=actor, kind=kind, body=body)


def _require_note(note: str, what: str) -> str:
    note = (note or "").strip()
    if not note:
        raise WorkflowError(f"A {what} is required.", field="note" if what == "note" else "reason")
    return note


def missing_for_review(claim: Claim) -> list[str]:
    """What the claim still needs before it may be submitted for review or published, as the
    user is told ("a rating", "a summary", "at least one evidence source"); empty when nothing.
    The one copy of this rule: the services refuse with it, the admin and the API show it."""
    missing = []
    if claim.rating_id is None:
        missing.append("a rating")
    if not claim.summary.strip():
        missing.append("a summary")
    if not claim.evidence.exists():
        missing.append("at least one evidence source")
    return missing


def _check(name: str, claim: Claim, actor: Any) -> workflow.Transition:
    transition = workflow.TRANSITIONS[name]
    reason = workflow.refusal(transition, actor, claim)
    if reason:
        raise TransitionRefused(reason)
    return transition


def _last_published(claim: Claim) -> PublicationEvent | None:
    """The claim's latest published or corrected event: the verdict the outside world has."""
    return (
        claim.publication_events.exclude(kind=PublicationEvent.Kind.UNPUBLISHED)
        .select_related("rating")
        .order_by("-id")
        .first()
    )


def _publication_event(
    claim: Claim,
    actor: Any,
    kind: str,
    note: str = "",
    previous_rating: Rating | None = None,
    previous_summary: str = "",
) -> PublicationEvent:
    # The export cursor is the event id. Holding this lock until commit makes ids commit in
    # order, so a reader never sees id n+1 while n is still uncommitted (no gap a cursor skips).
    advisory_xact_lock(PUBLICATION_LOG_LOCK)
    event = PublicationEvent.objects.create(
        claim=claim,
        kind=kind,
        rating=claim.rating,
        summary=claim.summary,
        note=note,
        # A correction keeps the verdict it replaced (what was published before it).
        previous_rating=previous_rating,
        previous_summary=previous_summary,
        created_by=actor,
    )
    # In this transaction: what receivers write (the cms app's webhook deliveries) commits with
    # the event or not at all (at-least-once delivery).
    publication_event_created.send(sender=PublicationEvent, event=event)
    return event


def _transition(
    name: str,
    claim: Claim | int,
    actor: Any,
    expected_version: int | None,
    apply: Callable[[Claim, workflow.Transition], list[str]],
) -> Claim:
    with transaction.atomic(), pghistory.context(user=actor.pk, action=name):
        locked = _lock(claim, expected_version)
        transition = _check(name, locked, actor)
        fields = apply(locked, transition)
        locked.status = transition.target
        _save(locked, actor, ["status", *fields])
        return locked


def claim_assign(
    *,
    claim: Claim | int,
    actor: Any,
    assignee: Any,
    due_date: datetime.date | None = None,
    expected_version: int | None = None,
) -> Claim:
    """Assign (or reassign) a claim to an editor. Reviewers only; not after publication."""
    if assignee is None or not assignee.is_active:
        raise WorkflowError("Choose an active user to assign the claim to.", field="assignee")
    if not (is_editor(assignee) or is_reviewer(assignee)):
        raise WorkflowError(
            f"{assignee.get_username()} is neither an editor nor a reviewer.", field="assignee"
        )
    _refuse_past_due_date(due_date, "due")  # the API's name for it on assign

    def apply(c: Claim, t: workflow.Transition) -> list[str]:
        c.assignee = assignee
        c.due_date = due_date
        c.dismiss_reason = ""
        notify.claim_assigned(c, actor)
        return ["assignee", "due_date", "dismiss_reason"]

    return _transition("assign", claim, actor, expected_version, apply)


def claim_dismiss(
    *, claim: Claim | int, actor: Any, reason: str, expected_version: int | None = None
) -> Claim:
    """Dismiss a claim as not checkable or not worth checking; the reason is recorded."""
    reason = _require_note(reason, "reason")

    def apply(c: Claim, t: workflow.Transition) -> list[str]:
        c.dismiss_reason = reason
        c.assignee = None
        c.due_date = None
        _note(c, actor, Annotation.Kind.DISMISS, reason)
        return ["dismiss_reason", "assignee", "due_date"]

    return _transition("dismiss", claim, actor, expected_version, apply)


def claim_start(*, claim: Claim | int, actor: Any, expected_version: int | None = None) -> Claim:
    return _transition("start", claim, actor, expected_version, lambda c, t: [])


def claim_submit(*, claim: Claim | int, actor: Any, expected_version: int | None = None) -> Claim:
    """Submit for review. Needs a rating, a summary and at least one evidence source."""

    def apply(c: Claim, t: workflow.Transition) -> list[str]:
        missing = missing_for_review(c)
        if missing:
            raise TransitionRefused("Cannot submit for review yet: add " + ", ".join(missing) + ".")
        unticked = checklist_unticked(c)
        if unticked:
            raise TransitionRefused(
                "Cannot submit for review yet: the desk's checklist has unticked items: "
                + "; ".join(f"“{text}”" for text in unticked)
                + "."
            )
        c.submitted_by = actor
        return ["submitted_by"]

    return _transition("submit", claim, actor, expected_version, apply)


def claim_send_back(
    *, claim: Claim | int, actor: Any, note: str, expected_version: int | None = None
) -> Claim:
    note = _require_note(note, "note")

    def apply(c: Claim, t: workflow.Transition) -> list[str]:
        _note(c, actor, Annotation.Kind.SEND_BACK, note)
        notify.claim_sent_back(c, actor, note)
        return []

    return _transition("send_back", claim, actor, expected_version, apply)


def claim_publish(*, claim: Claim | int, actor: Any, expected_version: int | None = None) -> Claim:
    """Approve and publish. A claim published before (then reopened) goes out as a correction."""

    def apply(c: Claim, t: workflow.Transition) -> list[str]:
        missing = missing_for_review(c)
        if missing:
            raise TransitionRefused("Cannot publish: add " + ", ".join(missing) + " first.")
        previously = _last_published(c)
        c.published_at = timezone.now()
        _publication_event(
            c,
            actor,
            PublicationEvent.Kind.CORRECTED if previously else PublicationEvent.Kind.PUBLISHED,
            previous_rating=previously.rating if previously else None,
            previous_summary=previously.summary if previously else "",
        )
        notify.claim_published(c, actor)
        return ["published_at"]

    return _transition("publish", claim, actor, expected_version, apply)


def _keep_assignee(c: Claim, actor: Any) -> list[str]:
    if c.assignee_id is None:
        c.assignee = actor
        return ["assignee"]
    return []


def claim_reopen(
    *, claim: Claim | int, actor: Any, note: str, expected_version: int | None = None
) -> Claim:
    """Reopen a published claim for a correction. The published verdict stays out until the
    corrected one is published (the export then shows the correction)."""
    note = _require_note(note, "note")

    def apply(c: Claim, t: workflow.Transition) -> list[str]:
        _note(c, actor, Annotation.Kind.REOPEN, note)
        return _keep_assignee(c, actor)

    return _transition("reopen", claim, actor, expected_version, apply)


def claim_unpublish(
    *, claim: Claim | int, actor: Any, note: str, expected_version: int | None = None
) -> Claim:
    """Withdraw a published verdict; the export tells consumers it is withdrawn."""
    note = _require_note(note, "note")

    def apply(c: Claim, t: workflow.Transition) -> list[str]:
        _note(c, actor, Annotation.Kind.REOPEN, f"Unpublished: {note}")
        _publication_event(c, actor, PublicationEvent.Kind.UNPUBLISHED, note)
        return _keep_assignee(c, actor)

    return _transition("unpublish", claim, actor, expected_version, apply)


def claim_correct(
    *,
    claim: Claim | int,
    actor: Any,
    note: str,
    rating: Rating | None = None,
    summary: str | None = None,
    expected_version: int | None = None,
) -> Claim:
    """Publish a correction of a published verdict, in place: a new rating and/or summary (None:
    keep the current one) with a public correction note. Reviewers only, on a published claim.

    Writes a `corrected` PublicationEvent holding the verdict before and after and the note (the
    export feed's entry, `dateModified` and `correction`; the `claimreview.corrected` webhook),
    and the note as a "Correction" annotation; the claim's history shows the old rating and
    summary beside the new. The claim stays published; `published_at` keeps the first
    publication's time of this round (the feed's `dateModified` is the correction's)."""
    note = (note or "").strip()
    if not note:
        raise WorkflowError(
            "A public correction note is required: it tells readers what changed and why.",
            field="note",
        )

    def apply(c: Claim, t: workflow.Transition) -> list[str]:
        # A published claim cannot be edited: its verdict is the one the outside world has.
        previous_rating, previous_summary = c.rating, c.summary
        fields: list[str] = []
        if rating is not None and rating != c.rating:
            if not rating.is_active:
                raise WorkflowError(f"The rating {rating} is no longer in use.", field="rating")
            c.rating = rating
            fields.append("rating")
        if summary is not None:
            new_summary = summary.strip()
            if not new_summary:
                raise WorkflowError(
                    "A published verdict keeps a summary; write the corrected one.",
                    field="summary",
                )
            if new_summary != c.summary:
                c.summary = new_summary
                fields.append("summary")
        if not fields:
            raise WorkflowError(
                "A correction changes the rating or the summary; neither differs from the "
                "published verdict. To record that it stands, use “Verdict stands”.",
                field="rating",
            )
        _note(c, actor, Annotation.Kind.CORRECTION, note)
        _publication_event(
            c,
            actor,
            PublicationEvent.Kind.CORRECTED,
            note,
            previous_rating=previous_rating,
            previous_summary=previous_summary,
        )
        return fields

    return _transition("correct", claim, actor, expected_version, apply)


def claim_verdict_confirm(
    *, claim: Claim | int, actor: Any, note: str = "", expected_version: int | None = None
) -> Claim:
    """Record that a reviewer checked a published verdict again and it stands (after a reader's
    complaint, a changed source or article). Reviewers only, on a published claim; the note is
    optional. Shown in the claim's notes and history, with who and when; the version is bumped
    (a page read before the check is stale). Nothing goes out: the feed and the webhooks carry
    changes of the published verdict, and this is none."""
    body = (note or "").strip() or "Checked again; no change."

    def apply(c: Claim, t: workflow.Transition) -> list[str]:
        _note(c, actor, Annotation.Kind.CONFIRM, body)
        return []

    return _transition("confirm_verdict", claim, actor, expected_version, apply)


TRANSITION_SERVICES: dict[str, Callable[..., Claim]] = {
    "assign": claim_assign,
    "dismiss": claim_dismiss,
    "start": claim_start,
    "submit": claim_submit,
    "send_back": claim_send_back,
    "publish": claim_publish,
    "reopen": claim_reopen,
    "unpublish": claim_unpublish,
    "correct": claim_correct,
    "confirm_verdict": claim_verdict_confirm,
}


def _refuse_past_due_date(due_date: datetime.date | None, field: str) -> None:
    if due_date is not None and due_date < timezone.localdate():
        raise WorkflowError(f"The due date {due_date:%Y-%m-%d} is in the past.", field=field)


def _check_due_date(claim: Claim, actor: Any, due_date: datetime.date | None) -> None:
    if not is_reviewer(actor):
        raise TransitionRefused("Only a reviewer may change the due date.")
    if claim.status not in workflow.DUE_DATE_STATUSES:
        status = ClaimStatus(claim.status).label.lower()
        allowed = ", ".join(
            sorted(ClaimStatus(s).label.lower() for s in workflow.DUE_DATE_STATUSES)
        )
        hint = " Assign it to give it one." if claim.status == ClaimStatus.NEW else ""
        raise TransitionRefused(
            f"The claim is {status}; only a claim being worked on ({allowed}) has a due date."
            + hint,
            field="due_date",
        )
    _refuse_past_due_date(due_date, "due_date")


def _check_edit(claim: Claim, actor: Any) -> None:
    reason = workflow.edit_refusal(actor, claim)
    if reason:
        raise TransitionRefused(reason)


def claim_update(
    *,
    claim: Claim | int,
    actor: Any,
    expected_version: int | None,
    rating: Rating | None = _UNSET,
    summary: str = _UNSET,
    due_date: datetime.date | None = _UNSET,
) -> Claim:
    """Change the proposed verdict (rating, summary) or the due date. Refused when stale.

    Due dates are the reviewers', on claims being worked on (`workflow.DUE_DATE_STATUSES`), and
    never in the past; an unchanged due date is not checked (an overdue claim stays editable).
    """
    with transaction.atomic(), pghistory.context(user=actor.pk, action="edit"):
        locked = _lock(claim, expected_version)
        fields: list[str] = []
        if due_date is not _UNSET and due_date != locked.due_date:
            _check_due_date(locked, actor, due_date)
            locked.due_date = due_date
            fields.append("due_date")
        if rating is not _UNSET and rating != locked.rating:
            _check_edit(locked, actor)
            if rating is not None and not rating.is_active:
                raise WorkflowError(f"The rating {rating} is no longer in use.", field="rating")
            locked.rating = rating
            fields.append("rating")
        if summary is not _UNSET and summary.strip() != locked.summary:
            _check_edit(locked, actor)
            locked.summary = summary.strip()
            fields.append("summary")
        if locked.status in (ClaimStatus.IN_REVIEW,) and (
            locked.rating_id is None or not locked.summary
        ):
            raise WorkflowError(
                "A claim in review keeps its rating and summary; send it back to change them.",
                field="rating" if locked.rating_id is None else "summary",
            )
        if fields:
            _save(locked, actor, fields)
        return locked


def evidence_add(
    *,
    claim: Claim | int,
    actor: Any,
    url: str,
    title: str = "",
    publisher: str = "",
    quote: str = "",
    stance: str = Evidence.Stance.CONTEXT,
    accessed_at: datetime.datetime | None = None,
) -> Evidence:
    """Cite a source. Bumps the claim's version: its verification state changed, so a page or
    ETag read before this is stale (as for a change of rating or summary)."""
    with transaction.atomic(), pghistory.context(user=actor.pk, action="add evidence"):
        locked = _lock(claim, None)
        _check_edit(locked, actor)
        evidence = Evidence(
            claim=locked,
            url=url,
            title=title,
            publisher=publisher,
            quote=quote,
            stance=stance,
            accessed_at=accessed_at or timezone.now(),
            added_by=actor,
        )
        evidence.full_clean()
        evidence.save()
        _save(locked, actor, [])
        # Fetched and checked in the background, after commit: the editor never waits on it.
        source_check_request(evidence_ids=[evidence.pk])
        return evidence


def evidence_remove(*, evidence: Evidence, actor: Any) -> None:
    """Withdraw a source. Bumps the claim's version, as `evidence_add` does."""
    with transaction.atomic(), pghistory.context(user=actor.pk, action="remove evidence"):
        locked = _lock(evidence.claim_id, None)
        _check_edit(locked, actor)
        evidence.delete()
        _save(locked, actor, [])


@dataclass(frozen=True)
class NewEvidence:
    """A source to cite, as `evidence_add` takes it."""

    url: str
    title: str = ""
    publisher: str = ""
    quote: str = ""
    stance: str = Evidence.Stance.CONTEXT


def claim_save(
    *,
    claim: Claim | int,
    actor: Any,
    expected_version: int,
    rating: Rating | None = _UNSET,
    summary: str = _UNSET,
    due_date: datetime.date | None = _UNSET,
    evidence_added: Sequence[NewEvidence] = (),
    evidence_removed: Sequence[int] = (),
    transition: str | None = None,
    transition_args: Mapping[str, Any] | None = None,
) -> Claim:
    """Save what an editor typed on the claim page, then take `transition` if one is given: one
    transaction, all or nothing.

    The version check is made once, on the claim as the page showed it (`expected_version`); the
    row stays locked from then on, so the transition is taken on exactly the claim just saved
    (its version then is this save's, never someone else's). Any refusal, of the edit, of a
    source or of the step (a rating still missing, a role the user lacks), rolls everything back:
    the caller keeps the typed input and shows the refusal.
    """
    changes: dict[str, Any] = {
        name: value
        for name, value in (("rating", rating), ("summary", summary), ("due_date", due_date))
        if value is not _UNSET
    }
    if transition is not None and transition not in TRANSITION_SERVICES:
        raise WorkflowError(f"“{transition}” is not a step of the workflow.", field="transition")
    with transaction.atomic():
        locked = claim_update(
            claim=claim, actor=actor, expected_version=expected_version, **changes
        )
        for evidence in Evidence.objects.filter(claim=locked, pk__in=evidence_removed):
            evidence_remove(evidence=evidence, actor=actor)
        for new in evidence_added:
            try:
                evidence_add(claim=locked.pk, actor=actor, **asdict(new))
            except ValidationError as exc:
                raise WorkflowError(
                    f"Evidence {new.url or '(no URL)'} not added: " + "; ".join(exc.messages),
                    field="evidence",
                ) from exc
        if transition is None:
            locked.refresh_from_db()
            return locked
        # Evidence changes bumped the version on their own copy of the row; read it back (the
        # row is still ours: nobody else can have changed it since the check above).
        version = Claim.objects.values_list("version", flat=True).get(pk=locked.pk)
        return TRANSITION_SERVICES[transition](
            claim=locked.pk, actor=actor, expected_version=version, **(transition_args or {})
        )


def annotation_add(*, claim: Claim | int, actor: Any, body: str) -> Annotation:
    """Add a note to the claim's thread: the assignee and reviewers, in any status
    (`workflow.annotate_refusal`).

    Does not bump the claim's version: a note changes nothing a save could overwrite, and a
    colleague's question arriving while someone edits the verdict must not refuse their save.
    """
    body = (body or "").strip()
    if not body:
        raise WorkflowError("The note is empty.", field="body")
    with transaction.atomic(), pghistory.context(user=actor.pk, action="annotate"):
        # Locked so the check sees the current assignee (a reassignment commits first or waits).
        locked = _lock(claim, None)
        reason = workflow.annotate_refusal(actor, locked)
        if reason:
            raise TransitionRefused(reason)
        return Annotation.objects.create(claim=locked, author=actor, body=body)
