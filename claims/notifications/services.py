"""Delivery of notifications (instant and daily digest), read marks and preferences.

Delivery runs in Celery only (`claims.notifications.tasks`). Each notification is locked while it
is delivered and each channel is marked handled in the same transaction, so a task delivered
twice, or two workers at once, send it once; a channel that failed is left unhandled and tried
again by the next sweep (for a day, then left).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from claims.models import Claim, ClaimStatus
from claims.notifications import events
from claims.notifications.channels import ChannelError, absolute_url, chat_send, email_send
from claims.notifications.models import Mode, Notification, NotificationPreference
from claims.tagging.models import Tag, TagKind
from factcheck.api.errors import ServiceError

logger = logging.getLogger(__name__)

# Undelivered notifications older than this are no longer tried (the bell still shows them).
RETRY_FOR = datetime.timedelta(days=1)
DIGEST_EVERY = datetime.timedelta(hours=23)


class NotificationNotFound(ServiceError):
    status_code = 404


def preference_get(user: Any) -> NotificationPreference:
    """The user's preferences; the defaults (unsaved) when they never chose."""
    pref = NotificationPreference.objects.filter(user_id=user.pk).first()
    return pref or NotificationPreference(user_id=user.pk)


def preference_set(*, user: Any, email: str, chat: str) -> NotificationPreference:
    for name, value in (("email", email), ("chat", chat)):
        if value not in Mode.values:
            choices = ", ".join(Mode.values)
            raise ServiceError(f"{name}: “{value}” is not one of {choices}.", field=name)
    pref, _ = NotificationPreference.objects.update_or_create(
        user_id=user.pk, defaults={"email": email, "chat": chat}
    )
    return pref


def desk_webhooks(claim_id: int | None) -> list[str]:
    """The chat webhooks of the desks the claim is tagged with."""
    if claim_id is None:
        return []
    return list(
        Tag.objects.filter(kind=TagKind.DESK, claims__pk=claim_id)
        .exclude(chat_webhook_url="")
        .order_by("pk")
        .values_list("chat_webhook_url", flat=True)
    )


def _link(n: Notification) -> str:
    if n.claim_id is None:
        return ""
    return absolute_url(reverse("admin:claims_claim_change", args=[n.claim_id]))


def _chat_text(n: Notification) -> str:
    link = _link(n)
    return f"@{n.recipient.get_username()}: {n.text}" + (f" <{link}>" if link else "")


def notifications_deliver(*, notification_ids: Iterable[int]) -> int:
    """Send the instant channels of these notifications; returns how many messages went out.
    Channels the user takes as a digest are left for `digests_send`."""
    sent = 0
    for pk in sorted(set(notification_ids)):
        with transaction.atomic():
            n = (
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("recipient")
                .filter(pk=pk)
                .first()
            )
            if n is None:  # gone, or another worker has it now
                continue
            pref = preference_get(n.recipient)
            now = timezone.now()
            fields: list[str] = []
            if n.email_handled_at is None and pref.email != Mode.DIGEST:
                try:
                    if pref.email == Mode.INSTANT and n.recipient.email:
                        email_send(
                            to=n.recipient.email,
                            subject=f"[factcheck] {n.get_kind_display()}",
                            body=f"{n.text}\n\n{_link(n)}".strip(),
                        )
                        sent += 1
                    n.email_handled_at = now
                    fields.append("email_handled_at")
                except ChannelError as exc:
                    logger.warning("notification %s: %s", n.pk, exc)
            if n.chat_handled_at is None and pref.chat != Mode.DIGEST:
                try:
                    if pref.chat == Mode.INSTANT:
                        for url in desk_webhooks(n.claim_id):
                            chat_send(url=url, text=_chat_text(n))
                            sent += 1
                    n.chat_handled_at = now
                    fields.append("chat_handled_at")
                except ChannelError as exc:
                    logger.warning("notification %s: %s", n.pk, exc)
            if fields:
                n.save(update_fields=fields)
    return sent


def undelivered_ids(*, now: datetime.datetime | None = None, limit: int = 500) -> list[int]:
    """Notifications of the last day with an instant channel not yet handled: queued when the
    broker was down, or a channel that failed. The sweep delivers them again."""
    now = now or timezone.now()
    digest_email = Q(recipient__notification_preference__email=Mode.DIGEST)
    digest_chat = Q(recipient__notification_preference__chat=Mode.DIGEST)
    pending = (Q(email_handled_at__isnull=True) & ~digest_email) | (
        Q(chat_handled_at__isnull=True) & ~digest_chat
    )
    return list(
        Notification.objects.filter(pending, created_at__gte=now - RETRY_FOR)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )


def _digest_lines(notifications: list[Notification]) -> str:
    return "\n".join(
        f"- {timezone.localtime(n.created_at):%Y-%m-%d %H:%M} {n.text}" for n in notifications
    )


def digests_send(*, now: datetime.datetime | None = None) -> int:
    """Send each digest that is due (the user's last one is 23 hours old or more) with what has
    gathered since; returns how many digests went out. Safe to run twice: a preference row is
    locked while its digest is sent and its `last_digest_at` moves on in the same transaction."""
    now = now or timezone.now()
    due = NotificationPreference.objects.filter(Q(email=Mode.DIGEST) | Q(chat=Mode.DIGEST)).filter(
        Q(last_digest_at__isnull=True) | Q(last_digest_at__lte=now - DIGEST_EVERY)
    )
    sent = 0
    for pref_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            pref = (
                NotificationPreference.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("user")
                .filter(pk=pref_id)
                .first()
            )
            if pref is None or (
                pref.last_digest_at is not None and pref.last_digest_at > now - DIGEST_EVERY
            ):
                continue
            sent += _digest_one(pref, now)
            pref.last_digest_at = now
            pref.save(update_fields=["last_digest_at"])
    return sent


def _digest_one(pref: NotificationPreference, now: datetime.datetime) -> int:
    user = pref.user
    mine = Notification.objects.select_for_update(of=("self",)).filter(recipient=user)
    sent = 0
    if pref.email == Mode.DIGEST:
        pending = list(mine.filter(email_handled_at__isnull=True).order_by("created_at", "pk"))
        if pending and user.email:
            try:
                email_send(
                    to=user.email,
                    subject=f"[factcheck] Your daily digest: {len(pending)} notifications",
                    body=_digest_lines(pending),
                )
                sent += 1
                Notification.objects.filter(pk__in=[n.pk for n in pending]).update(
                    email_handled_at=now
                )
            except ChannelError as exc:
                logger.warning("digest for %s: %s", user, exc)
    if pref.chat == Mode.DIGEST:
        pending = list(mine.filter(chat_handled_at__isnull=True).order_by("created_at", "pk"))
        by_hook: dict[str, list[Notification]] = {}
        for n in pending:
            for url in desk_webhooks(n.claim_id):
                by_hook.setdefault(url, []).append(n)
        done = [n.pk for n in pending]
        for url, items in by_hook.items():
            try:
                chat_send(
                    url=url,
                    text=f"Daily digest for @{user.get_username()}:\n{_digest_lines(items)}",
                )
                sent += 1
            except ChannelError as exc:
                logger.warning("chat digest for %s: %s", user, exc)
                done = [pk for pk in done if pk not in {n.pk for n in items}]
        Notification.objects.filter(pk__in=done).update(chat_handled_at=now)
    return sent


def due_dates_notify(*, today: datetime.date | None = None) -> int:
    """Notify assignees of claims due tomorrow or overdue: once per claim and due date, however
    often it runs. Returns how many notifications it wrote now."""
    today = today or timezone.localdate()
    claims = Claim.objects.filter(
        status__in=[ClaimStatus.ASSIGNED, ClaimStatus.IN_PROGRESS, ClaimStatus.IN_REVIEW],
        assignee__isnull=False,
        due_date__lte=today + datetime.timedelta(days=1),
    ).only("pk", "text", "due_date", "assignee_id")
    written = 0
    for claim in claims.order_by("pk"):
        with transaction.atomic():
            written += len(events.claim_due(claim, today))
    return written


# --- the bell ---------------------------------------------------------------------------------


def inbox(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient_id=user.pk).order_by("-created_at", "-id")


def unread_count(user: Any) -> int:
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def notification_mark_read(*, user: Any, notification_id: int, read: bool = True) -> Notification:
    """Mark one of the user's own notifications read (or unread again)."""
    n = Notification.objects.filter(pk=notification_id, recipient_id=user.pk).first()
    if n is None:
        raise NotificationNotFound(
            f"You have no notification #{notification_id}.", field="notification"
        )
    n.read_at = (n.read_at or timezone.now()) if read else None
    n.save(update_fields=["read_at"])
    return n


def notifications_mark_read(*, user: Any, ids: Iterable[int] | None = None) -> int:
    """Mark the user's unread notifications read (only `ids` when given); returns how many."""
    unread = Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())
