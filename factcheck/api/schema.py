"""OpenAPI pieces the views repeat (the error body, conditional and idempotency headers), and
the AutoSchema that makes the schema the contract for every view:

- ids in paths (`ID_REGEX`) are integers, not strings with a pattern;
- every error an operation can answer is listed, each with the problem-details body
  (`application/problem+json`, see `factcheck.api.errors`).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination

from factcheck.api.errors import PROBLEM_CONTENT_TYPE
from factcheck.api.params import ID_REGEX


class ProblemSerializer(serializers.Serializer[None]):
    """RFC 9457 problem details: the body of every error under /api/."""

    type = serializers.CharField(help_text="`about:blank`: the status says what kind of problem.")
    title = serializers.CharField(help_text="The HTTP status phrase.")
    status = serializers.IntegerField(help_text="The HTTP status code.")
    detail = serializers.CharField(help_text="What went wrong, for a person.")
    code = serializers.CharField(help_text="What went wrong, for a program (`not_found`, ...).")
    # A declared field, for the schema only: the metaclass takes it out of the class attributes,
    # so `Serializer.errors` is untouched (this serializer never validates anything).
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.JSONField(),
        required=False,
        help_text='Field errors by field or query parameter: `{"page_size": ["..."]}`. '
        "Each is also a top-level member, unless its name is one of the members above.",
    )


# The name the views import (the error body is a problem).
ErrorSerializer = ProblemSerializer

IF_MATCH_REQUIRED = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description='The ETag you read, W/"<id>-<version>". Missing: 428; stale: 412.',
)
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    {"type": "string", "pattern": "^[!-~]([ -~]{0,253}[!-~])?$"},
    OpenApiParameter.HEADER,
    description="Retry-safe POST: a retry with the same key returns the first response. "
    "1-255 printable ASCII characters; a new key for each new request (a key used for "
    "another request: 422).",
)


def if_match_optional(description: str) -> OpenApiParameter:
    """An optional If-Match header: the action is refused (412) when the row changed."""
    return OpenApiParameter(
        "If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, description=description
    )


ID_PATTERN = f"^{ID_REGEX}$"
MAX_PATH_ID = 10**18 - 1  # what ID_REGEX lets through (18 digits); a longer id is a 404
ERROR_DESCRIPTIONS = {
    "400": "Bad input: `detail` says what, `errors` names the field or query parameter.",
    "401": "No credentials, or credentials that are not valid (unknown or revoked key).",
    "403": "Your role, or an API key's scope, does not allow this.",
    "404": "No such row (or page), or one you may not see.",
    "406": "The Accept header asks for a format the API does not offer (it offers JSON).",
    "409": "A request with this Idempotency-Key is still running: retry shortly.",
    "413": "The request body is larger than the limit; `detail` names it.",
    "415": "The request body's Content-Type is not JSON (or a form).",
    "422": "This Idempotency-Key was used for a different request.",
    "429": "Too many requests: wait for `Retry-After` seconds.",
    "500": "The server failed; nothing was changed, and it has been logged.",
}


class ContractAutoSchema(AutoSchema):
    """DEFAULT_SCHEMA_CLASS: drf-spectacular's schema, with integer ids and every error."""

    def get_operation(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        parameters = operation.get("parameters", [])
        for parameter in parameters:
            schema = parameter.get("schema", {})
            if parameter["in"] == "path" and schema.get("pattern") == ID_PATTERN:
                parameter["schema"] = {
                    "type": "integer",
                    "format": "int64",
                    "minimum": 1,
                    "maximum": MAX_PATH_ID,
                }
        problem = {PROBLEM_CONTENT_TYPE: {"schema": self._problem_ref()}}
        responses = operation["responses"]
        for code, response in responses.items():
            if code.isdigit() and int(code) >= 400:
                content = response.get("content", {})
                body = content.get("application/json") or content.get(PROBLEM_CONTENT_TYPE)
                response["content"] = {PROBLEM_CONTENT_TYPE: body} if body else dict(problem)
        for code in self._error_codes(operation):
            responses.setdefault(
                code, {"description": ERROR_DESCRIPTIONS[code], "content": dict(problem)}
            )
        return operation

    def _problem_ref(self) -> dict[str, str]:
        component = self.resolve_serializer(ProblemSerializer, "response")
        return component.ref  # type: ignore[no-any-return]

    def _error_codes(self, operation: dict[str, Any]) -> list[str]:
        parameters = operation.get("parameters", [])
        codes = ["403", "406", "429", "500"]
        if operation.get("security"):
            codes.append("401")
        if parameters or "requestBody" in operation or self.method in {"POST", "PUT", "PATCH"}:
            codes.append("400")
        paged = isinstance(self._get_paginator(), PageNumberPagination)
        if any(p["in"] == "path" for p in parameters) or paged:
            codes.append("404")
        if self.method in {"POST", "PUT", "PATCH"}:
            codes += ["413", "415"]
        if self.method == "POST":
            codes += ["409", "422"]
        return sorted(codes)


def conditional_parameters(what: str = "the page") -> list[OpenApiParameter]:
    """If-None-Match / If-Modified-Since of a conditional GET (factcheck.api.conditional)."""
    return [
        OpenApiParameter(
            "If-None-Match",
            OpenApiTypes.STR,
            OpenApiParameter.HEADER,
            description=f"The ETag of {what} you have: 304 (no body) while it is unchanged.",
        ),
        OpenApiParameter(
            "If-Modified-Since",
            OpenApiTypes.STR,
            OpenApiParameter.HEADER,
            description=f"The Last-Modified of {what} you have: 304 while it is unchanged "
            "(ignored when If-None-Match is sent).",
        ),
    ]
