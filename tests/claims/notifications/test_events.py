"""Which events notify whom, with what text; written once per event however often it runs."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from claims.models import Claim, Notification
from claims.notifications.services import due_dates_notify
from claims.services.matching import claims_match_new
from claims.services.workflow import (
    claim_assign,
    claim_publish,
    claim_send_back,
    claim_start,
    claim_submit,
)
from tests.claims.services.test_matching import ACME, ACME_REWORDED, claim_of
from tests.conftest import ready_for_review
from tests.factories import ClaimFactory, EditorFactory

pytestmark = pytest.mark.django_db


def inbox(user) -> list[tuple[str, str]]:
    return [(n.kind, n.text) for n in Notification.objects.filter(recipient=user)]


def test_an_assignment_notifies_the_assignee_not_the_reviewer(reviewer, editor):
    due = timezone.localdate() + datetime.timedelta(days=3)
    claim = claim_assign(claim=ClaimFactory(), actor=reviewer, assignee=editor, due_date=due)
    [(kind, text)] = inbox(editor)
    assert kind == "assigned"
    assert text.startswith(f"{reviewer.username} assigned you claim #{claim.pk}: “The harbour")
    assert f"Due {due:%Y-%m-%d}." in text
    assert inbox(reviewer) == []


def test_assigning_yourself_writes_no_notification(reviewer):
    claim_assign(claim=ClaimFactory(), actor=reviewer, assignee=reviewer)
    assert inbox(reviewer) == []


def test_a_reassignment_notifies_the_new_assignee(reviewer, editor):
    other = EditorFactory()
    claim = claim_assign(claim=ClaimFactory(), actor=reviewer, assignee=editor)
    claim_assign(claim=claim, actor=reviewer, assignee=other)
    assert [k for k, _ in inbox(editor)] == ["assigned"]
    assert [k for k, _ in inbox(other)] == ["assigned"]


def test_sent_back_carries_the_reviewers_note(reviewer, editor):
    claim = ready_for_review(ClaimFactory(), editor, reviewer)
    claim = claim_submit(claim=claim, actor=editor)
    claim_send_back(claim=claim, actor=reviewer, note="Cite the statistics office table.")
    kinds = dict(inbox(editor))
    assert kinds["sent_back"] == (
        f"{reviewer.username} sent claim #{claim.pk} back to you: "
        "“Cite the statistics office table.”"
    )


def test_publication_notifies_who_worked_on_it_once(reviewer, editor):
    claim = ready_for_review(ClaimFactory(), editor, reviewer)
    claim = claim_submit(claim=claim, actor=editor)
    claim_publish(claim=claim, actor=reviewer)
    published = [t for k, t in inbox(editor) if k == "published"]
    assert published == [
        f"Claim #{claim.pk} you worked on was published as “Mostly false” by "
        f"{reviewer.username}: “{claim.text}”"
    ]
    assert inbox(reviewer) == []


def test_a_new_article_matching_a_published_claim_notifies_its_people(reviewer, editor):
    earlier = ready_for_review(claim_of(ACME), editor, reviewer)
    earlier = claim_publish(claim=claim_submit(claim=earlier, actor=editor), actor=reviewer)
    new = claim_of(ACME_REWORDED)
    claims_match_new(claim_ids=[new.pk])
    claims_match_new(claim_ids=[new.pk])  # a second run notifies nobody again
    matched = [t for k, t in inbox(editor) if k == "matched"]
    assert matched == [
        f"Claim #{earlier.pk} you worked on matches claim #{new.pk} in a new article, "
        f"“{new.article.title}”."
    ]


def test_due_tomorrow_and_overdue_are_told_once_per_due_date(reviewer, editor):
    today = timezone.localdate()
    tomorrow = claim_assign(
        claim=ClaimFactory(),
        actor=reviewer,
        assignee=editor,
        due_date=today + datetime.timedelta(days=1),
    )
    late = claim_start(
        claim=claim_assign(claim=ClaimFactory(), actor=reviewer, assignee=editor), actor=editor
    )
    Claim.objects.filter(pk=late.pk).update(due_date=today - datetime.timedelta(days=2))
    later = claim_assign(
        claim=ClaimFactory(),
        actor=reviewer,
        assignee=editor,
        due_date=today + datetime.timedelta(days=5),
    )

    assert due_dates_notify(today=today) == 2
    assert due_dates_notify(today=today) == 0  # the hourly beat runs it again: nothing new

    due = {n.claim_id: n.kind for n in Notification.objects.filter(recipient=editor)}
    assert due[tomorrow.pk] == "assigned"  # the assignment came first; then:
    kinds = set(
        Notification.objects.filter(recipient=editor)
        .exclude(kind="assigned")
        .values_list("claim_id", "kind")
    )
    assert kinds == {(tomorrow.pk, "due_tomorrow"), (late.pk, "overdue")}
    assert later.pk not in {c for c, _ in kinds}


def test_an_overdue_claim_given_a_new_due_date_is_told_again_when_that_passes(reviewer, editor):
    today = timezone.localdate()
    claim = claim_assign(claim=ClaimFactory(), actor=reviewer, assignee=editor)
    Claim.objects.filter(pk=claim.pk).update(due_date=today - datetime.timedelta(days=3))
    due_dates_notify(today=today)
    Claim.objects.filter(pk=claim.pk).update(due_date=today - datetime.timedelta(days=1))
    due_dates_notify(today=today)
    assert Notification.objects.filter(recipient=editor, kind="overdue").count() == 2
