"""API tokens of newsroom users, and the history triggers of the security log.

The tracked account fields leave out the password hash: a password change is an event of its own
("password set") that records that it happened, never the hash.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pghistory
import pgtrigger
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from pghistory.models import Events

User = get_user_model()


@pghistory.track(
    pghistory.InsertEvent("token created"),
    pghistory.UpdateEvent("token revoked", condition=pgtrigger.AnyChange("revoked_at")),
    pghistory.DeleteEvent("token deleted"),
    exclude=["key_hash", "last_used_at"],
    model_name="UserTokenEvent",
)
class UserToken(models.Model):
    """A newsroom user's API token. Only the SHA-256 of the key is stored; the key itself is shown
    once, when it is made. `prefix` (the key's first characters) tells tokens apart in lists."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, blank=True)
    prefix = models.CharField(max_length=16)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "revoked_at"], name="usertoken_user_revoked_idx")]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name or 'token'})"


ACCOUNT_FIELDS = [
    "username",
    "email",
    "first_name",
    "last_name",
    "is_active",
    "is_staff",
    "is_superuser",
]


@pghistory.track(
    pghistory.InsertEvent("account created"),
    pghistory.UpdateEvent("account changed", condition=pgtrigger.AnyChange(*ACCOUNT_FIELDS)),
    pghistory.UpdateEvent("password set", condition=pgtrigger.AnyChange("password")),
    pghistory.UpdateEvent("logged in", condition=pgtrigger.AnyChange("last_login")),
    pghistory.DeleteEvent("account deleted"),
    fields=ACCOUNT_FIELDS,
    model_name="AccountEvent",
)
class TrackedUser(User):  # type: ignore[misc,valid-type]
    """The user table, for its history triggers: a proxy, so their migrations are claims's own
    (tracking auth's model itself would write a migration into django.contrib.auth)."""

    class Meta:
        proxy = True


@pghistory.track(
    pghistory.InsertEvent("role granted"),
    pghistory.DeleteEvent("role removed"),
    obj_field=None,
    model_name="RoleEvent",
)
class TrackedUserRole(User.groups.through):  # type: ignore[misc,name-defined]
    """The user-group (role) table, for its history triggers."""

    class Meta:
        proxy = True


@pghistory.track(
    pghistory.DeleteEvent("failed logins cleared"),
    fields=["username", "ip_address", "failures_since_start"],
    model_name="LoginLockEvent",
)
class LoginLock(AccessAttempt):
    """django-axes' failed-login counts (one row per account and address): a lock while its
    failures reach AXES_FAILURE_LIMIT within the cool-off. Deleting the row lifts the lock; a
    successful login deletes it too."""

    class Meta:
        proxy = True
        verbose_name = "login lock"


SECURITY_EVENT_MODELS = ["claims.AccountEvent", "claims.RoleEvent", "claims.UserTokenEvent"]
SECURITY_EVENT_MODELS.append("claims.LoginLockEvent")


class SecurityEvent(Events):
    """One row of the security log: an event of any of SECURITY_EVENT_MODELS, with the context
    the request or service gave it (claims.accounts.middleware, claims.accounts.services)."""

    actor = pghistory.ProxyField(
        "pgh_context__user",
        models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, null=True),
    )
    address = pghistory.ProxyField("pgh_context__address", models.TextField(null=True))
    action = pghistory.ProxyField("pgh_context__action", models.TextField(null=True))
    url = pghistory.ProxyField("pgh_context__url", models.TextField(null=True))

    class Meta:
        proxy = True
        verbose_name = "security log entry"
        verbose_name_plural = "security log"


if TYPE_CHECKING:  # the event models pghistory.track adds at import time
    UserTokenEvent: Any
    AccountEvent: Any
    RoleEvent: Any
    LoginLockEvent: Any
