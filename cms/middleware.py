"""Idempotency keys for every POST under /api/ (any app's endpoint, present and future).

A client sends `Idempotency-Key: <up to 255 chars>`; the first response (status, body and a few
headers) is stored in PostgreSQL for FACTCHECK_IDEMPOTENCY_TTL_SECONDS and replayed for a retry
with the same key, caller, method, path and body. A key names one request: the same key with
another body, method or path is 422; a retry while the first is still running is 409. Scope is
per caller: the active user (token or session) or the API key. 5xx, 401 and 429 responses are
not stored, so such a request can be retried.

It lives in cms, not in factcheck/api with the rest of the API plumbing, because what it needs is
cms's: its table (`IdempotencyKey`, a cms model: moving it would take a data migration) and the
API-key callers it scopes keys to (`api_key_lookup`). In factcheck it would have to reach both
through strings and a registry, an upward dependency that import checks could no longer see.
Settings name it by string, so no app imports it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from claims.accounts.tokens import token_lookup
from cms.auth import api_key_lookup, hash_key
from cms.models import ApiKey, IdempotencyKey
from factcheck.api.errors import problem_json, problem_response, too_large

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
# Printable ASCII, no space at either end (a header value's ends are not kept by every client).
KEY_PATTERN = re.compile(rf"[!-~](?:[ -~]{{0,{MAX_KEY_LENGTH - 2}}}[!-~])?")
# A request still "in progress" after this long is taken to have died (worker killed).
IN_PROGRESS_TIMEOUT = timedelta(minutes=5)
REPLAYED_HEADERS = ("Content-Type", "ETag", "Location")
NOT_STORED = {401, 429}


def _owner(request: HttpRequest) -> str | None:
    """Who is asking, before DRF authenticates: mirrors the API's authentication classes."""
    auth = request.headers.get("Authorization", "").split()
    if len(auth) == 2 and auth[0].lower() == "token":
        # Like the API's token authentication: a revoked token, or a deactivated user's, is
        # refused (401 from the view), so nothing of theirs is stored or replayed.
        token = token_lookup(auth[1])
        return f"user:{token.user_id}" if token else None
    if len(auth) == 2 and auth[0].lower() == "api-key":
        key = api_key_lookup(auth[1])
        return f"apikey:{key.pk}" if isinstance(key, ApiKey) else None
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_active:
        return f"user:{user.pk}"
    return None


def _error(message: str, status: int) -> JsonResponse:
    return problem_response(status, message, code="idempotency_key")


class IdempotencyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.headers.get(HEADER)
        if key is None or request.method != "POST" or not request.path.startswith("/api/"):
            return self.get_response(request)
        if not KEY_PATTERN.fullmatch(key):
            return _error(
                f"{HEADER} must be 1 to {MAX_KEY_LENGTH} printable ASCII characters "
                "(no spaces at either end).",
                400,
            )
        owner = _owner(request)
        if owner is None:  # unauthenticated: the view refuses it; nothing to remember
            return self.get_response(request)
        try:
            request_hash = hash_key(request.body.decode("latin-1"))
        except RequestDataTooBig:  # a body with no Content-Length, longer than the limit
            return problem_json(too_large())
        row, created = self._claim(owner, key, request, request_hash)
        if row is None:
            return _error(f"This {HEADER} is contended; retry shortly.", 409)
        if not created:
            return self._answer_existing(row, request, request_hash)
        response: HttpResponse | None = None
        try:
            response = self.get_response(request)
        finally:
            self._finish(row, response)
        return response

    def _claim(
        self, owner: str, key: str, request: HttpRequest, request_hash: str
    ) -> tuple[IdempotencyKey | None, bool]:
        """Insert the in-progress row (its unique constraint is the lock), or fetch the holder."""
        now = timezone.now()
        fields = {"owner": owner, "key": key}
        for _ in range(3):
            try:
                with transaction.atomic():
                    row = IdempotencyKey.objects.create(
                        **fields,
                        method=request.method or "POST",
                        path=request.path[:2000],
                        request_hash=request_hash,
                        status=IdempotencyKey.Status.IN_PROGRESS,
                        created_at=now,
                        expires_at=now
                        + timedelta(seconds=settings.FACTCHECK_IDEMPOTENCY_TTL_SECONDS),
                    )
                return row, True
            except IntegrityError:
                pass
            existing = IdempotencyKey.objects.filter(**fields).first()
            if existing is None:
                continue  # deleted meanwhile (expired, or the first request failed): try again
            expired = existing.expires_at < now
            abandoned = (
                existing.status == IdempotencyKey.Status.IN_PROGRESS
                and existing.created_at < now - IN_PROGRESS_TIMEOUT
            )
            if not (expired or abandoned):
                return existing, False
            # Take it over only if nobody else did first (conditional delete of that exact row).
            IdempotencyKey.objects.filter(pk=existing.pk, created_at=existing.created_at).delete()
        return None, False

    def _answer_existing(
        self, row: IdempotencyKey, request: HttpRequest, request_hash: str
    ) -> HttpResponse:
        if (row.method, row.path) != (request.method, request.path[:2000]):
            return _error(
                f"This {HEADER} was already used for {row.method} {row.path}. "
                "A key names one request: use a new key for a new request.",
                422,
            )
        if row.request_hash != request_hash:
            return _error(
                f"This {HEADER} was already used for a different request body. "
                "Use a new key for a new request.",
                422,
            )
        if row.status == IdempotencyKey.Status.IN_PROGRESS:
            response = _error(
                f"A request with this {HEADER} is still being processed; retry shortly.", 409
            )
            response["Retry-After"] = "1"
            return response
        replay = HttpResponse(bytes(row.response_body), status=row.response_status)
        for name, value in row.response_headers.items():
            replay[name] = value
        replay["Idempotent-Replayed"] = "true"
        return replay

    def _finish(self, row: IdempotencyKey, response: Any) -> None:
        status = getattr(response, "status_code", 500)
        if status >= 500 or status in NOT_STORED or getattr(response, "streaming", False):
            IdempotencyKey.objects.filter(pk=row.pk).delete()
            return
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            response.render()
        IdempotencyKey.objects.filter(pk=row.pk).update(
            status=IdempotencyKey.Status.DONE,
            response_status=status,
            response_body=response.content,
            response_headers={h: response[h] for h in REPLAYED_HEADERS if h in response},
        )
