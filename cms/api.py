"""The CMS export: a ClaimReview feed read from the PublicationEvent log."""

from __future__ import annotations

from typing import Any

from django.utils.http import urlencode
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cms.claimreview import events_queryset, feed_item
from factcheck.api.permissions import NewsroomOrApiKey
from factcheck.ids import MAX_BIGINT

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class FeedQuery(serializers.Serializer):
    since = serializers.IntegerField(min_value=0, max_value=MAX_BIGINT, default=0)
    limit = serializers.IntegerField(min_value=1, max_value=MAX_LIMIT, default=DEFAULT_LIMIT)


class FeedItemSerializer(serializers.Serializer):
    cursor = serializers.IntegerField(help_text="This entry's event id.")
    type = serializers.ChoiceField(
        choices=["claim.published", "claim.corrected", "claim.unpublished"]
    )
    claim_id = serializers.IntegerField()
    occurred_at = serializers.DateTimeField()
    url = serializers.URLField(help_text="The fact check's stable URL on the newsroom site.")
    claimReview = serializers.JSONField(
        allow_null=True, help_text="schema.org ClaimReview (JSON-LD); null for claim.unpublished."
    )
    note = serializers.CharField(required=False, help_text="Why it was withdrawn.")


class FeedPageSerializer(serializers.Serializer):
    items = FeedItemSerializer(many=True)
    next_since = serializers.IntegerField(help_text="Cursor to resume from (last event id).")
    next = serializers.URLField(help_text="This feed from `next_since`.")
    has_more = serializers.BooleanField()


class ClaimReviewFeedView(APIView):
    """Published, corrected and withdrawn fact checks, oldest first, from `since` (exclusive).

    Poll `next` forever: every event appears exactly once, in id order, with no gaps (ids commit
    in order: writers of the log hold an advisory lock until commit). `claim.unpublished` entries
    are tombstones; a `claim.corrected` entry replaces the earlier ClaimReview at the same `url`."""

    permission_classes = [NewsroomOrApiKey]
    api_key_access = True

    @extend_schema(
        parameters=[
            OpenApiParameter("since", OpenApiTypes.INT64, description="Last cursor you saw."),
            OpenApiParameter("limit", OpenApiTypes.INT, description=f"1..{MAX_LIMIT}"),
        ],
        responses=FeedPageSerializer,
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        query = FeedQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        since, limit = query.validated_data["since"], query.validated_data["limit"]
        events = list(events_queryset().filter(pk__gt=since)[: limit + 1])
        has_more = len(events) > limit
        events = events[:limit]
        next_since = events[-1].pk if events else since
        next_url = request.build_absolute_uri(
            request.path + "?" + urlencode({"since": next_since, "limit": limit})
        )
        return Response(
            {
                "items": [feed_item(e) for e in events],
                "next_since": next_since,
                "next": next_url,
                "has_more": has_more,
            }
        )
