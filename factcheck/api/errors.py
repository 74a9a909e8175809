"""One JSON error shape for the API, and no 500 for a refused or malformed request.

Services raise subclasses of `ServiceError`; each class carries its HTTP status and error code,
so this handler needs no knowledge of the app that raised it:

- ServiceError (bad input caught by a service)   -> 400 `{"detail": msg, "<field>": [msg]}`
- PermissionRefused (role or status forbids it)   -> 403 `{"detail": msg}`
- VersionConflict (someone else changed it first) -> 412 `{"detail": msg, "current_version": n}`
- Django ValidationError                          -> 400 with field errors
- DataError (e.g. an integer out of range)        -> 400 `{"detail": ...}`
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler, set_rollback


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


def _error(data: dict[str, Any], code: int) -> Response:
    set_rollback()
    return Response(data, status=code)


def _validation_body(exc: DjangoValidationError) -> dict[str, Any]:
    if not hasattr(exc, "error_dict"):
        return {"detail": " ".join(exc.messages)}
    data: dict[str, Any] = {
        field: [str(m) for m in msgs] for field, msgs in exc.message_dict.items()
    }
    data["detail"] = "; ".join(f"{k}: {' '.join(v)}" for k, v in data.items())
    return data


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: DRF's own handler, plus the errors above."""
    if isinstance(exc, ServiceError):
        return _error(exc.body(), exc.status_code)
    if isinstance(exc, DjangoValidationError):
        return _error(_validation_body(exc), status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DataError):
        return _error(
            {"detail": "A value in the request is out of range or malformed."},
            status.HTTP_400_BAD_REQUEST,
        )
    return exception_handler(exc, context)
