"""Every account, role and token change is in the security log: who, what, to whom, when, from
which address; the log is read-only and costs a fixed number of queries."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from claims.accounts.services import user_token_create
from claims.roles import ADMIN, REVIEWER
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOG = reverse("admin:claims_securityevent_changelist")


@pytest.fixture
def site_admin():
    user = UserFactory(username="site-admin")
    user.groups.add(Group.objects.get(name=ADMIN))
    return user


def rows(html: str) -> list[str]:
    """The log's rows as text, newest first."""
    found = re.findall(r"<tr[^>]*>(.*?)</tr>", html, flags=re.S)
    text = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in found]
    return [row for row in text if row and not row.startswith("When")]


def test_account_role_and_token_changes_are_logged_with_who_and_where(
    client, site_admin, django_capture_on_commit_callbacks
):
    client.force_login(site_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:auth_user_add"),
            {"username": "newbie", "email": "newbie@newsroom.example"},
            REMOTE_ADDR="203.0.113.50",
        )
    newbie = site_admin.__class__.objects.get(username="newbie")
    token, _ = user_token_create(user=newbie, actor=newbie, name="cms script")
    reviewer_role = Group.objects.get(name=REVIEWER)
    change = reverse("admin:auth_user_change", args=[newbie.pk])
    joined = timezone.localtime(newbie.date_joined)
    form = {
        "username": "newbie",
        "is_staff": "on",
        "date_joined_0": joined.strftime("%Y-%m-%d"),
        "date_joined_1": joined.strftime("%H:%M:%S"),
    }
    for step in ({"groups": [reviewer_role.pk], "is_active": "on"}, {}):  # grant, then take back
        response = client.post(change, {**form, **step}, REMOTE_ADDR="203.0.113.51")
        assert response.status_code == 302

    log = rows(client.get(LOG).content.decode())
    assert any(
        "account created (create account)" in r
        and "newbie" in r
        and "site-admin" in r
        and "203.0.113.50" in r
        for r in log
    ), "\n".join(log)
    assert any("role granted" in r and "newbie" in r and "Reviewer" in r for r in log), log
    assert any("role removed" in r and "newbie" in r and "Reviewer" in r for r in log), log
    assert any(
        "token created (create token)" in r and token.prefix in r and "cms script" in r for r in log
    ), "\n".join(log)
    assert any("account changed" in r and "is_active: True → False" in r for r in log), log
    assert not any("pbkdf2" in r or "md5$" in r for r in log)  # never a password hash


def test_a_password_change_is_logged_without_the_hash(client, editor):
    client.force_login(editor)
    client.post(
        reverse("admin:password_change"),
        {
            "old_password": "pw-for-tests",
            "new_password1": "Fresh-pass-991",
            "new_password2": "Fresh-pass-991",
        },
    )
    root = UserFactory(is_superuser=True)
    client.force_login(root)
    html = client.get(LOG).content.decode()
    assert any("password set" in r and editor.username in r for r in rows(html))
    assert "md5$" not in html


def test_the_log_is_read_only_and_hidden_from_editors(client, site_admin, editor):
    client.force_login(site_admin)
    html = client.get(LOG).content.decode()
    assert "Add security log entry" not in html and 'name="action"' not in html
    client.force_login(editor)
    assert client.get(LOG).status_code == 403


def test_the_log_page_costs_a_fixed_number_of_queries(
    client, site_admin, django_assert_max_num_queries
):
    client.force_login(site_admin)
    for n in range(30):
        user = UserFactory(username=f"many{n}")
        user.groups.add(Group.objects.get(name=REVIEWER))
        user_token_create(user=user, actor=user)
    client.get(LOG)  # warm the session and permission caches
    with django_assert_max_num_queries(12):
        response = client.get(LOG)
    assert len(rows(response.content.decode())) >= 90
