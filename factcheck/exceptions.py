"""One JSON error shape for the API, and no 500 for a refused or malformed request.

- WorkflowError (bad input caught by a service) -> 400 `{"detail": msg, "<field>": [msg]}`
- TransitionRefused (role or status forbids it)  -> 403 `{"detail": msg}`
- StaleClaim (someone else changed it first)    -> 412 `{"detail": msg, "current_version": n}`
- Django ValidationError                         -> 400 with field errors
- DataError (e.g. an integer out of range)       -> 400 `{"detail": ...}`
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler, set_rollback

from claims.services.workflow import StaleClaim, TransitionRefused, WorkflowError


def _error(data: dict[str, Any], code: int) -> Response:
    set_rollback()
    return Response(data, status=code)


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, StaleClaim):
        data: dict[str, Any] = {"detail": exc.message, "current_version": exc.current_version}
        if exc.changed_by is not None:
            data["changed_by"] = exc.changed_by.get_username()
        return _error(data, status.HTTP_412_PRECONDITION_FAILED)
    if isinstance(exc, TransitionRefused):
        return _error({"detail": exc.message}, status.HTTP_403_FORBIDDEN)
    if isinstance(exc, WorkflowError):
        data = {"detail": exc.message}
        if exc.field:
            data[exc.field] = [exc.message]
        return _error(data, status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            data = {field: [str(m) for m in msgs] for field, msgs in exc.message_dict.items()}
            data["detail"] = "; ".join(f"{k}: {' '.join(v)}" for k, v in data.items())
        else:
            data = {"detail": " ".join(exc.messages)}
        return _error(data, status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DataError):
        return _error(
            {"detail": "A value in the request is out of range or malformed."},
            status.HTTP_400_BAD_REQUEST,
        )
    return exception_handler(exc, context)
