"""JSON problem details for what happens under /api/ before or after DRF: a Host header this
server does not answer to, a body over the size limit, a URL no route matches, an exception no
view handled - in DEBUG too, where Django would otherwise show its HTML debug pages.

It runs first (outermost), so it sees every response of the layers inside it: an error response
that is not already a problem (Django's HTML 400/404/500, a debug page, a plain JSON error of a
middleware) is answered as one. Exceptions a view raises are answered in `process_exception`,
with the traceback logged as Django logs it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import (
    DisallowedHost,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.http import Http404, HttpRequest, HttpResponse

from factcheck.api.errors import (
    PROBLEM_CONTENT_TYPE,
    problem,
    problem_json,
    problem_response,
    too_large,
)

logger = logging.getLogger("django.request")
security_logger = logging.getLogger("django.security")

API_PREFIX = "/api/"


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def exception_problem(request: HttpRequest, exc: Exception) -> HttpResponse:
    """The problem for an exception Django would turn into an error page."""
    if isinstance(exc, Http404):
        return problem_response(404, f"No API route or row for {request.path}.")
    if isinstance(exc, PermissionDenied):
        return problem_response(403)
    if isinstance(exc, RequestDataTooBig):
        return problem_json(too_large())
    if isinstance(exc, DisallowedHost):
        security_logger.warning("%s", exc)
        return problem_response(
            400, "The Host header names a host this server does not answer to.", code="bad_host"
        )
    if isinstance(exc, SuspiciousOperation):
        security_logger.warning("%s", exc)
        return problem_response(400)
    logger.error(
        "Internal Server Error: %s",
        request.path,
        exc_info=exc,
        extra={"status_code": 500, "request": request},
    )
    return problem_response(500)


def as_problem(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """An error response under /api/ as a problem (it may already be one)."""
    content_type = response.get("Content-Type", "")
    if content_type.startswith(PROBLEM_CONTENT_TYPE) or getattr(response, "streaming", False):
        return response
    data = None
    if content_type.startswith("application/json"):
        try:
            data = json.loads(response.content)
        except ValueError:
            data = None
    if isinstance(data, dict):
        data = dict(data)
        detail = data.pop("detail", None)
        body = problem(response.status_code, str(detail) if detail else None, **data)
    elif response.status_code == 404:  # with DEBUG on, Django's own page for a URL no route matches
        body = problem(404, f"No API route for {request.path}.")
    else:
        body = problem(response.status_code)
    answer = problem_json(body)
    for header in ("Allow", "Retry-After", "WWW-Authenticate"):
        if header in response:
            answer[header] = response[header]
    return answer


class ProblemDetailsMiddleware:
    """First in MIDDLEWARE. Under /api/: a bad Host is a 400 and a body over
    DATA_UPLOAD_MAX_MEMORY_SIZE a 413 before anything reads them; every error response after
    is a problem."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_api(request):
            return self.get_response(request)
        try:
            request.get_host()
        except DisallowedHost as exc:
            return exception_problem(request, exc)
        length = request.META.get("CONTENT_LENGTH") or "0"
        if not length.isdigit():
            return problem_response(400, "The Content-Length header is not a number.")
        if int(length) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            return problem_json(too_large())
        response = self.get_response(request)
        if response.status_code >= 400:
            return as_problem(request, response)
        return response

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if not is_api(request):
            return None
        return exception_problem(request, exc)
