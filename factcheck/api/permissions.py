"""Who may use the API: newsroom users, and API keys on the views that allow them.

An API key's principal (the `request.user` its authentication class returns) says what it is
with `is_api_key = True`; this module reads only that attribute, so it needs no import of the
app that issues keys. The authentication class refuses a key on any other view or method first;
the check here is the second lock on the same door.
"""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission


def is_api_key(user: Any) -> bool:
    """Whether `user` is the principal of an API key (not a person)."""
    return getattr(user, "is_api_key", False) is True


class NewsroomOrApiKey(BasePermission):
    """Newsroom users with access to claims (a role, or superuser); or an API key on a view that
    declares `api_key_access`, with a safe method."""

    message = "Your account has no newsroom role (Reviewer, Editor or Admin)."
    # Every newsroom role has it; a user without a role has not.
    newsroom_permission = "claims.view_claim"

    def has_permission(self, request: Any, view: Any) -> bool:
        user = request.user
        if is_api_key(user):
            return bool(getattr(view, "api_key_access", False)) and request.method in SAFE_METHODS
        if not (user and user.is_authenticated and user.is_active):
            return False
        return bool(user.is_superuser or user.has_perm(self.newsroom_permission))
