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


# --- The escalation of issue #13, and the set-password links that replace typed passwords -------

PASSWORD = "Taken0ver!x-2026"


def _sign_in(client, username: str, password: str):
    """The admin login form as a browser posts it; returns the response."""
    client.logout()
    return client.post(
        reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"}
    )


def _signed_in_as(client) -> str | None:
    from django.contrib.auth import get_user_model

    pk = client.session.get("_auth_user_id")
    return get_user_model().objects.get(pk=pk).username if pk else None


def _link_in(message) -> str:
    import re

    match = re.search(r"https?://[^/\s]+(/accounts/password/set/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_an_admin_cannot_set_a_reviewers_password_sign_in_as_them_and_publish(
    client, admin_role_user, reviewer
):
    from tests.claims.admin.support import transition_url

    claim = claim_in(S.IN_REVIEW, assignee=UserFactory(username="ed-in-review"))
    c = client_for(client, admin_role_user)
    password_url = reverse("admin:auth_user_password_change", args=[reviewer.pk])
    assert 'href="../password/"' not in c.get(_user_url(reviewer)).content.decode()
    assert c.get(password_url).status_code == 403
    form = {"password1": PASSWORD, "password2": PASSWORD, "usable_password": "true"}
    assert c.post(password_url, form).status_code == 403
    reviewer.refresh_from_db()
    assert not reviewer.check_password(PASSWORD) and reviewer.check_password("pw-for-tests")

    _sign_in(client, reviewer.username, PASSWORD)
    assert _signed_in_as(client) is None
    client.post(transition_url(claim, "publish"))
    claim.refresh_from_db()
    assert claim.status == S.IN_REVIEW


def test_a_new_account_gets_a_set_password_link_by_email_not_a_typed_password(
    client, admin_role_user, mailoutbox, django_capture_on_commit_callbacks
):
    from claims.roles import REVIEWER

    c = client_for(client, admin_role_user)
    page = c.get(reverse("admin:auth_user_add")).content.decode()
    assert 'name="password1"' not in page and 'name="email"' in page
    form = {
        "username": "sock-puppet",
        "email": "sock@newsroom.example",
        "password1": PASSWORD,  # a browser cannot send these, a script can: they are ignored
        "password2": PASSWORD,
        "usable_password": "true",
    }
    with django_capture_on_commit_callbacks(execute=True):  # the email goes after the commit
        response = c.post(reverse("admin:auth_user_add"), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    from django.contrib.auth import get_user_model

    new = get_user_model().objects.get(username="sock-puppet")
    assert not new.has_usable_password()
    # The Admin may give it the Reviewer role, but cannot sign in as it.
    reviewer_role = Group.objects.get(name=REVIEWER)
    assert c.post(_user_url(new), _user_form(new, groups=[reviewer_role.pk])).status_code == 302
    assert new.groups.filter(name=REVIEWER).exists()
    _sign_in(client, "sock-puppet", PASSWORD)
    assert _signed_in_as(client) is None

    (email,) = mailoutbox
    assert email.to == ["sock@newsroom.example"]
    assert "sock-puppet" in email.body and PASSWORD not in email.body
    link = _link_in(email)
    # The owner follows the link, chooses a password, signs in; the link then works no more.
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200 and 'name="new_password1"' in form_page.content.decode()
    chosen = {"new_password1": "Own-choice-77x", "new_password2": "Own-choice-77x"}
    done = client.post(form_page.redirect_chain[-1][0], chosen, follow=True)
    assert "Password reset complete" in done.content.decode() or "password has been set" in (
        done.content.decode()
    )
    _sign_in(client, "sock-puppet", "Own-choice-77x")
    assert _signed_in_as(client) == "sock-puppet"
    client.logout()
    assert "Password reset unsuccessful" in client.get(link, follow=True).content.decode()


def test_a_new_account_needs_an_address_no_other_account_uses(client, admin_role_user, editor):
    c = client_for(client, admin_role_user)
    response = c.post(
        reverse("admin:auth_user_add"), {"username": "twin", "email": editor.email.upper()}
    )
    assert response.status_code == 200
    assert "Another account already uses this address." in response.content.decode()
    response = c.post(reverse("admin:auth_user_add"), {"username": "nomail", "email": ""})
    assert "This field is required." in response.content.decode()


def test_an_admin_cannot_point_anothers_set_password_link_at_itself(
    client, admin_role_user, reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    c = client_for(client, admin_role_user)
    form = _user_form(reviewer, email="site-admin@newsroom.example")
    assert c.post(_user_url(reviewer), form).status_code == 302
    reviewer.refresh_from_db()
    assert reviewer.email == "desk-lead@newsroom.example"
    changelist = reverse("admin:auth_user_changelist")
    action = {"action": "send_set_password_link", "_selected_action": [reviewer.pk]}
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(changelist, action, follow=True)
    assert "emailed to the account&#x27;s own address: desk-lead" in response.content.decode()
    (email,) = mailoutbox
    assert email.to == ["desk-lead@newsroom.example"]


def test_a_user_changes_their_own_password_after_giving_the_current_one(client, editor):
    c = client_for(client, editor)
    own = reverse("admin:auth_user_password_change", args=[editor.pk])
    response = c.get(own)
    assert response.status_code == 302 and response["Location"] == reverse("admin:password_change")
    wrong = {"old_password": "nope", "new_password1": PASSWORD, "new_password2": PASSWORD}
    assert (
        "Your old password was entered incorrectly"
        in c.post(reverse("admin:password_change"), wrong).content.decode()
    )
    right = {**wrong, "old_password": "pw-for-tests"}
    assert c.post(reverse("admin:password_change"), right).status_code == 302
    _sign_in(client, editor.username, PASSWORD)
    assert _signed_in_as(client) == editor.username


def test_a_superuser_may_still_set_a_password(client, editor):
    root = UserFactory(username="root2", is_superuser=True)
    c = client_for(client, root)
    url = reverse("admin:auth_user_password_change", args=[editor.pk])
    form = {"password1": PASSWORD, "password2": PASSWORD, "usable_password": "true"}
    assert c.post(url, form).status_code == 302
    editor.refresh_from_db()
    assert editor.check_password(PASSWORD)
