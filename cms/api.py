"""The CMS export: a ClaimReview feed read from the PublicationEvent log, and one claim's
current ClaimReview (`/api/claims/{id}/claimreview/`, beside the claims API)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.http import urlencode
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.models import Claim, PublicationEvent
from cms.claimreview import claimreview_for_claim, events_queryset, feed_item
from factcheck.api import compiled
from factcheck.api.conditional import conditional, unchanged
from factcheck.api.params import ID_REGEX
from factcheck.api.permissions import NewsroomOrApiKey, is_api_key
from factcheck.api.schema import ErrorSerializer, conditional_parameters
from factcheck.ids import MAX_BIGINT
from factcheck.memo import Memo

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


FEED_TYPES = ["claim.published", "claim.corrected", "claim.unpublished"]


class FeedQuery(serializers.Serializer[Any]):
    since = serializers.IntegerField(min_value=0, max_value=MAX_BIGINT, default=0)
    limit = serializers.IntegerField(min_value=1, max_value=MAX_LIMIT, default=DEFAULT_LIMIT)
    type = serializers.MultipleChoiceField(choices=FEED_TYPES, required=False)


class FeedPreviousVerdictSerializer(serializers.Serializer[Any]):
    reviewRating = serializers.JSONField(
        allow_null=True, help_text="schema.org Rating published before the correction."
    )
    reviewBody = serializers.CharField(help_text="The summary published before the correction.")


class FeedCorrectionSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(
        allow_blank=True,
        help_text="The public correction note; empty when the claim was reopened and "
        "published again without one.",
    )
    previous = FeedPreviousVerdictSerializer()


class FeedItemSerializer(serializers.Serializer[Any]):
    cursor = serializers.IntegerField(help_text="This entry's event id.")
    type = serializers.ChoiceField(choices=FEED_TYPES)
    claim_id = serializers.IntegerField()
    occurred_at = serializers.DateTimeField()
    url = serializers.URLField(help_text="The fact check's stable URL on the newsroom site.")
    claimReview = serializers.JSONField(
        allow_null=True,
        help_text="schema.org ClaimReview (JSON-LD); null for claim.unpublished. After a "
        "correction it carries `correction`: the public notes, as CorrectionComment.",
    )
    correction = FeedCorrectionSerializer(
        required=False, help_text="Only on claim.corrected: the note and the verdict replaced."
    )


class FeedPageSerializer(serializers.Serializer[Any]):
    items = FeedItemSerializer(many=True)
    next_since = serializers.IntegerField(help_text="Cursor to resume from (last event id).")
    next = serializers.URLField(help_text="This feed from `next_since`.")
    has_more = serializers.BooleanField()


# (newsroom settings, an event's row as PostgreSQL sent it) -> its feed entry, in this process: the
# most recently used kept. Every feed query selects the same columns (events_queryset).
_entries: Memo[dict[str, Any]] = Memo(4096)


def _newsroom() -> tuple[str | None, str | None, str]:
    """The settings a feed entry reads besides its row."""
    return (
        settings.FACTCHECK_NEWSROOM_NAME,
        settings.FACTCHECK_NEWSROOM_URL,
        settings.TIME_ZONE,
    )


def feed_items(fetched: compiled.Fetched, raw: list[Any]) -> list[dict[str, Any]]:
    """The feed entries of these rows (`fetched.raw`, in order). An entry is `feed_item` of its
    event, and depends on nothing but the event's row (the event, its claim, article, claimant
    and ratings, first publication and correction notes: all columns of the one query) and the
    newsroom's settings; so an entry already built from the same row is the same entry, and
    only the rows not seen before are built. Pollers and CMSes read the same events over and
    over, from different cursors."""
    context = _newsroom()
    keys = [(context, compiled.row_bytes(row)) for row in raw]
    items = [_entries.get(key, None) for key in keys]
    missing = [i for i, item in enumerate(items) if item is None]
    if missing:
        events = fetched.rows_of([raw[i] for i in missing])
        for i, event in zip(missing, events, strict=True):
            item = items[i] = feed_item(event)
            _entries.put(keys[i], item)
    return items  # type: ignore[return-value]


# A query string -> its FeedQuery's (since, limit, sorted types), in this process.
_feed_queries: Memo[tuple[int, int, list[str]]] = Memo(1024)


def _feed_query(params: Any) -> tuple[int, int, list[str]]:
    """`since`, `limit` and the sorted `type`s FeedQuery validates from this query string (a
    400 for what it refuses). What it gives depends on the query string alone, so a query string
    seen before is not validated again (DRF builds the serializer's fields for each request)."""
    key = compiled.query_key(params)
    found = _feed_queries.get(key, None)
    if found is None:
        query = FeedQuery(data=params)
        query.is_valid(raise_exception=True)  # refused: nothing kept
        data = query.validated_data
        found = (data["since"], data["limit"], sorted(data.get("type") or ()))
        _feed_queries.put(key, found)
    since, limit, types = found
    return since, limit, list(types)


class ClaimReviewFeedView(APIView):
    """Published, corrected and withdrawn fact checks, oldest first, from `since` (exclusive).

    Poll `next` forever: every event appears exactly once, in id order, with no gaps (ids commit
    in order: writers of the log hold an advisory lock until commit). `claim.unpublished` entries
    are tombstones; a `claim.corrected` entry replaces the earlier ClaimReview at the same `url`.
    `type` keeps only entries of those types (`?type=claim.corrected&since=<cursor>`: the
    corrections since a cursor); the cursor is the same event id, and `next` keeps the filter."""

    permission_classes = [NewsroomOrApiKey]
    api_key_access = True

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "since",
                {"type": "integer", "format": "int64", "minimum": 0, "maximum": MAX_BIGINT},
                description="Last cursor you saw.",
            ),
            OpenApiParameter(
                "limit",
                {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
                description=f"1..{MAX_LIMIT}",
            ),
            OpenApiParameter(
                "type",
                {"type": "array", "items": {"type": "string", "enum": FEED_TYPES}},
                description="Only entries of these types (repeat the parameter for several); "
                "e.g. `type=claim.corrected` for corrections since `since`.",
                explode=True,
            ),
            *conditional_parameters(),
        ],
        responses={200: FeedPageSerializer, 304: None},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        since, limit, types = _feed_query(request.query_params)
        kinds = [t.removeprefix("claim.") for t in types]

        def build(after: int) -> QuerySet[PublicationEvent]:
            events_qs = events_queryset().filter(pk__gt=after)
            if kinds:
                events_qs = events_qs.filter(kind__in=kinds)
            return events_qs[: limit + 1]

        # One SQL per (types, limit), compiled once per process; `since` is bound.
        key = (type(self), tuple(kinds), limit)
        fetched = compiled.fetch(build, key, (since,), (compiled.STAND_IN_ID,))
        # The page is its rows, its URL (the `next` link) and the newsroom's settings: a caller
        # holding the ETag of the page built from the same gets a 304 without the page.
        validator = fetched.validator and (
            fetched.validator,
            request.build_absolute_uri(),
            _newsroom(),
        )
        answer = unchanged(request, validator)
        if answer is not None:
            return answer
        if fetched.raw is None:
            events = fetched.rows()
            has_more = len(events) > limit
            items = [feed_item(e) for e in events[:limit]]
        else:
            has_more = len(fetched.raw) > limit
            items = feed_items(fetched, fetched.raw[:limit])
        next_since = items[-1]["cursor"] if items else since
        params: dict[str, Any] = {"since": next_since, "limit": limit}
        if types:
            params["type"] = types
        next_url = request.build_absolute_uri(request.path + "?" + urlencode(params, doseq=True))
        return conditional(
            request,
            {
                "items": items,
                "next_since": next_since,
                "next": next_url,
                "has_more": has_more,
            },
            validator=validator,
        )


class ClaimReviewViewSet(viewsets.GenericViewSet[Claim]):
    """One claim's ClaimReview, routed under the claims' prefix: `/api/claims/{id}/claimreview/`.

    An API key reads it by claim id (a claim that is not published has none: 404, the same
    answer as for a missing claim); a newsroom user gets a 404 for a missing claim first."""

    permission_classes = [NewsroomOrApiKey]
    api_key_access = True
    queryset = Claim.objects.defer("search_vector")
    lookup_value_regex = ID_REGEX

    @extend_schema(
        responses={
            200: OpenApiTypes.OBJECT,
            404: OpenApiResponse(ErrorSerializer, description="No such claim."),
        },
        description="The claim's current ClaimReview (JSON-LD); 404 when not published.",
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def claimreview(self, request: Request, pk: str) -> Response:
        claim_pk = int(pk) if is_api_key(request.user) else self.get_object().pk
        document = claimreview_for_claim(claim_pk)
        if document is None:
            raise NotFound("This claim has no published fact check.")
        return Response(document)
