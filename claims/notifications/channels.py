"""The channels beyond the bell: email and a desk's chat webhook."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.mail import send_mail

from factcheck import outbound


class ChannelError(Exception):
    """A message did not go out; the notification stays undelivered and is tried again."""


def email_send(*, to: str, subject: str, body: str) -> None:
    """Through Django's email backend (`make run`: the console)."""
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    except OSError as exc:  # SMTP refused or unreachable
        raise ChannelError(f"email to {to} not sent: {exc}") from exc


def chat_send(*, url: str, text: str) -> None:
    """POST `{"text": ...}` (Slack-compatible) to a desk's incoming webhook, through the guarded
    outbound path. Raises ChannelError when the hook does not answer 2xx."""
    try:
        response = outbound.fetch(
            url,
            method="POST",
            headers={"Content-Type": "application/json"},
            body=json.dumps({"text": text}).encode(),
            max_bytes=64 * 1024,
            truncate=True,
            follow_redirects=False,
        )
    except outbound.OutboundError as exc:
        raise ChannelError(f"chat webhook {url} not reached: {exc}") from exc
    if not 200 <= response.status < 300:
        raise ChannelError(f"chat webhook {url} answered {response.status} {response.reason}")


def absolute_url(path: str) -> str:
    base: Any = getattr(settings, "FACTCHECK_SITE_URL", "") or ""
    return f"{str(base).rstrip('/')}{path}"
