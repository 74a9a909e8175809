"""The API's rate limits (REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]), counted in Redis.

- "anonymous", per client address: requests that carry no credentials, and requests with a token
  that matches none (guessing). DRF checks a view's throttles only after its permissions, which
  refuse anonymous callers first, so these are counted during authentication: by
  `SessionOrAnonymous`, the last authentication class (reached only when no other class
  authenticated the request), and by the token authentication when a token is unknown.
- "token", per user: requests authenticated by a user's API token (a view throttle).

The admin's own session requests (the claim page) and CMS API keys are not throttled here. Going
over raises DRF's `Throttled`: 429 with Retry-After, through the API's error handler. While Redis
is unreachable, requests go through uncounted (logged), rather than fail.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.core.cache import caches
from redis.exceptions import RedisError
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from claims.accounts.models import UserToken
from claims.accounts.two_factor import two_factor_pending

logger = logging.getLogger(__name__)


class _RedisThrottle(SimpleRateThrottle):
    # The "throttle" cache alias (Redis), looked up per request (DRF binds the default cache).
    @property
    def cache(self) -> Any:  # type: ignore[override]
        return caches["throttle"]

    def get_rate(self) -> str | None:  # read per request, so settings changes apply
        rates: dict[str, Any] = api_settings.DEFAULT_THROTTLE_RATES
        return rates.get(str(self.scope))

    def allow_request(self, request: Any, view: Any) -> bool:
        # The counts live in Redis, the broker's server. While it is down or hung (the cache's
        # short socket timeout), the API still answers, uncounted, as the web never waits on
        # the broker: a 500 for every request would be worse than a pause in rate limiting.
        try:
            return super().allow_request(request, view)
        except (RedisError, OSError):
            logger.warning("API rate %r not counted: Redis is unreachable", self.scope)
            return True


class AnonymousThrottle(_RedisThrottle):
    scope = "anonymous"

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class TokenThrottle(_RedisThrottle):
    scope = "token"

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        if not isinstance(request.auth, UserToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.user_id}


class PasswordResetAddressThrottle(_RedisThrottle):
    """Set-password requests ("Forgotten your password?") from one client address."""

    scope = "password_reset"

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class PasswordResetEmailThrottle(_RedisThrottle):
    """Set-password emails to one address, whoever asks: nobody can flood a colleague's inbox."""

    scope = "password_reset_email"

    def __init__(self, email: str) -> None:
        super().__init__()
        self.email = email.strip().lower()

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        digest = hashlib.sha256(self.email.encode()).hexdigest()[:32]
        return self.cache_format % {"scope": self.scope, "ident": digest}


def anonymous_throttle_check(request: Any) -> None:
    """Count one anonymous request from this address; raise Throttled past the rate."""
    throttle = AnonymousThrottle()
    if not throttle.allow_request(request, None):  # type: ignore[arg-type]  # no view yet
        raise exceptions.Throttled(throttle.wait())


class SessionOrAnonymous(SessionAuthentication):
    """The admin's session; a request that has none either is anonymous, and counted as such.
    A session still owing its two-factor code reaches the API no more than the admin."""

    def authenticate(self, request: Any) -> tuple[Any, None] | None:
        found = super().authenticate(request)
        if found is None:
            anonymous_throttle_check(request)
        elif two_factor_pending(found[0]):
            raise exceptions.AuthenticationFailed(
                "Two-factor sign-in is not finished: give your code at /accounts/two-factor/."
            )
        return found
