"""OpenAPI pieces the views repeat: the error body, conditional and idempotency headers."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer[None]):
    detail = serializers.CharField()


IF_MATCH_REQUIRED = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description='The ETag you read, W/"<id>-<version>". Missing: 428; stale: 412.',
)
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="Retry-safe POST: a retry with the same key returns the first response.",
)


def if_match_optional(description: str) -> OpenApiParameter:
    """An optional If-Match header: the action is refused (412) when the row changed."""
    return OpenApiParameter(
        "If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, description=description
    )
