"""The editorial workflow as data: one table of transitions, used by the admin, API and tests.

    new ──assign──▶ assigned ──start──▶ in_progress ──submit──▶ in_review ──publish──▶ published
     │                                      ▲                      │                    │
     └─dismiss─▶ dismissed                  └──────send_back───────┘                    │
                                            ▲──────────────reopen / unpublish───────────┘
                                            published ──correct / confirm_verdict──▶ published

Actors: "reviewer" (the Reviewer role) and "assignee" (the user the claim is assigned to).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings

from claims.models import ClaimStatus
from claims.roles import is_editor, is_reviewer

REVIEWER = "reviewer"
ASSIGNEE = "assignee"

S = ClaimStatus


@dataclass(frozen=True)
class Transition:
    """One step of the workflow, with what a form for it needs: the admin and the API read these
    fields, never the step's name."""

    name: str
    label: str
    sources: frozenset[str]
    target: str
    actors: frozenset[str]
    # What the step asks the user for, passed to its service under these names: "note" (recorded
    # as an annotation), "assignee" (required), "due_date" (optional), "rating" and "summary"
    # (a new verdict; optional each, the current one is kept when not given).
    asks_for: tuple[str, ...] = ()
    # What the note is called on the form and in its errors, and the service's keyword for it.
    note_label: str = "Note"
    note_param: str = "note"
    # Whether the note must be given (it is, unless the step says otherwise).
    note_required: bool = True
    # The message once the step is taken; {label}, and {assignee} (the claim's assignee after it).
    done: str = "{label}: done."
    # Whether the form names what review still needs (services.workflow.missing_for_review)
    # beside the button: the step's service refuses until nothing is.
    lists_missing_for_review: bool = False
    # The two-person rule (setting FACTCHECK_TWO_PERSON_RULE, on by default): whoever submitted
    # the claim for review may not take this step on it.
    not_by_submitter: bool = False

    # The step as its refusals name it ("Cannot <verb>: …", "Only a reviewer may <verb>."), for a
    # label that is not a verb phrase; by default "<label>" and "<label> a claim".
    verb: str = ""

    @property
    def doing(self) -> str:
        """What the step does, as a verb phrase without its object ("approve and publish")."""
        return self.verb or self.label.lower()

    @property
    def doing_to_a_claim(self) -> str:
        return self.verb or f"{self.label.lower()} a claim"

    @property
    def needs_note(self) -> bool:
        """A reason / note is required and recorded as an annotation."""
        return "note" in self.asks_for and self.note_required


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition(
            "assign",
            "Assign",
            frozenset({S.NEW, S.DISMISSED, S.ASSIGNED, S.IN_PROGRESS, S.IN_REVIEW}),
            S.ASSIGNED,
            frozenset({REVIEWER}),
            asks_for=("assignee", "due_date"),
            done="{label} to {assignee}: done.",
        ),
        Transition(
            "dismiss",
            "Dismiss",
            frozenset({S.NEW, S.ASSIGNED}),
            S.DISMISSED,
            frozenset({REVIEWER}),
            asks_for=("note",),
            note_label="Reason",
            note_param="reason",
        ),
        Transition(
            "start",
            "Start work",
            frozenset({S.ASSIGNED}),
            S.IN_PROGRESS,
            frozenset({ASSIGNEE, REVIEWER}),
        ),
        Transition(
            "submit",
            "Submit for review",
            frozenset({S.IN_PROGRESS}),
            S.IN_REVIEW,
            frozenset({ASSIGNEE, REVIEWER}),
            lists_missing_for_review=True,
        ),
        Transition(
            "send_back",
            "Send back",
            frozenset({S.IN_REVIEW}),
            S.IN_PROGRESS,
            frozenset({REVIEWER}),
            asks_for=("note",),
        ),
        Transition(
            "publish",
            "Approve and publish",
            frozenset({S.IN_REVIEW}),
            S.PUBLISHED,
            frozenset({REVIEWER}),
            not_by_submitter=True,
        ),
        Transition(
            "reopen",
            "Reopen for correction",
            frozenset({S.PUBLISHED}),
            S.IN_PROGRESS,
            frozenset({REVIEWER}),
            asks_for=("note",),
        ),
        Transition(
            "unpublish",
            "Unpublish",
            frozenset({S.PUBLISHED}),
            S.IN_REVIEW,
            frozenset({REVIEWER}),
            asks_for=("note",),
        ),
        # Corrections of a published verdict, in place: the claim stays published. A correction
        # publishes the new verdict with a public note (the export's `correction`, the
        # `claimreview.corrected` webhook); "verdict stands" records that a reviewer checked it
        # again and changed nothing (history only: the outside world is told nothing new).
        Transition(
            "correct",
            "Publish correction",
            frozenset({S.PUBLISHED}),
            S.PUBLISHED,
            frozenset({REVIEWER}),
            asks_for=("rating", "summary", "note"),
            note_label="Public correction note",
            verb="publish a correction",
        ),
        Transition(
            "confirm_verdict",
            "Verdict stands",
            frozenset({S.PUBLISHED}),
            S.PUBLISHED,
            frozenset({REVIEWER}),
            asks_for=("note",),
            note_label="Note (optional)",
            note_required=False,
            verb="confirm that the verdict stands",
        ),
    ]
}

# Statuses in which the claim's content (rating, summary, evidence) may be edited, and by whom.
EDITABLE_BY: dict[str, frozenset[str]] = {
    S.NEW: frozenset({REVIEWER}),
    S.ASSIGNED: frozenset({ASSIGNEE, REVIEWER}),
    S.IN_PROGRESS: frozenset({ASSIGNEE, REVIEWER}),
    S.IN_REVIEW: frozenset({REVIEWER}),
    S.DISMISSED: frozenset(),
    S.PUBLISHED: frozenset(),
}


# Statuses in which a claim has a due date: it is someone's work. A new claim gets one when it
# is assigned; dismissing clears it; a published claim's is history.
DUE_DATE_STATUSES: frozenset[str] = frozenset({S.ASSIGNED, S.IN_PROGRESS, S.IN_REVIEW})


def actor_roles(user: Any, claim: Any) -> set[str]:
    roles: set[str] = set()
    if is_reviewer(user):
        roles.add(REVIEWER)
    if claim.assignee_id is not None and claim.assignee_id == getattr(user, "pk", None):
        roles.add(ASSIGNEE)
    return roles


def refusal(transition: Transition, user: Any, claim: Any) -> str | None:
    """Why `user` may not take `transition` on `claim` now, or None when they may.

    Checks status and role only; the services check content preconditions (evidence, rating).
    """
    if claim.status not in transition.sources:
        allowed = ", ".join(sorted(ClaimStatus(s).label.lower() for s in transition.sources))
        return (
            f"Cannot {transition.doing}: the claim is "
            f"{ClaimStatus(claim.status).label.lower()}; "
            f"this is only possible when it is {allowed}."
        )
    roles = actor_roles(user, claim)
    if not roles & transition.actors:
        if transition.actors == {REVIEWER}:
            return f"Only a reviewer may {transition.doing_to_a_claim}."
        return (
            f"Only the assignee ({claim.assignee or 'nobody'}) or a reviewer may "
            f"{transition.doing} this claim."
        )
    if transition.not_by_submitter and submitted_by_actor(user, claim):
        return (
            "You submitted this claim; another reviewer must publish it "
            "(the two-person rule: whoever submits a verdict does not publish it)."
        )
    return None


def two_person_rule() -> bool:
    return bool(getattr(settings, "FACTCHECK_TWO_PERSON_RULE", True))


def submitted_by_actor(user: Any, claim: Any) -> bool:
    """Whether the two-person rule is on and `user` is who submitted `claim` for review."""
    return (
        two_person_rule()
        and claim.submitted_by_id is not None
        and claim.submitted_by_id == getattr(user, "pk", None)
    )


def available_transitions(user: Any, claim: Any) -> list[Transition]:
    """The transitions this user may take on this claim now, in table order."""
    return [t for t in TRANSITIONS.values() if refusal(t, user, claim) is None]


def edit_refusal(user: Any, claim: Any) -> str | None:
    """Why `user` may not edit the claim's verdict and evidence now, or None."""
    allowed = EDITABLE_BY[claim.status]
    if actor_roles(user, claim) & allowed:
        return None
    status = ClaimStatus(claim.status).label.lower()
    if not allowed:
        if claim.status == S.PUBLISHED:
            return (
                f"The claim is {status}; it cannot be edited "
                "(a reviewer can publish a correction or reopen it)."
            )
        return f"The claim is {status}; it cannot be edited (a reviewer can reopen it)."
    if allowed == {REVIEWER}:
        return f"The claim is {status}; only a reviewer may edit it now."
    return f"Only the assignee ({claim.assignee or 'nobody'}) or a reviewer may edit this claim."


def annotate_refusal(user: Any, claim: Any) -> str | None:
    """Why `user` may not add a note to the claim's thread, or None.

    The thread is where the assignee and the desk talk about the claim, in any status (a note
    on a published claim is how a correction starts). Editors write on the claims assigned to
    them; other editors read the thread but do not join it."""
    if not (is_editor(user) or is_reviewer(user)):
        return "Only editors and reviewers may add notes to claims."
    if actor_roles(user, claim):
        return None
    return (
        f"Only the assignee ({claim.assignee or 'nobody'}) or a reviewer may add notes "
        "to this claim."
    )
