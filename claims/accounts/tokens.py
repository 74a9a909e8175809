"""`Authorization: Token <key>`: newsroom users' API tokens (claims.accounts.models.UserToken).

Keys are 256-bit random strings (tokens moved over from DRF's authtoken keep their 160-bit hex
key), so one SHA-256 is enough to store them: there is nothing to brute-force, and a lookup is one
indexed query. A revoked token, or one of a deactivated user, is refused with 401.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

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


def token_lookup(raw: str) -> UserToken | None:
    """The live token with this key whose user is active, or None."""
    if not raw or len(raw) > MAX_KEY_LENGTH:
        return None
    return (
        UserToken.objects.select_related("user")
        .filter(key_hash=token_hash(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )


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
