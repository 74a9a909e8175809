"""Conditional GETs for read answers (lists, details, the export feed): ETag and Last-Modified on
every 200, and 304 for `If-None-Match` / `If-Modified-Since` while the answer is unchanged.

The ETag is a digest of the representation itself (`representation_digest`), so it changes
whenever anything shown changes, nested rows and rows leaving or joining a page included.

Last-Modified is when this representation was first served, per URL and caller: a small Redis
record (URL, caller) -> (ETag, time). The rows alone cannot say when a *page* changed (a claim
that left a filtered page leaves no trace on it; a renamed claimant bumps no claim), the record
can: a new digest starts a new time, strictly later (by at least one second, HTTP's resolution)
than the one it replaces, so an `If-Modified-Since` copied from an earlier answer never matches
a changed one. A lost record only makes the next answer look newer (a 200, never a wrong 304);
while Redis is unreachable answers carry no Last-Modified and If-Modified-Since is ignored.

RFC 9110 13.2.2: If-None-Match wins over If-Modified-Since; both only on GET and HEAD.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from collections.abc import Hashable
from typing import Any

from django.core.cache import caches
from django.utils.http import http_date, parse_http_date_safe, quote_etag
from redis.exceptions import RedisError
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from factcheck.api.etags import Versioned, body_digest, if_none_match_hits, representation_etag
from factcheck.api.renderers import json_bytes
from factcheck.memo import Memo

logger = logging.getLogger(__name__)

# How long the first-seen record of one (URL, caller) is kept after its last use.
FIRST_SEEN_TTL = 7 * 24 * 3600


def representation_digest(data: Any) -> str:
    """A short digest of a representation (the JSON the API would write for it)."""
    return body_digest(json_bytes(data))


def content_etag(data: Any) -> str:
    """`W/"<digest>"`: the ETag of a representation that is not one versioned row (a page)."""
    return "W/" + quote_etag(representation_digest(data))


def _caller(request: Request) -> str:
    auth = getattr(request, "auth", None)
    user = getattr(request, "user", None)
    if getattr(user, "is_api_key", False) is True:
        return f"key:{getattr(auth, 'pk', None)}"
    return f"user:{getattr(user, 'pk', None)}"


def last_modified(request: Request, etag: str) -> int | None:
    """When (Unix seconds) this caller was first served this representation of this URL, or
    None when that cannot be known (Redis unreachable)."""
    key = (
        "lm:" + hashlib.sha256(f"{_caller(request)} {request.get_full_path()}".encode()).hexdigest()
    )
    cache = caches["default"]
    try:
        seen = cache.get(key)
        if isinstance(seen, tuple) and len(seen) == 2 and seen[0] == etag:
            return int(seen[1])
        now = math.floor(time.time())
        since = max(now, int(seen[1]) + 1) if isinstance(seen, tuple) and len(seen) == 2 else now
        cache.set(key, (etag, since), FIRST_SEEN_TTL)
        return since
    except (RedisError, OSError):
        logger.warning("Last-Modified not known: Redis is unreachable")
        return None


def not_modified(request: Request, etag: str, modified: int | None) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if "If-None-Match" in request.headers:
        return if_none_match_hits(request, etag)
    if modified is None:
        return False
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and modified <= since


# validator -> the ETag of the answer built from it, in this process: the most recently used kept.
_answered: Memo[str] = Memo(2048)


def unchanged(request: Request, validator: Hashable | None) -> Response | None:
    """The 304 for a caller whose If-None-Match names the ETag of the answer last built here
    from `validator`, or None (then build the answer and pass the validator to `conditional`).

    A validator must decide the whole representation: the rows as the database sent them (a
    `compiled.Fetched.validator`) with everything else the answer reads (its URL, the caller
    when it matters, settings). Then the same validator means the same bytes, so the same
    ETag, and the answer need not be built to be compared."""
    if validator is None or request.method not in ("GET", "HEAD"):
        return None
    if "If-None-Match" not in request.headers:
        return None
    etag = _answered.get(validator, None)
    if etag is None or not if_none_match_hits(request, etag):
        return None
    return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})


def conditional(
    request: Request,
    data: Any,
    *,
    row: Versioned | None = None,
    validator: Hashable | None = None,
    **kwargs: Any,
) -> Response:
    """The 200 answer carrying `data`, or a 304 when the caller's copy is current. Both carry
    ETag (`representation_etag(row, data)` for one versioned row, else `content_etag(data)`)
    and Last-Modified. The JSON is written once: digested here, sent by the renderer."""
    body = json_bytes(data)
    etag = (
        representation_etag(row, data, body)
        if row is not None
        else "W/" + quote_etag(body_digest(body))
    )
    if validator is not None:
        _answered.put(validator, etag)
    if request.method in ("GET", "HEAD") and if_none_match_hits(request, etag):
        # The tag decides alone (If-Modified-Since is then ignored): no Redis round trip for
        # the poller that sends it; a 304 must repeat the ETag, not Last-Modified (RFC 9110).
        return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
    modified = last_modified(request, etag)
    headers = {"ETag": etag}
    if modified is not None:
        headers["Last-Modified"] = http_date(modified)
    if not_modified(request, etag, modified):
        return Response(status=status.HTTP_304_NOT_MODIFIED, headers=headers)
    response = Response(data, headers=headers, **kwargs)
    response.json_body = body  # type: ignore[attr-defined]  # factcheck.api.renderers
    return response
