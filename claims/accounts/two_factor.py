"""Optional two-factor sign-in (TOTP, django-otp).

Who must give a code after their password: everyone who has set up an authenticator, and, when
FACTCHECK_REQUIRE_2FA is on, every Reviewer, Admin and superuser (they are sent to set one up).
The desk's admin site (claims.admin_site) sends such a user to /accounts/two-factor/ until the
session is verified; django-otp's middleware remembers the verified device in the session.
"""

from __future__ import annotations

import base64
from typing import Any

from django.conf import settings
from django_otp import user_has_device

from claims.roles import ADMIN, REVIEWER, user_has_role


def two_factor_required(user: Any) -> bool:
    if user.is_superuser or user_has_role(user, REVIEWER) or user_has_role(user, ADMIN):
        return bool(settings.FACTCHECK_REQUIRE_2FA)
    return False


def two_factor_pending(user: Any) -> bool:
    """Whether this signed-in user must still give a code in this session."""
    if not getattr(user, "is_authenticated", False) or user.is_verified():
        return False
    return two_factor_required(user) or user_has_device(user, confirmed=True)


def base32_secret(device: Any) -> str:
    """The device's key as authenticator apps take it when typed in by hand."""
    return base64.b32encode(device.bin_key).decode()
