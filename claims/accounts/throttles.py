"""The API's rate limits (REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]), counted in Redis.

- "anonymous", per client address: requests that carry no credentials, and requests with a token
  that matches none (guessing). DRF checks a view's throttles only after its permissions, which
  refuse anonymous callers first, so these are counted by `AnonymousGate`, the last
  authentication class, which runs only for a request no other class authenticated, and by the
  token authentication when a token is unknown.
- "token", per user: requests authenticated by a user's API token (a view throttle).

The admin's own session requests (the claim page) and CMS API keys are not throttled here. Going
over raises DRF's `Throttled`: 429 with Retry-After, through the API's error handler.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import caches
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from claims.accounts.models import UserToken


class _RedisThrottle(SimpleRateThrottle):
    @property  # type: ignore[override]
    def cache(self) -> Any:  # the "throttle" alias (Redis), looked up per request
        return caches["throttle"]

    def get_rate(self) -> str | None:  # read per request, so settings changes apply
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)  # type: ignore[no-any-return]


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


def anonymous_throttle_check(request: Any) -> None:
    """Count one anonymous request from this address; raise Throttled past the rate."""
    throttle = AnonymousThrottle()
    if not throttle.allow_request(request, None):
        raise exceptions.Throttled(throttle.wait())


class AnonymousGate(BaseAuthentication):
    """Authenticates nobody: counts the requests that reached it unauthenticated."""

    def authenticate(self, request: Any) -> None:
        anonymous_throttle_check(request)
        return None
