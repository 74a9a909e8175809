"""/api/articles/: read with filters; create one or many through the import service; update."""

from __future__ import annotations

import logging
from typing import Any

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from articles.cleaning import RowInvalid
from articles.filters import ArticleFilter
from articles.models import Article, ArticleRevision, ImportBatch
from articles.readers import rows_from_json_value
from articles.serializers import (
    ArticleInputSerializer,
    ArticleRevisionSerializer,
    ArticleSerializer,
    ImportProblemSerializer,
    ImportResponseSerializer,
)
from articles.services import (
    BATCH_SIZE,
    UNEXPECTED_ROW_ERRORS,
    WRITERS,
    ArticleConflict,
    article_import,
    article_update,
)
from factcheck.api.errors import PROBLEM_CONTENT_TYPE as PROBLEM
from factcheck.api.errors import problem, problem_drf_response
from factcheck.api.pagination import SmallPagination
from factcheck.api.permissions import NewsroomOrApiKey
from factcheck.api.schema import ProblemSerializer

logger = logging.getLogger(__name__)

MAX_ITEMS_PER_REQUEST = 1000


class CanWriteArticles(BasePermission):
    message = "Importing or changing articles needs the Reviewer or Admin role."

    def has_permission(self, request: Any, view: Any) -> bool:
        if request.method in SAFE_METHODS:
            return True
        perm = "articles.add_article" if request.method == "POST" else "articles.change_article"
        return bool(request.user.has_perm(perm))


def _field_errors(field: str, message: str) -> dict[str, list[str]]:
    return {field or "non_field_errors": [message]}


class ArticleViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet[Article],
):
    serializer_class = ArticleSerializer
    filterset_class = ArticleFilter
    ordering_fields = ["published_at", "created_at", "id"]
    permission_classes = [NewsroomOrApiKey, CanWriteArticles]
    # JSON only (anything else is a 415), and the schema says so: an article's input has a list
    # (authors) and nulls (url, published_at) that a form body cannot carry, and a form's
    # repeated field would keep one of its values and silently drop the others.
    parser_classes = [JSONParser]

    def get_queryset(self) -> QuerySet[Article]:
        # The claims app, a layer above, hangs its rows on an article by a foreign key whose
        # reverse relation is `claims`; the count reads the model through that relation, so this
        # app need not import it. A correlated subquery: counted for the page's rows only.
        claim_model = Article._meta.get_field("claims").related_model
        claims = (
            claim_model._default_manager.filter(article=OuterRef("pk"))
            .order_by()
            .values("article")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            Article.objects.select_related("extraction")
            .annotate(claim_count=Coalesce(Subquery(claims), 0))
            .order_by("-published_at", "-id")
        )

    @extend_schema(
        request=ArticleInputSerializer,
        responses={
            201: ImportResponseSerializer,
            200: ImportResponseSerializer,
            (400, PROBLEM): ImportProblemSerializer,
        },
        description=(
            "Import one article (an object) or up to 1,000 (a list) through the import service: "
            "deduped by canonical URL, else by title and text; HTML in the body is stored as "
            "plain text. One entry in `items` per input, in order. 201 when something was "
            "created, 200 when everything was already there, 400 when every item failed."
        ),
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        try:
            data = request.data
        except RecursionError:  # the JSON parser only turns ValueError into a 400
            raise ParseError("JSON parse error - nested too deeply") from None
        if isinstance(data, list) and len(data) > MAX_ITEMS_PER_REQUEST:
            raise ValidationError(
                {"non_field_errors": [f"at most {MAX_ITEMS_PER_REQUEST} articles per request"]}
            )
        result = article_import(
            rows=rows_from_json_value(data, "api"),
            origin=ImportBatch.Origin.API,
            actor=request.user,
            source="api",
            collect_items=True,
            # A list that fits one batch is written in this thread, on this connection: writer
            # threads pay off on big imports, not on a newsroom's lists of tens.
            writers=1 if not isinstance(data, list) or len(data) <= BATCH_SIZE else WRITERS,
        )
        items = []
        for index, item in enumerate(result.items or []):
            errors = {}
            if item.error is not None:
                errors = _field_errors(item.error["field"], item.error["message"])
            items.append(
                {"index": index, "outcome": item.outcome, "id": item.article_id, "errors": errors}
            )
        body: dict[str, Any] = {
            "import_batch": result.batch.pk,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "failed": result.failed,
            "items": items,
        }
        if result.failed and result.failed == len(items):
            # Nothing imported: an error, a problem whose members are the import's report.
            detail = f"None of the {len(items)} articles could be imported: see items[].errors."
            return problem_drf_response(request, problem(400, detail, **body))
        code = status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        return Response(body, status=code)

    @extend_schema(request=ArticleInputSerializer, responses={200: ArticleSerializer})
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        article = self.get_object()
        try:
            data = request.data
        except RecursionError:
            raise ParseError("JSON parse error - nested too deeply") from None
        if not isinstance(data, dict):
            raise ValidationError({"non_field_errors": ["expected a JSON object"]})
        try:
            article = article_update(
                article=article,
                data=data,
                partial=kwargs.get("partial", False),
                actor=request.user,
            )
        except RowInvalid as exc:
            raise ValidationError(_field_errors(exc.field, exc.message)) from exc
        except ArticleConflict as exc:
            raise ValidationError({"url": [str(exc)]}) from exc
        except UNEXPECTED_ROW_ERRORS as exc:  # as for an import row: bad input, never a 500
            logger.exception("updating article %s failed", article.pk)
            raise ValidationError(
                {"non_field_errors": [f"cannot be saved: {type(exc).__name__}: {exc}"]}
            ) from exc
        return Response(self.get_serializer(self.get_queryset().get(pk=article.pk)).data)

    @extend_schema(request=ArticleInputSerializer, responses={200: ArticleSerializer})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.update(request, *args, partial=True, **kwargs)

    @extend_schema(
        parameters=[
            OpenApiParameter("page", OpenApiTypes.INT, description="A page number (1, 2, ...)."),
            OpenApiParameter(
                "page_size", OpenApiTypes.INT, description="Revisions a page (at most 200)."
            ),
        ],
        responses={
            200: ArticleRevisionSerializer(many=True),
            (404, PROBLEM): OpenApiResponse(ProblemSerializer, description="No such article."),
        },
        description=(
            "The article's revisions, newest first: each body an import or update brought, "
            "where it came from, and its unified diff against the one before "
            "(docs/revisions.md)."
        ),
    )
    @action(
        detail=True,
        methods=["get"],
        pagination_class=SmallPagination,  # for the schema: the page is built below
        filter_backends=[],
        serializer_class=ArticleRevisionSerializer,
    )
    def revisions(self, request: Request, pk: str) -> Response:
        article = self.get_object()  # 404 (a problem) for an unknown id
        rows = (
            ArticleRevision.objects.filter(article_id=article.pk)
            .select_related("created_by")
            .order_by("-number")
        )
        paginator = SmallPagination()  # this view's pagination_class is typed for articles
        page = paginator.paginate_queryset(rows, request, view=self) or []
        return paginator.get_paginated_response(ArticleRevisionSerializer(page, many=True).data)
