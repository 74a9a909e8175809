"""`GET /api/search/?q=`: claims and articles, ranked, with `snippet` (HTML: escaped, `<mark>`)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from articles.models import Article
from articles.search import article_search
from claims.api.schema import MATCHING_ERRORS as ERRORS
from claims.models import Claim
from claims.search import claim_search
from claims.serializers import SearchQuerySerializer, SearchResultSerializer
from factcheck.api.permissions import NewsroomOrApiKey

SEARCH_LIMIT = 20


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
