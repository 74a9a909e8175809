"""User accounts: the Admin role manages roles, never superuser power (claims/admin/users.py)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from claims import workflow
from claims.roles import ADMIN
from tests.claims.admin.support import (
    S,
    claim_in,
    client_for,
)
from tests.factories import (
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _user_form(user, **changes) -> dict:
    """The user change form as the browser posts it."""
    joined = timezone.localtime(user.date_joined)
    data = {
        "username": user.username,
        "email": user.email,
        "first_name": "",
        "last_name": "",
        "is_active": "on",
        "is_staff": "on",
        "groups": [g.pk for g in user.groups.all()],
        "date_joined_0": joined.strftime("%Y-%m-%d"),
        "date_joined_1": joined.strftime("%H:%M:%S"),
    }
    data.update(changes)
    return data


def _user_url(user) -> str:
    return reverse("admin:auth_user_change", args=[user.pk])


def test_an_admin_cannot_make_itself_or_anyone_a_superuser(client, admin_role_user, editor):
    from django.contrib.auth.models import Permission

    publish = Permission.objects.get(codename="change_claim")
    c = client_for(client, admin_role_user)
    page = c.get(_user_url(editor)).content.decode()
    assert 'name="is_superuser"' not in page
    assert 'name="user_permissions"' not in page
    for target in (admin_role_user, editor):
        response = c.post(
            _user_url(target),
            _user_form(target, is_superuser="on", user_permissions=[publish.pk]),
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        target.refresh_from_db()
        assert not target.is_superuser
        assert not target.user_permissions.exists()
    assert not workflow.actor_roles(admin_role_user, claim_in(S.NEW))  # still no reviewer


def test_an_admin_gives_others_desk_roles_but_not_itself(client, admin_role_user, editor):
    from claims.roles import REVIEWER

    reviewer_role = Group.objects.get(name=REVIEWER)
    secret = Group.objects.create(name="Ops (superusers only)")
    editor.groups.add(secret)
    c = client_for(client, admin_role_user)
    assert "Ops (superusers only)" not in c.get(_user_url(editor)).content.decode()
    groups = [*editor.groups.exclude(pk=secret.pk).values_list("pk", flat=True), reviewer_role.pk]
    assert c.post(_user_url(editor), _user_form(editor, groups=groups)).status_code == 302
    assert set(editor.groups.values_list("name", flat=True)) == {
        "Editor",
        "Reviewer",
        "Ops (superusers only)",  # kept, though the Admin could not see it
    }
    own = _user_form(admin_role_user, groups=[reviewer_role.pk])
    assert c.post(_user_url(admin_role_user), own).status_code == 302
    assert list(admin_role_user.groups.values_list("name", flat=True)) == [ADMIN]


def test_an_admin_cannot_change_a_superuser_or_reset_their_password(client, admin_role_user):
    boss = UserFactory(username="boss", is_superuser=True)
    c = client_for(client, admin_role_user)
    page = c.get(_user_url(boss))
    assert page.status_code == 200  # shown read-only
    assert 'name="username"' not in page.content.decode()
    assert c.post(_user_url(boss), _user_form(boss, is_staff="")).status_code == 403
    password_url = reverse("admin:auth_user_password_change", args=[boss.pk])
    response = c.post(password_url, {"password1": "Taken0ver!x", "password2": "Taken0ver!x"})
    assert response.status_code == 403
    boss.refresh_from_db()
    assert boss.is_staff and not boss.check_password("Taken0ver!x")


def test_a_superuser_still_manages_superuser_status(client, editor):
    root = UserFactory(username="root", is_superuser=True)
    c = client_for(client, root)
    assert 'name="is_superuser"' in c.get(_user_url(editor)).content.decode()
    assert c.post(_user_url(editor), _user_form(editor, is_superuser="on")).status_code == 302
    editor.refresh_from_db()
    assert editor.is_superuser
