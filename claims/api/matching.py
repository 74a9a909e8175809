"""Claim matching: a claim's matches (both directions), its group, and the prior verdicts of the
same fact; reviewers confirm, reject and split; whoever may edit a claim applies a prior verdict.

- `GET  /api/claims/{id}/matches/`                          matches, group, prior verdicts
- `POST /api/claims/{id}/matches/{match_id}/confirm/`        reviewers
- `POST /api/claims/{id}/matches/{match_id}/reject/`         reviewers
- `POST /api/claims/{id}/split/`                             reviewers: leave the group
- `POST /api/claims/{id}/apply-prior-verdict/` `{"source": id}`  whoever may edit the claim,
                                                             from a confirmed match

Views are thin: services in `claims.services.matching`; refusals map to 403/400 in
`factcheck.api.errors`. API keys cannot reach these views (no `api_key_access`).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.api.schema import CLAIM_ID, MATCH_ID
from claims.api.schema import MATCHING_ERRORS as ERRORS
from claims.models import Claim, ClaimMatch
from claims.serializers import (
    ApplyPriorVerdictSerializer,
    ClaimMatchesSerializer,
    ClaimVerdictSerializer,
    MatchSerializer,
)
from claims.services import matching as services
from factcheck.api.etags import expected_version, version_etag
from factcheck.api.permissions import NewsroomOrApiKey
from factcheck.api.schema import ErrorSerializer, if_match_optional


def _claims_for_display() -> QuerySet[Claim]:
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
