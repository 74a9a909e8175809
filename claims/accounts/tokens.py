"""`Authorization: Token <key>`: newsroom users' API tokens (claims.accounts.models.UserToken).

Keys are 256-bit random strings (tokens moved over from DRF's authtoken keep their 160-bit hex
key), so one SHA-256 is enough to store them: there is nothing to brute-force, and a lookup is one
indexed query. A revoked token, or one of a deactivated user, is refused with 401.

That one query also reads what every API request asks next about the user: their group names
(the roles, `factcheck.groups.user_group_names`) and their permissions (what `user.has_perm`
reads through Django's ModelBackend). It is written once, from the models' metadata, and left on
the user object where those two look first; otherwise they were three more queries, compiled by
the ORM on every request (a quarter of a claims page's CPU). It runs as a prepared statement
(`factcheck.backend`), planned once per connection: planning it (three subqueries, seven
tables) took PostgreSQL four times as long as running it.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication, get_authorization_header

from claims.accounts.models import UserToken
from claims.accounts.throttles import anonymous_throttle_check

KEYWORD = "Token"
KEY_PREFIX = "fct_"
# last_used_at is written at most this often per token, not on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)
MAX_KEY_LENGTH = 200


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def token_generate() -> tuple[str, str]:
    """A new raw key and its public prefix (the part shown in lists)."""
    prefix = secrets.token_hex(4)
    return f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}", f"{KEY_PREFIX}{prefix}"


class _TokenQuery:
    """`SELECT` the live token with a key hash, its active user, the user's group names, and the
    permissions ModelBackend would read for them (the user's own, then their groups'), as
    "app_label.codename". Built once from the models' metadata."""

    def __init__(self) -> None:
        user_model = get_user_model()
        q = connection.ops.quote_name
        self.token_fields = [f.attname for f in UserToken._meta.concrete_fields]
        self.user_fields = [f.attname for f in user_model._meta.concrete_fields]
        user_groups = user_model._meta.get_field("groups")
        user_perms = user_model._meta.get_field("user_permissions")
        group_perms = Group._meta.get_field("permissions")
        tables = {
            "token": q(UserToken._meta.db_table),
            "user": q(user_model._meta.db_table),
            "group": q(Group._meta.db_table),
            "perm": q(Permission._meta.db_table),
            "ctype": q(ContentType._meta.db_table),
            "user_groups": q(user_groups.m2m_db_table()),
            "ug_user": q(user_groups.m2m_column_name()),
            "ug_group": q(user_groups.m2m_reverse_name()),
            "user_perms": q(user_perms.m2m_db_table()),
            "up_user": q(user_perms.m2m_column_name()),
            "up_perm": q(user_perms.m2m_reverse_name()),
            "group_perms": q(group_perms.m2m_db_table()),
            "gp_group": q(group_perms.m2m_column_name()),
            "gp_perm": q(group_perms.m2m_reverse_name()),
        }
        columns = [f"t.{q(name)}" for name in self.token_fields]
        columns += [f"u.{q(name)}" for name in self.user_fields]
        perms = (
            "SELECT ct.app_label || '.' || p.codename "
            "FROM {perm} p JOIN {ctype} ct ON ct.id = p.content_type_id "
        )
        self.sql = (
            "SELECT {columns}, "
            "ARRAY(SELECT g.name FROM {group} g JOIN {user_groups} ug ON ug.{ug_group} = g.id "
            "WHERE ug.{ug_user} = u.id), "
            f"ARRAY({perms}"
            "JOIN {user_perms} up ON up.{up_perm} = p.id WHERE up.{up_user} = u.id), "
            f"ARRAY({perms}"
            "JOIN {group_perms} gp ON gp.{gp_perm} = p.id "
            "JOIN {user_groups} ug ON ug.{ug_group} = gp.{gp_group} WHERE ug.{ug_user} = u.id) "
            "FROM {token} t JOIN {user} u ON u.id = t.user_id "
            "WHERE t.key_hash = %s AND t.revoked_at IS NULL AND u.is_active"
        ).format(columns=", ".join(columns), **tables)
        self.user_model = user_model

    def fetch(self, key_hash: str) -> UserToken | None:
        prepared = getattr(connection, "prepared_cursor", None)
        with prepared() if prepared is not None else connection.cursor() as cursor:
            cursor.execute(self.sql, [key_hash])
            row = cursor.fetchone()
        if row is None:
            return None
        n = len(self.token_fields)
        token = UserToken.from_db(connection.alias, self.token_fields, row[:n])
        user: Any = self.user_model.from_db(
            connection.alias, self.user_fields, row[n : n + len(self.user_fields)]
        )
        groups, user_perms, group_perms = row[-3:]
        user._factcheck_group_names = set(groups)  # factcheck.groups.user_group_names
        if not user.is_superuser:  # (a superuser's are every permission: has_perm asks none)
            # Where django.contrib.auth.backends.ModelBackend keeps what it read.
            user._user_perm_cache = set(user_perms)
            user._group_perm_cache = set(group_perms)
            user._perm_cache = {*user_perms, *group_perms}
        token.user = user
        return token


_token_query: _TokenQuery | None = None


def token_lookup(raw: str) -> UserToken | None:
    """The live token with this key whose user is active (with the user's roles and permissions
    read), or None."""
    global _token_query
    if not raw or len(raw) > MAX_KEY_LENGTH:
        return None
    if _token_query is None:  # after app loading; building it twice is harmless
        _token_query = _TokenQuery()
    return _token_query.fetch(token_hash(raw))


def key_from_header(header: bytes) -> str | None:
    parts = header.split()
    if not parts or parts[0].decode("latin-1").lower() != KEYWORD.lower():
        return None
    if len(parts) != 2:
        raise exceptions.AuthenticationFailed("Invalid Token header: send `Token <key>`.")
    try:
        return parts[1].decode()
    except UnicodeDecodeError as exc:
        raise exceptions.AuthenticationFailed("Invalid Token header.") from exc


class UserTokenAuthentication(TokenAuthentication):
    """A token request; an unknown token is 401 (429 once the address is over the anonymous
    rate: see claims.accounts.throttles). A TokenAuthentication only for the schema, which
    describes it as DRF's (`tokenAuth`): nothing of DRF's authtoken model is used."""

    keyword = KEYWORD

    def authenticate(self, request: Any) -> tuple[Any, UserToken] | None:
        raw = key_from_header(get_authorization_header(request))
        if raw is None:
            return None
        token = token_lookup(raw)
        if token is None:
            anonymous_throttle_check(request)  # guessing tokens counts as anonymous requests
            raise exceptions.AuthenticationFailed("Unknown or revoked token.")
        now = timezone.now()
        if token.last_used_at is None or token.last_used_at < now - LAST_USED_RESOLUTION:
            UserToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request: Any) -> str:
        return KEYWORD
