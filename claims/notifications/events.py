"""The events that notify someone, written where they happen.

The workflow services call these inside their transaction: the in-app notification commits with
the step or not at all, and appears at once. Email and chat go out after commit, from Celery
(`deliver_notifications`); nothing is sent during the request. Each notification has a key that
names its event, unique per recipient, so an event written twice (a retried task) is one row.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from claims.notifications.models import Notification, NotificationKind
from claims.notifications.queueing import DELIVER_NOTIFICATIONS
from factcheck.queueing import TaskPublisher

Kind = NotificationKind


def _quote(claim: Any, limit: int = 90) -> str:
    text = " ".join(claim.text.split())
    return f"“{text if len(text) <= limit else text[: limit - 1] + '…'}”"


def _name(user: Any) -> str:
    return user.get_username() if user is not None else "someone"


def deliver_on_commit(ids: list[int]) -> None:
    """Queue the email and chat delivery of these notifications once the transaction commits.
    With the broker down nothing is lost: the notifications stay undelivered and the beat task
    `send_digests` sweeps them up."""
    if ids:
        transaction.on_commit(lambda: TaskPublisher().publish(DELIVER_NOTIFICATIONS, [(ids,)]))


def notify(
    *, recipients: Iterable[int | None], kind: str, claim: Any, text: str, key: str
) -> list[int]:
    """Write one notification per recipient (None and duplicates skipped) unless this event's
    key is already there; returns the ids written now, queued for delivery after commit."""
    ids = sorted({r for r in recipients if r is not None})
    if not ids:
        return []
    existing = set(
        Notification.objects.filter(recipient_id__in=ids, key=key).values_list(
            "recipient_id", flat=True
        )
    )
    Notification.objects.bulk_create(
        [
            Notification(recipient_id=r, kind=kind, claim=claim, text=text, key=key)
            for r in ids
            if r not in existing
        ],
        ignore_conflicts=True,  # a concurrent writer of the same event: one row stays
    )
    created = list(
        Notification.objects.filter(key=key, recipient_id__in=set(ids) - existing).values_list(
            "pk", flat=True
        )
    )
    deliver_on_commit(created)
    return created


def _others(actor: Any, *user_ids: int | None) -> list[int | None]:
    return [u for u in user_ids if u != getattr(actor, "pk", None)]


def claim_assigned(claim: Any, actor: Any) -> None:
    """`claim` was just assigned (in the assign step's transaction, before its version bump)."""
    due = f" Due {claim.due_date:%Y-%m-%d}." if claim.due_date else ""
    notify(
        recipients=_others(actor, claim.assignee_id),
        kind=Kind.ASSIGNED,
        claim=claim,
        text=f"{_name(actor)} assigned you claim #{claim.pk}: {_quote(claim)}.{due}",
        key=f"assigned:{claim.pk}:v{claim.version}",
    )


def claim_sent_back(claim: Any, actor: Any, note: str) -> None:
    notify(
        recipients=_others(actor, claim.assignee_id),
        kind=Kind.SENT_BACK,
        claim=claim,
        text=f"{_name(actor)} sent claim #{claim.pk} back to you: “{note}”",
        key=f"sent_back:{claim.pk}:v{claim.version}",
    )


def claim_published(claim: Any, actor: Any) -> None:
    """Tell who worked on the claim (its assignee, who submitted it) that it is out."""
    rating = f" as “{claim.rating}”" if claim.rating_id else ""
    notify(
        recipients=_others(actor, claim.assignee_id, claim.submitted_by_id),
        kind=Kind.PUBLISHED,
        claim=claim,
        text=f"Claim #{claim.pk} you worked on was published{rating} by {_name(actor)}: "
        f"{_quote(claim)}",
        key=f"published:{claim.pk}:v{claim.version}",
    )


def claim_matched(published: Any, new_claim: Any, article_title: str) -> None:
    """A claim from a new article matches `published`: its people may reuse or revisit it."""
    notify(
        recipients=[published.assignee_id, published.submitted_by_id],
        kind=Kind.MATCHED,
        claim=published,
        text=f"Claim #{published.pk} you worked on matches claim #{new_claim.pk} in a new "
        f"article, “{article_title}”.",
        key=f"matched:{published.pk}:{new_claim.pk}",
    )


def claim_article_changed(
    claim: Any, revision: str, *, how: str = "", also: Iterable[int | None] = ()
) -> None:
    """The article of a claim someone worked on changed (a new revision re-anchored it): tell
    its assignee, who submitted it and `also` (who reviewed or published it). `revision` labels
    the revision and makes the event unique; `how` says what happened to the claim's sentence."""
    what = f" — {how}" if how else ""
    notify(
        recipients=[claim.assignee_id, claim.submitted_by_id, *also],
        kind=Kind.ARTICLE_CHANGED,
        claim=claim,
        text=f"The article of claim #{claim.pk} you worked on changed{what}: {_quote(claim)}",
        key=f"article_changed:{claim.pk}:{revision}",
    )


def claim_due(claim: Any, today: datetime.date) -> list[int]:
    """Due tomorrow or overdue, once per claim and due date (the beat task runs hourly)."""
    if claim.due_date is None:
        return []
    if claim.due_date == today + datetime.timedelta(days=1):
        kind, text = Kind.DUE_TOMORROW, f"Claim #{claim.pk} is due tomorrow: {_quote(claim)}"
    elif claim.due_date < today:
        kind = Kind.OVERDUE
        text = f"Claim #{claim.pk} is overdue (due {claim.due_date:%Y-%m-%d}): {_quote(claim)}"
    else:
        return []
    return notify(
        recipients=[claim.assignee_id],
        kind=kind,
        claim=claim,
        text=text,
        key=f"{kind}:{claim.pk}:{claim.due_date:%Y-%m-%d}",
    )
