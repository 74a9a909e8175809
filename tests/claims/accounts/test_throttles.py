"""The API's rate limits, counted in the real Redis: anonymous callers (and token guessers) per
address, token callers per user; 429 with Retry-After past the rate."""

from __future__ import annotations

import pytest
import redis
from django.conf import settings

from claims.accounts.services import user_token_create
from tests.claims.accounts.test_tokens import api

pytestmark = pytest.mark.django_db


def _rate(scope: str) -> int:
    return int(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope].split("/")[0])


def test_anonymous_requests_past_the_rate_get_429_with_retry_after(client):
    limit = _rate("anonymous")
    statuses = [client.get("/api/claims/").status_code for _ in range(limit)]
    assert set(statuses) <= {401, 403}
    response = client.get("/api/claims/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Request was throttled" in response.json()["detail"]
    # Counted in Redis, under the throttle cache's key prefix.
    prefix = settings.CACHES["throttle"]["KEY_PREFIX"]
    store = redis.Redis.from_url(settings.REDIS_URL)
    assert list(store.scan_iter(f"{prefix}:*throttle_anonymous_*"))


def test_guessing_tokens_counts_as_anonymous_and_is_throttled(client):
    limit = _rate("anonymous")
    guesses = [
        api(f"fct_guess_{n}").get("/api/claims/", REMOTE_ADDR="192.0.2.44").status_code
        for n in range(limit + 1)
    ]
    assert guesses[:limit] == [401] * limit
    assert guesses[limit] == 429
    # Another address is not held back by it.
    assert client.get("/api/claims/", REMOTE_ADDR="192.0.2.45").status_code in (401, 403)


def test_token_requests_past_the_per_user_rate_get_429(settings, reviewer, editor):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "token": "5/min",
        },
    }
    _, first = user_token_create(user=reviewer, actor=reviewer)
    _, second = user_token_create(user=reviewer, actor=reviewer)
    assert [api(first).get("/api/claims/").status_code for _ in range(3)] == [200] * 3
    assert [api(second).get("/api/claims/").status_code for _ in range(2)] == [200] * 2
    assert api(second).get("/api/claims/").status_code == 429  # per user, not per token
    _, other = user_token_create(user=editor, actor=editor)
    assert api(other).get("/api/claims/").status_code == 200


def test_the_admins_own_session_requests_are_not_throttled(client, reviewer):
    client.force_login(reviewer)
    statuses = {client.get("/api/claims/").status_code for _ in range(_rate("anonymous") + 5)}
    assert statuses == {200}


def test_requests_go_through_uncounted_while_the_throttle_store_is_unreachable(
    settings, client, reviewer, caplog
):
    import socket

    with socket.socket() as probe:  # a local port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CACHES = {
        **settings.CACHES,
        "throttle": {**settings.CACHES["throttle"], "LOCATION": f"redis://127.0.0.1:{port}/0"},
    }
    _, raw = user_token_create(user=reviewer, actor=reviewer)
    assert api(raw).get("/api/claims/").status_code == 200
    assert client.get("/api/claims/").status_code in (401, 403)  # not a 500
    assert "not counted: Redis is unreachable" in caplog.text


def test_the_count_is_a_sliding_log_of_the_period_in_one_sorted_set(settings, reviewer):
    """DRF's sliding log (the requests of the last period; a refused request is not counted),
    kept as one Redis sorted set per caller: Retry-After is when the oldest one leaves it."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "token": "3/min",
        },
    }
    _, raw = user_token_create(user=reviewer, actor=reviewer)
    assert [api(raw).get("/api/claims/").status_code for _ in range(3)] == [200] * 3
    refused = [api(raw).get("/api/claims/") for _ in range(2)]
    assert [r.status_code for r in refused] == [429, 429]
    assert 55 <= int(refused[-1]["Retry-After"]) <= 60
    prefix = settings.CACHES["throttle"]["KEY_PREFIX"]
    store = redis.Redis.from_url(settings.REDIS_URL)
    (key,) = store.scan_iter(f"{prefix}:*throttle_token_{reviewer.pk}:log")
    assert store.type(key) == b"zset" and store.zcard(key) == 3  # the refused are not counted
    assert 0 < store.ttl(key) <= 60
