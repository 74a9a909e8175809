"""The API's rate limits (REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]), counted in Redis.

Anonymous requests are counted per client address, token requests per token's user. The admin's
own session requests (the claim page) and CMS API keys are not throttled here. Going over raises
DRF's `Throttled`, answered 429 with Retry-After by the API's error handler.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import caches
from rest_framework.throttling import SimpleRateThrottle

from claims.accounts.models import UserToken


class _RedisThrottle(SimpleRateThrottle):
    @property  # type: ignore[override]
    def cache(self) -> Any:  # read per request: the "throttle" cache alias (Redis)
        return caches["throttle"]


class AnonymousThrottle(_RedisThrottle):
    scope = "anonymous"

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class TokenThrottle(_RedisThrottle):
    scope = "token"

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        if not isinstance(request.auth, UserToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.user_id}
