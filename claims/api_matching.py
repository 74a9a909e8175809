"""API for claim matching and search. Include with one line in factcheck/api_urls.py:

    path("", include("claims.api_matching")),

- `GET  /api/claims/{id}/matches/`                          matches (both directions), group,
                                                             prior verdicts
- `POST /api/claims/{id}/matches/{match_id}/confirm/`        reviewers
- `POST /api/claims/{id}/matches/{match_id}/reject/`         reviewers
- `POST /api/claims/{id}/split/`                             reviewers: leave the group
- `POST /api/claims/{id}/apply-prior-verdict/` `{"source": id}`  whoever may edit the claim,
                                                             from a confirmed match
- `GET  /api/search/?q=`                                     claims and articles, ranked, with
                                                             `snippet` (HTML: escaped, `<mark>`)

Views are thin: services in `claims.services.matching`; refusals map to 403/400 in
`factcheck.api.errors`. API keys cannot reach these views (no `api_key_access`).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import re_path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from articles.models import Article
from articles.search import MAX_QUERY_LENGTH, article_search
from claims.models import Claim, ClaimMatch
from claims.search import claim_search
from claims.services import matching as services
from factcheck.api.etags import expected_version, version_etag
from factcheck.api.params import ID_REGEX as ID
from factcheck.api.permissions import NewsroomOrApiKey
from factcheck.api.schema import ErrorSerializer, if_match_optional
from factcheck.ids import MAX_BIGINT

SEARCH_LIMIT = 20


ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Bad input."),
    403: OpenApiResponse(ErrorSerializer, description="Refused: your role or the claim's status."),
    404: OpenApiResponse(ErrorSerializer, description="No such claim or match."),
}
CLAIM_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Claim id.")
MATCH_ID = OpenApiParameter(
    "match_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Match id."
)


class VerdictSerializer(serializers.Serializer):
    rating = serializers.CharField(source="rating.label", allow_null=True)
    summary = serializers.CharField()
    published_at = serializers.DateTimeField(allow_null=True)


class OtherClaimSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    status = serializers.CharField()
    article = serializers.IntegerField(source="article_id")
    article_title = serializers.CharField(source="article.title")
    outlet = serializers.CharField(source="article.outlet")
    group = serializers.IntegerField(source="group_id", allow_null=True)
    verdict = serializers.SerializerMethodField(
        help_text="The published verdict, when the claim is published."
    )

    @extend_schema_field(VerdictSerializer(allow_null=True))
    def get_verdict(self, claim: Claim) -> dict[str, Any] | None:
        if claim.status != "published":
            return None
        return dict(VerdictSerializer(claim).data)


class PriorVerdictSerializer(OtherClaimSerializer):
    match_confirmed = serializers.BooleanField(
        help_text="A reviewer confirmed the match: only then may its verdict be applied."
    )


class MatchSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    score = serializers.FloatField()
    method = serializers.CharField()
    status = serializers.CharField(help_text="suggested, confirmed or rejected.")
    direction = serializers.SerializerMethodField(
        help_text='"earlier": the other claim was matched by this one; "later": it matched us.'
    )
    other = serializers.SerializerMethodField()
    decided_by = serializers.CharField(source="decided_by.username", allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)

    def _is_ours(self, match: ClaimMatch) -> bool:
        return match.claim_id == self.context["claim_id"]

    def get_direction(self, match: ClaimMatch) -> str:
        return "earlier" if self._is_ours(match) else "later"

    @extend_schema_field(OtherClaimSerializer)
    def get_other(self, match: ClaimMatch) -> dict[str, Any]:
        other = match.matched if self._is_ours(match) else match.claim
        return dict(OtherClaimSerializer(other).data)


class GroupSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    claims = OtherClaimSerializer(many=True)


class ClaimMatchesSerializer(serializers.Serializer):
    claim = serializers.IntegerField()
    group = GroupSerializer(allow_null=True)
    matches = MatchSerializer(many=True)
    prior_verdicts = PriorVerdictSerializer(
        many=True,
        help_text="Published claims matched with this one (not rejected). Their verdicts may be "
        "applied once the match is confirmed (`match_confirmed`).",
    )


# `source` cannot be a declared field (it would shadow Field.source): the class is built here.
ApplyPriorVerdictSerializer = type(
    "ApplyPriorVerdictSerializer",
    (serializers.Serializer,),
    {
        "source": serializers.IntegerField(
            min_value=1,
            max_value=MAX_BIGINT,
            help_text="The published claim whose verdict to copy.",
        )
    },
)


class ClaimVerdictSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    rating = serializers.CharField(source="rating.label", allow_null=True)
    summary = serializers.CharField()
    prior_verdict_from = serializers.IntegerField(source="prior_verdict_from_id", allow_null=True)
    group = serializers.IntegerField(source="group_id", allow_null=True)
    version = serializers.IntegerField()


class SearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        max_length=MAX_QUERY_LENGTH, help_text='Web-search syntax: words, "phrase", -not, or.'
    )


class ClaimHitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    article = serializers.IntegerField(source="article_id")
    text = serializers.CharField()
    status = serializers.CharField()
    rank = serializers.FloatField()
    snippet = serializers.CharField(help_text="HTML: the text escaped, hits in <mark>.")


class ArticleHitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    outlet = serializers.CharField()
    url = serializers.CharField(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)
    rank = serializers.FloatField()
    title_html = serializers.CharField(help_text="HTML: the title escaped, hits in <mark>.")
    snippet = serializers.CharField(help_text="HTML: the body escaped, hits in <mark>.")


class SearchResultSerializer(serializers.Serializer):
    q = serializers.CharField()
    claims = ClaimHitSerializer(many=True)
    articles = ArticleHitSerializer(many=True)


def _claims_for_display():
    return Claim.objects.select_related("article", "rating").defer(
        "search_vector", "article__search_vector", "article__body"
    )


class _MatchingView(APIView):
    permission_classes = [NewsroomOrApiKey]

    def _claim(self, pk: str) -> Claim:
        return get_object_or_404(Claim.objects.defer("search_vector"), pk=int(pk))

    def _match(self, claim: Claim, match_id: str) -> ClaimMatch:
        return get_object_or_404(
            ClaimMatch.objects.filter(Q(claim_id=claim.pk) | Q(matched_id=claim.pk)),
            pk=int(match_id),
        )

    def _match_response(self, claim: Claim, match_pk: int) -> Response:
        match = services.claim_matches(claim).get(pk=match_pk)
        return Response(MatchSerializer(match, context={"claim_id": claim.pk}).data)


class ClaimMatchesView(_MatchingView):
    @extend_schema(
        parameters=[CLAIM_ID],
        responses={200: ClaimMatchesSerializer, 404: ERRORS[404]},
        description="The claim's matches (both directions, best first), its group, and the "
        "published verdicts of the same fact.",
    )
    def get(self, request: Request, pk: str) -> Response:
        claim = self._claim(pk)
        group = None
        if claim.group_id is not None:
            members = _claims_for_display().filter(group_id=claim.group_id).exclude(pk=claim.pk)
            group = {"id": claim.group_id, "claims": members.order_by("id")[:200]}
        data = {
            "claim": claim.pk,
            "group": group,
            "matches": services.claim_matches(claim)[:200],
            "prior_verdicts": services.claim_prior_verdicts(claim)[:20],
        }
        return Response(ClaimMatchesSerializer(data, context={"claim_id": claim.pk}).data)


class MatchConfirmView(_MatchingView):
    @extend_schema(
        request=None,
        parameters=[CLAIM_ID, MATCH_ID],
        responses={200: MatchSerializer, **ERRORS},
        description="Reviewers: the two claims state the same fact (groups are merged).",
    )
    def post(self, request: Request, pk: str, match_id: str) -> Response:
        claim = self._claim(pk)
        match = self._match(claim, match_id)
        services.claim_match_confirm(match=match, actor=request.user)
        return self._match_response(claim, match.pk)


class MatchRejectView(_MatchingView):
    @extend_schema(
        request=None,
        parameters=[CLAIM_ID, MATCH_ID],
        responses={200: MatchSerializer, **ERRORS},
        description="Reviewers: different facts. The pair is never suggested again.",
    )
    def post(self, request: Request, pk: str, match_id: str) -> Response:
        claim = self._claim(pk)
        match = self._match(claim, match_id)
        services.claim_match_reject(match=match, actor=request.user)
        return self._match_response(claim, match.pk)


class GroupSplitView(_MatchingView):
    @extend_schema(
        request=None,
        parameters=[CLAIM_ID],
        responses={200: ClaimVerdictSerializer, **ERRORS},
        description="Reviewers: take the claim out of its group (its matches there are rejected).",
    )
    def post(self, request: Request, pk: str) -> Response:
        claim = services.claim_group_split(claim=self._claim(pk), actor=request.user)
        claim = Claim.objects.select_related("rating").defer("search_vector").get(pk=claim.pk)
        return Response(ClaimVerdictSerializer(claim).data)


class ApplyPriorVerdictView(_MatchingView):
    @extend_schema(
        request=ApplyPriorVerdictSerializer,
        parameters=[
            CLAIM_ID,
            if_match_optional(
                'Optional ETag, W/"<id>-<version>": refuse (412) if the claim changed.'
            ),
        ],
        responses={
            200: ClaimVerdictSerializer,
            **ERRORS,
            412: OpenApiResponse(ErrorSerializer, description="Stale If-Match."),
        },
        description="Copy the published verdict (rating, summary, evidence) of a claim whose "
        "match with this one a reviewer confirmed. The claim keeps its status: it still goes "
        "through review before publication.",
    )
    def post(self, request: Request, pk: str) -> Response:
        claim = self._claim(pk)
        version = expected_version(request, claim.pk, noun="claim", required=False)
        body = ApplyPriorVerdictSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.claim_apply_prior_verdict(
            claim=claim.pk,
            actor=request.user,
            source=body.validated_data["source"],
            expected_version=version,
        )
        claim = Claim.objects.select_related("rating").defer("search_vector").get(pk=claim.pk)
        return Response(ClaimVerdictSerializer(claim).data, headers={"ETag": version_etag(claim)})


class SearchView(APIView):
    permission_classes = [NewsroomOrApiKey]

    @extend_schema(
        parameters=[SearchQuerySerializer],
        responses={200: SearchResultSerializer, 400: ERRORS[400]},
        description=f"Full-text search over claims and articles, best first (top {SEARCH_LIMIT} "
        "each; an article title weighs more than its body).",
    )
    def get(self, request: Request) -> Response:
        params = SearchQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        q = params.validated_data["q"]
        claims = claim_search(
            Claim.objects.defer("search_vector").only("id", "article_id", "text", "status"), q
        )[:SEARCH_LIMIT]
        articles = article_search(
            Article.objects.only("id", "title", "outlet", "url", "published_at"), q
        )[:SEARCH_LIMIT]
        data = {"q": q, "claims": claims, "articles": articles}
        return Response(SearchResultSerializer(data).data, status=status.HTTP_200_OK)


urlpatterns = [
    re_path(rf"^claims/(?P<pk>{ID})/matches/$", ClaimMatchesView.as_view(), name="claim-matches"),
    re_path(
        rf"^claims/(?P<pk>{ID})/matches/(?P<match_id>{ID})/confirm/$",
        MatchConfirmView.as_view(),
        name="claim-match-confirm",
    ),
    re_path(
        rf"^claims/(?P<pk>{ID})/matches/(?P<match_id>{ID})/reject/$",
        MatchRejectView.as_view(),
        name="claim-match-reject",
    ),
    re_path(rf"^claims/(?P<pk>{ID})/split/$", GroupSplitView.as_view(), name="claim-split"),
    re_path(
        rf"^claims/(?P<pk>{ID})/apply-prior-verdict/$",
        ApplyPriorVerdictView.as_view(),
        name="claim-apply-prior-verdict",
    ),
    re_path(r"^search/$", SearchView.as_view(), name="search"),
]
