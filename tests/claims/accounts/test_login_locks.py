"""Failed logins are counted per account and per address (django-axes, database handler, in the
test database); past the limit the right password is refused too, until the cool-off ends or an
admin lifts the lock."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from claims.roles import ADMIN
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")


def sign_in(client, username: str, password: str, address: str = "203.0.113.7"):
    client.logout()
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_forty_wrong_passwords_then_the_right_one_does_not_sign_in(client, editor):
    statuses = [sign_in(client, editor.username, f"guess-{n}").status_code for n in range(40)]
    limit = settings.AXES_FAILURE_LIMIT
    assert statuses[: limit - 1] == [200] * (limit - 1)  # the login form again, "wrong password"
    assert set(statuses[limit:]) == {429}
    response = sign_in(client, editor.username, "pw-for-tests")
    assert not signed_in(client)
    assert response.status_code == 429
    page = response.content.decode()
    assert f"Sign-in locked: too many failed logins for “{editor.username}”" in page
    assert f"refused for {settings.FACTCHECK_LOGIN_COOLOFF_MINUTES} minutes" in page
    assert "ask an admin to lift the lock" in page


def test_after_the_cool_off_the_right_password_signs_in(client, editor):
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, editor.username, f"guess-{n}")
    sign_in(client, editor.username, "pw-for-tests")
    assert not signed_in(client)
    # The cool-off passes (the attempts' clock moved back rather than the test sleeping).
    cool_off = timedelta(minutes=settings.FACTCHECK_LOGIN_COOLOFF_MINUTES, seconds=1)
    for attempt in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=attempt.pk).update(
            attempt_time=attempt.attempt_time - cool_off
        )
    response = sign_in(client, editor.username, "pw-for-tests")
    assert response.status_code == 302 and signed_in(client)


def test_failures_from_one_address_lock_every_account_tried_from_it(client, editor, reviewer):
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"nobody-{n}", "guess", address="198.51.100.9")  # spraying usernames
    sign_in(client, reviewer.username, "pw-for-tests", address="198.51.100.9")
    assert not signed_in(client)
    sign_in(client, reviewer.username, "pw-for-tests", address="198.51.100.10")
    assert signed_in(client)  # the account itself was not attacked


def test_an_admin_lifts_the_lock_and_the_security_log_says_who(client, editor):
    admin_user = UserFactory(username="site-admin")
    admin_user.groups.add(admin_user.groups.model.objects.get(name=ADMIN))
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, editor.username, f"guess-{n}")

    client.force_login(admin_user)
    locks = client.get(reverse("admin:claims_loginlock_changelist")).content.decode()
    assert editor.username in locks and "203.0.113.7" in locks
    lock = AccessAttempt.objects.get(username=editor.username)
    response = client.post(
        reverse("admin:claims_loginlock_changelist"),
        {"action": "lift", "_selected_action": [lock.pk]},
        follow=True,
    )
    assert f"Lock lifted for: {editor.username} (and 203.0.113.7)" in response.content.decode()
    log = client.get(reverse("admin:claims_securityevent_changelist")).content.decode()
    assert "failed logins cleared (lift login lock)" in log
    assert "site-admin" in log

    response = sign_in(client, editor.username, "pw-for-tests")
    assert response.status_code == 302 and signed_in(client)


def test_an_editor_sees_no_login_locks(client, editor):
    client.force_login(editor)
    assert client.get(reverse("admin:claims_loginlock_changelist")).status_code == 403


def test_lifting_a_lock_frees_the_account_and_the_address(client, editor):
    admin_user = UserFactory(username="site-admin2", is_superuser=True)
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"sprayed-{n}", "guess", address="198.51.100.20")
    client.force_login(admin_user)
    lock = AccessAttempt.objects.filter(ip_address="198.51.100.20").first()
    client.post(
        reverse("admin:claims_loginlock_changelist"),
        {"action": "lift", "_selected_action": [lock.pk]},
    )
    sign_in(client, editor.username, "pw-for-tests", address="198.51.100.20")
    assert signed_in(client)
