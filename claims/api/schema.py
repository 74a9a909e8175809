"""OpenAPI pieces shared by the claims API's views."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from factcheck.api.schema import ErrorSerializer, if_match_optional

IF_MATCH_OPTIONAL = if_match_optional(
    'Optional ETag, W/"<id>-<version>": refuse the action (412) if the claim changed.'
)
ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Bad input (field errors)."),
    403: OpenApiResponse(ErrorSerializer, description="Refused by the workflow or your role."),
    404: OpenApiResponse(ErrorSerializer, description="No such claim."),
    412: OpenApiResponse(ErrorSerializer, description="Stale If-Match: someone changed it."),
}
MATCHING_ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Bad input."),
    403: OpenApiResponse(ErrorSerializer, description="Refused: your role or the claim's status."),
    404: OpenApiResponse(ErrorSerializer, description="No such claim or match."),
}
CLAIM_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Claim id.")
MATCH_ID = OpenApiParameter(
    "match_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Match id."
)
