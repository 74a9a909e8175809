"""Django's Redis cache backend, keeping its redis clients.

Django's `RedisCacheClient.get_client` builds a new `redis.Redis` on every cache call (each one
copies redis-py's table of ~170 response callbacks); an API request makes two or three calls
(rate limit, Last-Modified). The client is thread-safe and holds no connection of its own (the
pool does), so one per pool serves every call. Everything else is Django's backend.
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):  # type: ignore[misc]  # django-stubs: no privates
    _client: Any
    _get_connection_pool_index: Any
    _get_connection_pool: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(
                connection_pool=self._get_connection_pool(write)
            )
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

    def redis_client(self, key: Any = None) -> Any:
        """The redis client that writes `key`: for what a cache's get and set cannot say in one
        round trip (the API rate limit's script)."""
        return self._cache.get_client(key, write=True)
