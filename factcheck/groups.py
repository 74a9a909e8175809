"""The names of the groups a user holds, read once per request.

Several checks on one admin page ask about a user's groups (the roles in claims.roles, who may
import in articles.admin_views); they share this one query, kept on the request's user object.
"""

from __future__ import annotations

from typing import Any


def user_group_names(user: Any) -> set[str]:
    """The user's group names; one query per user object (that is, per request)."""
    names: set[str] | None = getattr(user, "_factcheck_group_names", None)
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
        user._factcheck_group_names = names
    return names
