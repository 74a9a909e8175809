"""The "Forgotten your password?" form is rate-limited in the real Redis: per client address
(429, the form says why) and per email address (nothing more is sent, and the answer is the same
as for an address nobody has, so the form never tells who has an account)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail

pytestmark = pytest.mark.django_db

URL = "/accounts/password/reset/"


def _rate(scope: str) -> int:
    return int(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope].split("/")[0])


def test_the_form_sends_a_set_password_link(client, editor):
    response = client.post(URL, {"email": editor.email})
    assert response.status_code == 302 and response["Location"].endswith("/password/reset/sent/")
    [message] = mail.outbox
    assert message.to == [editor.email] and "/accounts/password/set/" in message.body


def test_one_address_past_its_rate_gets_429_and_a_message_on_the_form(client, editor):
    limit = _rate("password_reset")
    statuses = [
        client.post(URL, {"email": f"nobody{n}@example.org"}, REMOTE_ADDR="192.0.2.7").status_code
        for n in range(limit)
    ]
    assert statuses == [302] * limit
    refused = client.post(URL, {"email": editor.email}, REMOTE_ADDR="192.0.2.7")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "Too many set-password requests from your address" in refused.content.decode()
    assert mail.outbox == []  # the refused request sent nothing
    # Another address is not held back by it.
    assert client.post(URL, {"email": editor.email}, REMOTE_ADDR="192.0.2.8").status_code == 302
    assert [m.to for m in mail.outbox] == [[editor.email]]


def test_one_inbox_gets_at_most_its_rate_of_emails_whoever_asks(client, editor):
    limit = _rate("password_reset_email")
    answers = [
        client.post(URL, {"email": editor.email.upper()}, REMOTE_ADDR=f"192.0.2.{20 + n}")
        for n in range(limit + 2)
    ]
    # Every answer is the usual one: the form does not reveal that it stopped sending.
    assert {(a.status_code, a["Location"]) for a in answers} == {
        (302, "/accounts/password/reset/sent/")
    }
    assert len(mail.outbox) == limit
