"""Notifications are sent by a real Celery worker after the request's transaction commits: the
request itself sends nothing, and the task delivered twice sends once."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from django.core import mail

from claims.models import Notification
from claims.notifications.queueing import DELIVER_NOTIFICATIONS, NOTIFY_DUE_DATES
from claims.tagging.models import Tag
from factcheck.queueing import registered_task
from tests.claims.notifications.chat import ChatHook
from tests.conftest import _wait_until_idle, token_client
from tests.factories import ClaimFactory, EditorFactory, ReviewerFactory

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


def _wait_for(condition, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("the worker did not deliver in time")


def _mail_files(folder: Path) -> list[str]:
    return [p.read_text() for p in sorted(folder.glob("*.log"))] if folder.is_dir() else []


@pytest.fixture
def hook():
    chat = ChatHook()
    yield chat
    chat.close()


def test_an_assignment_is_emailed_and_posted_by_the_worker_once(celery_worker, hook):
    folder = Path(os.environ["EMAIL_FILE_PATH"])
    before = len(_mail_files(folder))
    reviewer = ReviewerFactory(username="desk-lead")
    editor = EditorFactory(username="editor-on-call", email="oncall@newsroom.example")
    desk = Tag.objects.create(kind="desk", name="Economy", chat_webhook_url=hook.url)
    claim = ClaimFactory()
    desk.claims.add(claim)

    response = token_client(reviewer).post(
        f"/api/claims/{claim.pk}/assign/", {"assignee": editor.pk}, format="json"
    )
    assert response.status_code == 200
    assert mail.outbox == []  # nothing was sent in the request

    _wait_for(lambda: hook.messages and len(_mail_files(folder)) > before)
    _wait_until_idle(celery_worker)
    n = Notification.objects.get(recipient=editor)
    [text] = hook.texts()
    assert text.startswith(f"@editor-on-call: desk-lead assigned you claim #{claim.pk}")
    [email] = _mail_files(folder)[before:]
    assert "To: oncall@newsroom.example" in email
    assert f"assigned you claim #{claim.pk}" in email
    n.refresh_from_db()
    assert n.email_handled_at is not None and n.chat_handled_at is not None

    registered_task(DELIVER_NOTIFICATIONS).delay([n.pk])  # delivered again: sends nothing
    _wait_until_idle(celery_worker)
    assert len(hook.messages) == 1
    assert len(_mail_files(folder)) == before + 1


def test_the_due_date_beat_task_is_safe_to_run_twice(celery_worker):
    import datetime

    from django.utils import timezone

    from claims.services.workflow import claim_assign

    reviewer = ReviewerFactory()
    editor = EditorFactory()
    claim_assign(
        claim=ClaimFactory(),
        actor=reviewer,
        assignee=editor,
        due_date=timezone.localdate() + datetime.timedelta(days=1),
    )
    task = registered_task(NOTIFY_DUE_DATES)
    task.delay()
    task.delay()
    _wait_for(lambda: Notification.objects.filter(kind="due_tomorrow").exists())
    _wait_until_idle(celery_worker)
    assert Notification.objects.filter(recipient=editor, kind="due_tomorrow").count() == 1
