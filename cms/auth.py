"""`Authorization: Api-Key <key>` for the CMS.

A key authenticates as an `ApiKeyUser` (no roles, no model permissions) and reaches only views that
declare `api_key_access = True`, and only with safe methods (GET, HEAD, OPTIONS): the export feed,
one claim's ClaimReview, and the read-only claim list/detail (published claims only). Anything else
is refused with 403 here, centrally, so a view that forgets to think about keys stays closed; the
permission `factcheck.api.permissions.NewsroomOrApiKey` checks it again (it knows a key's
principal by `ApiKeyUser.is_api_key`, so the apps below cms need not import it).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from cms.models import ApiKey

KEYWORD = "Api-Key"
KEY_PREFIX = "fck_"
# last_used_at is written at most this often per key, not on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def hash_key(raw: str) -> str:
    # Keys are 256-bit random strings, so a fast hash is enough (nothing to brute-force).
    return hashlib.sha256(raw.encode()).hexdigest()


def generate_key() -> tuple[str, str]:
    """A new raw key and its public prefix."""
    prefix = secrets.token_hex(4)
    return f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}", prefix


class ApiKeyUser(AnonymousUser):
    """The principal behind an API key: authenticated, but holds no role and no permission."""

    is_active = True  # type: ignore[assignment]  # an authenticated principal
    is_api_key = True  # what factcheck.api.permissions reads

    def __init__(self, api_key: ApiKey):
        self.api_key = api_key
        self.username = f"api-key:{api_key.name}"  # type: ignore[assignment]
        self._factcheck_group_names: set[str] = set()

    @property
    def is_authenticated(self) -> bool:  # type: ignore[override]
        return True

    def __str__(self) -> str:
        return self.username


def key_from_header(header: bytes) -> str | None:
    parts = header.split()
    if not parts or parts[0].decode("latin-1").lower() != KEYWORD.lower():
        return None
    if len(parts) != 2:
        raise exceptions.AuthenticationFailed("Invalid Api-Key header: send `Api-Key <key>`.")
    try:
        return parts[1].decode()
    except UnicodeDecodeError as exc:
        raise exceptions.AuthenticationFailed("Invalid Api-Key header.") from exc


def api_key_lookup(raw: str) -> ApiKey | None:
    if not raw.startswith(KEY_PREFIX) or len(raw) > 200:
        return None
    return ApiKey.objects.filter(key_hash=hash_key(raw), revoked=False).first()


class ApiKeyAuthentication(BaseAuthentication):
    def authenticate(self, request: Any) -> tuple[ApiKeyUser, ApiKey] | None:
        raw = key_from_header(get_authorization_header(request))
        if raw is None:
            return None
        key = api_key_lookup(raw)
        if key is None:
            raise exceptions.AuthenticationFailed("Unknown or revoked API key.")
        view = (getattr(request, "parser_context", None) or {}).get("view")
        if not getattr(view, "api_key_access", False) or request.method not in SAFE_METHODS:
            raise exceptions.PermissionDenied(
                f"The API key {key.prefix}… has the {key.scope} scope: it reads the ClaimReview "
                "export and published claims only."
            )
        now = timezone.now()
        if key.last_used_at is None or key.last_used_at < now - LAST_USED_RESOLUTION:
            ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        return ApiKeyUser(key), key

    def authenticate_header(self, request: Any) -> str:
        return KEYWORD
