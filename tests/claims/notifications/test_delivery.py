"""Delivery by email (Django's backend) and to a desk's chat webhook (a real local HTTP server),
instantly or as a daily digest; a second run sends nothing again. The services run here in the
test process; test_worker.py sends through a real Celery worker."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from claims.models import Notification
from claims.notifications.services import (
    digests_send,
    notifications_deliver,
    preference_set,
    undelivered_ids,
)
from claims.services.workflow import claim_assign
from claims.tagging.models import Tag
from tests.claims.notifications.chat import ChatHook
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hook(settings):
    settings.OUTBOUND_ALLOWED_HOSTS = ["127.0.0.1"]
    chat = ChatHook()
    yield chat
    chat.close()


@pytest.fixture
def desk_claim(hook):
    desk = Tag.objects.create(kind="desk", name="Economy", chat_webhook_url=hook.url)
    claim = ClaimFactory()
    desk.claims.add(claim)
    return claim


def _assign(claim, reviewer, editor) -> Notification:
    claim_assign(claim=claim, actor=reviewer, assignee=editor)
    return Notification.objects.get(recipient=editor, claim=claim)


def test_instant_delivery_emails_and_posts_once(desk_claim, hook, reviewer, editor):
    n = _assign(desk_claim, reviewer, editor)
    assert notifications_deliver(notification_ids=[n.pk]) == 2
    assert notifications_deliver(notification_ids=[n.pk]) == 0  # delivered twice: sent once

    [email] = mail.outbox
    assert email.to == [editor.email]
    assert email.subject == "[factcheck] Assigned to you"
    assert n.text in email.body
    assert f"/admin/claims/claim/{desk_claim.pk}/change/" in email.body
    [text] = hook.texts()
    assert text.startswith(f"@{editor.username}: {n.text}")
    n.refresh_from_db()
    assert n.email_handled_at is not None and n.chat_handled_at is not None
    assert n.read_at is None  # sending is not reading


def test_a_claim_without_a_desk_webhook_is_emailed_only(reviewer, editor, hook):
    n = _assign(ClaimFactory(), reviewer, editor)
    assert notifications_deliver(notification_ids=[n.pk]) == 1
    assert len(mail.outbox) == 1
    assert hook.messages == []


def test_channels_turned_off_send_nothing(desk_claim, hook, reviewer, editor):
    preference_set(user=editor, email="off", chat="off")
    n = _assign(desk_claim, reviewer, editor)
    assert notifications_deliver(notification_ids=[n.pk]) == 0
    assert mail.outbox == [] and hook.messages == []
    assert undelivered_ids() == []  # handled: the sweep does not try again


def test_a_failing_chat_hook_is_tried_again_by_the_sweep(settings, reviewer, editor):
    settings.OUTBOUND_ALLOWED_HOSTS = ["127.0.0.1"]
    broken = ChatHook(status=500)
    try:
        desk = Tag.objects.create(kind="desk", name="Politics", chat_webhook_url=broken.url)
        claim = ClaimFactory()
        desk.claims.add(claim)
        n = _assign(claim, reviewer, editor)
        assert notifications_deliver(notification_ids=[n.pk]) == 1  # the email went out
        assert len(broken.messages) == 1
        n.refresh_from_db()
        assert n.email_handled_at is not None and n.chat_handled_at is None
        assert undelivered_ids() == [n.pk]
        broken.status = 200
        assert notifications_deliver(notification_ids=undelivered_ids()) == 1
        assert len(broken.messages) == 2 and len(mail.outbox) == 1
        assert undelivered_ids() == []
    finally:
        broken.close()


def test_a_digest_gathers_the_days_notifications_into_one_email_and_one_chat_message(
    desk_claim, hook, reviewer, editor
):
    preference_set(user=editor, email="digest", chat="digest")
    first = _assign(desk_claim, reviewer, editor)
    second = _assign(ClaimFactory(), reviewer, editor)
    Tag.objects.get(name="Economy").claims.add(second.claim)
    assert notifications_deliver(notification_ids=[first.pk, second.pk]) == 0  # not instantly

    assert digests_send() == 2
    [email] = mail.outbox
    assert email.subject == "[factcheck] Your daily digest: 2 notifications"
    assert first.text in email.body and second.text in email.body
    [text] = hook.texts()
    assert text.startswith(f"Daily digest for @{editor.username}:")
    assert first.text in text and second.text in text

    assert digests_send() == 0  # the same hour again: nothing
    later = timezone.now() + datetime.timedelta(hours=24)
    assert digests_send(now=later) == 0  # a day later: nothing new to tell
    third = _assign(ClaimFactory(), reviewer, editor)
    assert digests_send(now=later + datetime.timedelta(hours=24)) == 1  # email only: no desk
    assert third.text in mail.outbox[-1].body
    assert first.text not in mail.outbox[-1].body
