"""One JSON error shape for everything under /api/: RFC 9457 problem details.

Every 4xx/5xx answer under /api/ is `application/problem+json`:

    {"type": "about:blank", "title": "Bad Request", "status": 400,
     "detail": "status: Select a valid choice.", "code": "invalid",
     "errors": {"status": ["Select a valid choice."]}}

`type` is `about:blank` (the HTTP status says what kind of problem it is), `title` the status's
phrase, `detail` a sentence for a person, `code` a stable word for a program, and `errors` the
field errors, by field or query parameter, when there are any. Clients written against the
earlier bodies keep working: each field's errors are also a top-level member (`{"url": [...]}`)
unless the field's name is one of the members above (a `status` filter's errors are only in
`errors`), and extension members stay (`current_version`, `changed_by` on a 412).

Services raise subclasses of `ServiceError`; each class carries its HTTP status and error code,
so this handler needs no knowledge of the app that raised it:

- ServiceError (bad input caught by a service)   -> 400, the field's errors when it names one
- PermissionRefused (role or status forbids it)   -> 403
- VersionConflict (someone else changed it first) -> 412 with `current_version` (`changed_by`)
- Django ValidationError                          -> 400 with field errors
- DataError (e.g. an integer out of range)        -> 400
- RequestDataTooBig                               -> 413 naming the limit

What DRF does not see (a URL no route matches, a bad Host header, an oversized body, a crash)
is answered in the same shape by `factcheck.api.middleware` and the handlers in
`factcheck.api.handlers`, in DEBUG too.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.http import JsonResponse
from rest_framework import status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler, set_rollback

PROBLEM_CONTENT_TYPE = "application/problem+json"
# Members of the problem object itself; a field with one of these names is only in `errors`.
PROBLEM_MEMBERS = frozenset({"type", "title", "status", "detail", "instance", "code", "errors"})
# The code of a problem no exception named.
STATUS_CODES = {
    400: "invalid",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    412: "precondition_failed",
    413: "request_too_large",
    415: "unsupported_media_type",
    422: "unprocessable",
    428: "precondition_required",
    429: "throttled",
    500: "server_error",
}
STATUS_DETAILS = {
    400: "The request is malformed.",
    401: "Authentication credentials were not provided or are not valid.",
    403: "You do not have permission to do this.",
    404: "Not found.",
    405: "This method is not allowed here.",
    500: "The server failed to handle this request; it has been logged.",
}


class ProblemJSONRenderer(JSONRenderer):
    """JSON under the problem media type: what every API error is rendered with."""

    media_type = PROBLEM_CONTENT_TYPE


class ServiceError(Exception):
    """A write refused by a service. `message` is shown to the user as it is; `field` names the
    faulty input, when there is one."""

    status_code: ClassVar[int] = status.HTTP_400_BAD_REQUEST
    code: ClassVar[str] = "invalid"

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def body(self) -> dict[str, Any]:
        data: dict[str, Any] = {"detail": self.message}
        if self.field:
            data[self.field] = [self.message]
        return data


class PermissionRefused(ServiceError):
    """The caller's role, or the row's state, forbids the write."""

    status_code = status.HTTP_403_FORBIDDEN
    code = "permission_denied"

    def body(self) -> dict[str, Any]:
        return {"detail": self.message}


class VersionConflict(ServiceError):
    """Someone else changed the row since the caller read it (a failed optimistic lock)."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    code = "precondition_failed"
    current_version: int = 0
    changed_by: Any = None  # the user who made the change, when known

    def body(self) -> dict[str, Any]:
        data: dict[str, Any] = {"detail": self.message, "current_version": self.current_version}
        if self.changed_by is not None:
            data["changed_by"] = self.changed_by.get_username()
        return data


def size_limit_text() -> str:
    """The request size limit, as the 413 and the docs state it."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return f"{limit:,} bytes ({limit / 2**20:g} MiB)"


def too_large() -> dict[str, Any]:
    """The 413 problem: it names the limit, in words and in `limit_bytes`."""
    return problem(
        413,
        f"The request body is larger than the limit of {size_limit_text()}. "
        "Send fewer items per request (a list of up to 1,000 articles fits).",
        limit_bytes=settings.DATA_UPLOAD_MAX_MEMORY_SIZE,
    )


def _messages(value: Any) -> list[str]:
    """Field errors as a flat list of sentences (nested serializers flattened)."""
    if isinstance(value, dict):
        return [f"{k}: {m}" for k, v in value.items() for m in _messages(v)]
    if isinstance(value, list | tuple):
        return [m for item in value for m in _messages(item)]
    return [str(value)]


def _plain(value: Any) -> Any:
    """ErrorDetail strings and lazy text as plain JSON values."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, bool | int | float) or value is None:
        return value
    return str(value)


def problem(
    status_code: int,
    detail: str | None = None,
    *,
    code: str | None = None,
    errors: dict[str, Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """The problem-details body for `status_code`. `errors` are field errors (each field also a
    top-level member unless its name is taken); `extra` are extension members."""
    try:
        title = HTTPStatus(status_code).phrase
    except ValueError:
        title = "Error"
    body: dict[str, Any] = {}
    if errors:
        errors = _plain(errors)
        body.update({k: v for k, v in errors.items() if k not in PROBLEM_MEMBERS})
    body.update(_plain(extra))
    if detail is None:
        if errors:
            detail = "; ".join(
                m if field == "non_field_errors" else f"{field}: {m}"
                for field, value in errors.items()
                for m in _messages(value)
            )
        else:
            detail = STATUS_DETAILS.get(status_code, title + ".")
    body.update(
        type="about:blank",
        title=title,
        status=status_code,
        detail=str(detail),
        code=code or STATUS_CODES.get(status_code, "error"),
    )
    if errors:
        body["errors"] = errors
    return body


def problem_json(body: dict[str, Any]) -> JsonResponse:
    """A plain Django response for a problem body (middleware and Django's error handlers)."""
    return JsonResponse(body, status=body["status"], content_type=PROBLEM_CONTENT_TYPE)


def problem_response(status_code: int, detail: str | None = None, **kwargs: Any) -> JsonResponse:
    return problem_json(problem(status_code, detail, **kwargs))


def _reshape(data: Any, status_code: int, code: str | None) -> dict[str, Any]:
    """A DRF error body (`{"detail": ...}`, field errors, or a list) as a problem."""
    if isinstance(data, dict) and set(data) <= {"detail"}:
        return problem(status_code, str(data.get("detail", "")) or None, code=code)
    if isinstance(data, dict):
        data = dict(data)
        detail = data.pop("detail", None)
        return problem(status_code, str(detail) if detail else None, code=code, errors=data)
    return problem(status_code, code=code, errors={"non_field_errors": _messages(data)})


def _code_of(exc: Exception) -> str | None:
    """The exception's own code when it has one (`not_found`, `throttled`, ...)."""
    codes = getattr(exc, "get_codes", lambda: None)()
    return codes if isinstance(codes, str) else None


def _validation_errors(exc: DjangoValidationError) -> dict[str, Any]:
    if not hasattr(exc, "error_dict"):
        return {"non_field_errors": [str(m) for m in exc.messages]}
    return {field: [str(m) for m in msgs] for field, msgs in exc.message_dict.items()}


def problem_drf_response(request: Any, body: dict[str, Any], headers: Any = None) -> Response:
    """A DRF response for a problem body, rendered as problem JSON whatever the client's Accept
    (DRF would otherwise render the browsable API's HTML for a browser)."""
    if request is not None:
        request.accepted_renderer = ProblemJSONRenderer()
        request.accepted_media_type = PROBLEM_CONTENT_TYPE
    return Response(body, status=body["status"], headers=headers)


def _answer(body: dict[str, Any], context: dict[str, Any], headers: Any = None) -> Response:
    set_rollback()
    return problem_drf_response(context.get("request"), body, headers)


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: DRF's own handler, plus the errors above, every body
    a problem. Returns None (DRF re-raises: a 500) for anything else."""
    if isinstance(exc, ServiceError):
        data = exc.body()
        detail = data.pop("detail")
        errors = {exc.field: data.pop(exc.field)} if exc.field and exc.field in data else None
        body = problem(exc.status_code, detail, code=exc.code, errors=errors, **data)
        return _answer(body, context)
    if isinstance(exc, DjangoValidationError):
        body = problem(400, errors=_validation_errors(exc))
        return _answer(body, context)
    if isinstance(exc, DataError):
        body = problem(400, "A value in the request is out of range or malformed.")
        return _answer(body, context)
    if isinstance(exc, RequestDataTooBig):
        return _answer(too_large(), context)
    response = exception_handler(exc, context)
    if response is None:
        return None
    body = _reshape(response.data, response.status_code, _code_of(exc))
    headers = {k: v for k, v in response.items() if k in ("WWW-Authenticate", "Retry-After")}
    return _answer(body, context, headers)
