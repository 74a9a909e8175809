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

The count is DRF's SimpleRateThrottle's (a sliding log: the times of the requests of the last
period; a request is refused when the period already holds the rate's number), kept in a Redis
sorted set and updated by one script: one round trip whatever the count. DRF keeps the log as one
pickled list that is read and written whole on every request: up to the rate's number of entries
(1,200 a minute per token user) each way, per request.
"""

from __future__ import annotations

import hashlib
import logging
import os
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

# KEYS[1]: the log; ARGV: now, the cutoff (times at or before it are dropped, as DRF drops them),
# the limit, a unique member, the period in seconds. Returns whether the request is allowed, the
# count (with it, when allowed) and the oldest time kept.
SLIDING_LOG = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
local count = redis.call('ZCARD', KEYS[1])
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2] or ARGV[1]
if count >= tonumber(ARGV[3]) then
  return {0, count, oldest}
end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
redis.call('EXPIRE', KEYS[1], ARGV[5])
return {1, count + 1, oldest}
"""
_script: Any = None


class _RedisThrottle(SimpleRateThrottle):
    num_requests: int
    duration: int
    count: int
    oldest: float

    # The "throttle" cache alias (Redis), looked up per request (DRF binds the default cache).
    @property
    def cache(self) -> Any:  # type: ignore[override]
        return caches["throttle"]

    def _counted(self) -> bool:
        """DRF's allow_request after `self.key`, `self.now` are set: prune the log, refuse when
        full, else record this request (SimpleRateThrottle.throttle_success)."""
        global _script
        cache = self.cache
        key = cache.make_and_validate_key(self.key) + ":log"
        client = cache.redis_client(key)
        if _script is None:
            _script = client.register_script(SLIDING_LOG)
        allowed, count, oldest = _script(
            keys=[key],
            args=[
                repr(self.now),
                repr(self.now - self.duration),
                self.num_requests,
                f"{self.now!r}-{os.urandom(6).hex()}",
                int(self.duration or 1),
            ],
            client=client,
        )
        self.count, self.oldest = int(count), float(oldest)
        return bool(allowed)

    def get_rate(self) -> str | None:  # read per request, so settings changes apply
        rates: dict[str, Any] = api_settings.DEFAULT_THROTTLE_RATES
        return rates.get(str(self.scope))

    def allow_request(self, request: Any, view: Any) -> bool:
        # The counts live in Redis, the broker's server. While it is down or hung (the cache's
        # short socket timeout), the API still answers, uncounted, as the web never waits on
        # the broker: a 500 for every request would be worse than a pause in rate limiting.
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        try:
            return self._counted()
        except (RedisError, OSError):
            logger.warning("API rate %r not counted: Redis is unreachable", self.scope)
            return True

    def wait(self) -> float | None:
        # SimpleRateThrottle.wait, from the count and oldest time the script returned.
        remaining = self.duration - (self.now - self.oldest) if self.count else self.duration
        available = self.num_requests - self.count + 1
        if available <= 0:
            return None
        return remaining / float(available)


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
