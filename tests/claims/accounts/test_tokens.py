"""API tokens: stored hashed, revocable, showing when they were last used; tokens made by DRF's
authtoken before keep working once the migration has hashed them."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from claims.accounts.models import UserToken
from claims.accounts.services import user_token_create
from factcheck.api.errors import PermissionRefused
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def api(raw: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    return client


def test_the_command_prints_a_working_token_once_and_stores_only_its_hash(reviewer, capsys):
    call_command("api_token_create", reviewer.username, "--name", "laptop")
    out, err = capsys.readouterr()
    raw = out.strip()
    assert "shown only now" in err
    token = UserToken.objects.get(user=reviewer)
    assert raw not in (token.key_hash, token.prefix) and raw.startswith(token.prefix)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM claims_usertoken")
        assert raw not in repr(cursor.fetchall())
    assert api(raw).get("/api/claims/").status_code == 200


def test_the_command_names_a_user_that_does_not_exist(capsys):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No user named 'ghost'"):
        call_command("api_token_create", "ghost")


def test_a_token_shows_when_it_was_last_used(reviewer):
    token, raw = user_token_create(user=reviewer, actor=reviewer)
    assert token.last_used_at is None
    api(raw).get("/api/claims/")
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_revoked_token_is_refused_at_once(client, reviewer):
    token, raw = user_token_create(user=reviewer, actor=reviewer, name="old laptop")
    assert api(raw).get("/api/claims/").status_code == 200
    client.force_login(reviewer)
    response = client.post(
        reverse("admin:claims_usertoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
        follow=True,
    )
    assert f"Revoked 1 token(s): {token.prefix}." in response.content.decode()
    refused = api(raw).get("/api/claims/")
    assert refused.status_code == 401
    assert refused.json()["detail"] == "Unknown or revoked token."


def test_a_deactivated_users_token_is_refused(reviewer):
    _, raw = user_token_create(user=reviewer, actor=reviewer)
    reviewer.is_active = False
    reviewer.save(update_fields=["is_active"])
    assert api(raw).get("/api/claims/").status_code == 401


def test_a_user_sees_and_revokes_only_their_own_tokens(client, reviewer, editor):
    theirs, _ = user_token_create(user=reviewer, actor=reviewer, name="reviewer's")
    mine, _ = user_token_create(user=editor, actor=editor, name="editor's")
    client.force_login(editor)
    page = client.get(reverse("admin:claims_usertoken_changelist")).content.decode()
    assert mine.prefix in page and theirs.prefix not in page
    client.post(
        reverse("admin:claims_usertoken_changelist"),
        {"action": "revoke", "_selected_action": [theirs.pk]},
    )
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_nobody_but_a_superuser_makes_a_token_for_someone_else(reviewer, editor):
    with pytest.raises(PermissionRefused):
        user_token_create(user=reviewer, actor=editor)
    root = UserFactory(is_superuser=True)
    assert user_token_create(user=reviewer, actor=root)[0].user == reviewer


def test_plaintext_authtoken_keys_are_hashed_by_the_migration_and_keep_working(reviewer):
    legacy = "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"  # DRF's key format: 40 hex characters
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, "
            "created timestamptz NOT NULL, user_id integer NOT NULL)"
        )
        cursor.execute("INSERT INTO authtoken_token VALUES (%s, now(), %s)", [legacy, reviewer.pk])
    migration = importlib.import_module("claims.migrations.0008_accounts_hash_tokens")
    with connection.schema_editor() as editor:
        migration.hash_plaintext_tokens(apps, editor)

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM authtoken_token")
        assert cursor.fetchone()[0] == 0  # no plaintext key left
    token = UserToken.objects.get(user=reviewer)
    assert token.key_hash != legacy and token.name == "moved from authtoken"
    assert api(legacy).get("/api/claims/").status_code == 200


def test_the_token_lookup_reads_the_roles_and_permissions_django_would(reviewer, editor):
    """One query reads the token, its user, their groups and permissions (tokens.py); what it
    leaves on the user is what Django's ModelBackend and the roles read on a fresh user."""
    from django.contrib.auth.models import Group, Permission
    from django.contrib.auth.models import User as UserModel

    from claims.accounts.tokens import token_lookup
    from factcheck.groups import user_group_names

    extra = Group.objects.create(name="Desk")
    extra.permissions.add(Permission.objects.get(codename="view_evidence"))
    editor.groups.add(extra)
    editor.user_permissions.add(Permission.objects.get(codename="change_rating"))
    for user in (reviewer, editor, UserFactory()):
        _, raw = user_token_create(user=user, actor=user)
        with CaptureQueriesContext(connection) as ctx:
            token = token_lookup(raw)
        assert token is not None and len(ctx.captured_queries) == 1
        with CaptureQueriesContext(connection) as ctx:
            read = (
                token.user.get_all_permissions(),
                token.user.get_user_permissions(),
                token.user.get_group_permissions(),
                user_group_names(token.user),
                token.user.has_perm("claims.view_claim"),
            )
        assert ctx.captured_queries == []
        fresh = UserModel.objects.get(pk=user.pk)
        assert read == (
            fresh.get_all_permissions(),
            fresh.get_user_permissions(),
            fresh.get_group_permissions(),
            set(fresh.groups.values_list("name", flat=True)),
            fresh.has_perm("claims.view_claim"),
        )
    assert token_lookup("fct_unknown") is None
