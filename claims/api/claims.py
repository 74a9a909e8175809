"""/api/claims/: claims, their workflow actions, nested evidence, notes and history.

Views are thin: writes call `claims.services.workflow` (which enforces `claims.workflow`'s table);
errors map to HTTP in `factcheck.api.errors`. Claims carry an ETag `W/"<id>-<version>"`; edits
need `If-Match` (428 without, 412 when stale), workflow actions accept it.
"""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from claims.api.schema import ERRORS
from claims.api.workflow import with_workflow_actions
from claims.filters import (
    ClaimFilter,
    PublicClaimFilter,
)
from claims.models import Annotation, Claim, ClaimEvent, ClaimStatus, Evidence
from claims.serializers import (
    AnnotationSerializer,
    ClaimCreateSerializer,
    ClaimDetailSerializer,
    ClaimHistorySerializer,
    ClaimMergeSerializer,
    ClaimSerializer,
    ClaimSplitSerializer,
    ClaimUpdateSerializer,
    EvidenceSerializer,
    PublicClaimSerializer,
)
from claims.services import editing
from claims.services import workflow as services
from claims.workflow import two_person_rule
from factcheck.api import compiled
from factcheck.api.conditional import conditional, unchanged
from factcheck.api.etags import expected_version, representation_etag
from factcheck.api.filters import StrictFilterBackend
from factcheck.api.pagination import KeysetPagination, TiebreakOrderingFilter
from factcheck.api.params import ID_REGEX
from factcheck.api.permissions import NewsroomOrApiKey, is_api_key
from factcheck.api.representations import FastRepresentation
from factcheck.api.schema import (
    IDEMPOTENCY_KEY,
    IF_MATCH_REQUIRED,
    ErrorSerializer,
    conditional_parameters,
    if_match_optional,
)
from factcheck.groups import user_group_names

# Read answers are built by FastRepresentation: the serializers' output, without DRF's per-field
# cost (factcheck/api/representations.py). Any serializer class works; these are the usual ones.
FAST = {
    cls: FastRepresentation.of(cls)
    for cls in (ClaimSerializer, PublicClaimSerializer, ClaimDetailSerializer)
}

# PATCH fields that edit the claim itself (claims.services.editing) rather than its verdict.
EDITING_FIELDS = ("claim_reviewed", "claimant")


class ClaimCursorPagination(KeysetPagination):
    """Keyset pages of claims, best first by default (see KeysetPagination)."""

    ordering = ("-checkworthiness", "-id")


# The workflow actions are added from the transition table (the docstring is the schema's text).
@with_workflow_actions
class ClaimViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[Claim],
):
    """Claims. List: cursor-paginated (`next`/`previous` links), filterable, `q` full-text."""

    permission_classes = [NewsroomOrApiKey]
    filter_backends = [StrictFilterBackend, TiebreakOrderingFilter]
    pagination_class = ClaimCursorPagination
    lookup_value_regex = ID_REGEX
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    @property
    def api_key_access(self) -> bool:
        # Keys read published claims; one claim's ClaimReview is cms's (ClaimReviewViewSet).
        return self.action in {"list", "retrieve"}

    def _is_api_key(self) -> bool:
        return is_api_key(getattr(self.request, "user", None))

    # An API key sees public fields only: its filters and orderings stay off internal ones (an
    # ordering's value travels in the cursor, so ordering by the score would leak it).
    @property
    def filterset_class(self) -> type[PublicClaimFilter]:
        return PublicClaimFilter if self._is_api_key() else ClaimFilter

    @property
    def ordering_fields(self) -> list[str]:
        if self._is_api_key():
            return ["created_at", "id"]
        return ["checkworthiness", "created_at", "id"]

    @property
    def default_ordering(self) -> tuple[str, ...]:
        return ("-id",) if self._is_api_key() else ClaimCursorPagination.ordering

    def compiled_key(self) -> tuple[Any, ...]:
        """What the page query's shape depends on besides the query string (the SQL is compiled
        once per process: factcheck/api/compiled.py). The caller is part of it although no filter
        reads them today: a filter that one day does cannot serve one user's SQL to another."""
        return (type(self), self.action, self._is_api_key(), self.request.user.pk)

    def _read_object(self) -> Claim:
        """get_object() for a read, the same rows, checks and 404; the claim's query and its
        prefetches are compiled once per process for the query string (filters apply)."""
        key = (self.compiled_key(), compiled.query_key(self.request.query_params))
        # The filtered rows, made once per process for this key, as for a page (list).
        queryset = compiled.queryset(
            ("one", key), lambda: self.filter_queryset(self.get_queryset())
        )
        claim = compiled.one(queryset, int(self.kwargs["pk"]), key)
        if claim is None:
            raise Http404(f"No {Claim._meta.object_name} matches the given query.")
        self.check_object_permissions(self.request, claim)
        return cast(Claim, claim)

    def get_queryset(self) -> QuerySet[Claim]:
        qs = Claim.objects.select_related("assignee", "rating", "claimant", "added_by").defer(
            "search_vector"
        )
        if getattr(self, "swagger_fake_view", False):
            return qs
        if self._is_api_key():
            return qs.filter(status=ClaimStatus.PUBLISHED)
        if self.action != "list":
            qs = qs.prefetch_related(
                Prefetch("evidence", Evidence.objects.select_related("added_by")),
                Prefetch("annotations", Annotation.objects.select_related("author")),
            )
        return qs

    def get_serializer_class(self) -> type[serializers.Serializer[Any]]:
        if self._is_api_key():
            return PublicClaimSerializer
        if self.action == "list":
            return ClaimSerializer
        return ClaimDetailSerializer

    def represent(self, claim: Claim, serializer_class: Any = None) -> dict[str, Any]:
        fast = FastRepresentation.of(serializer_class or self.get_serializer_class())
        return fast.one(claim, self.get_serializer_context())

    def detail_response(self, claim_pk: int, code: int = status.HTTP_200_OK) -> Response:
        claim = self.get_queryset().get(pk=claim_pk)
        data = self.represent(claim, ClaimDetailSerializer)
        return Response(data, status=code, headers={"ETag": representation_etag(claim, data)})

    @extend_schema(
        parameters=[
            *conditional_parameters(),
        ],
        responses={200: ClaimSerializer(many=True), 304: None},
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        paginator = self.paginator
        assert isinstance(paginator, ClaimCursorPagination)
        # The filtered rows, made once per process for this caller and query string (a cursor
        # moves within them): factcheck/api/compiled.py.
        key = (
            "list",
            self.compiled_key(),
            compiled.query_key(request.query_params, skip=paginator.cursor_query_param),
        )
        queryset = compiled.queryset(key, lambda: self.filter_queryset(self.get_queryset()))
        fetched = paginator.fetch(queryset, request, view=self)
        # A caller holding the ETag of the page built from the same rows, URL and caller gets a
        # 304 without the page (factcheck/api/conditional.py).
        validator = fetched.validator and (
            fetched.validator,
            request.build_absolute_uri(),
            self.representation_key(),
        )
        answer = unchanged(request, validator)
        if answer is not None:
            return answer
        fast = FastRepresentation.of(self.get_serializer_class())
        context = self.get_serializer_context()
        if fetched.raw is None:
            rows = fast.many(paginator.take(fetched), context)
        else:
            # A row's representation is its row's and the caller's (representation_key) alone:
            # rows represented before for the same are reused (factcheck/api/compiled.py).
            rows = compiled.represented(
                fetched,
                paginator.take_raw(fetched),
                self.representation_key(),
                lambda claims: fast.many(claims, context),
            )
        body = paginator.get_paginated_response(rows).data
        return conditional(request, body, validator=validator)

    def representation_key(self) -> tuple[Any, ...]:
        """What a page's representation reads besides its rows and its URL: the serializer (by
        caller kind), and for `available_transitions` the caller, their roles and the two-person
        rule; the time zone the dates are written in. A field that reads more must add it here."""
        user = self.request.user
        key = is_api_key(user)
        return (
            self.get_serializer_class(),
            key,
            getattr(self.request.auth, "pk", None),
            getattr(user, "pk", None),
            getattr(user, "is_active", None),
            getattr(user, "is_superuser", None),
            () if key or not user.is_authenticated else tuple(sorted(user_group_names(user))),
            two_person_rule(),
            settings.TIME_ZONE,
        )

    @extend_schema(
        parameters=[
            *conditional_parameters("the claim"),
        ],
        responses={200: ClaimDetailSerializer, 304: None, 404: ERRORS[404]},
    )
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        claim = self._read_object()
        data = self.represent(claim)
        return conditional(request, data, row=claim)

    @extend_schema(
        request=ClaimUpdateSerializer,
        parameters=[IF_MATCH_REQUIRED],
        responses={200: ClaimDetailSerializer, **ERRORS, 428: ErrorSerializer},
    )
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        claim = self.get_object()
        version = expected_version(
            request, claim.pk, noun="claim", required=True, current=claim.version
        )
        body = ClaimUpdateSerializer(data=request.data, partial=partial)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        edits = {name: data.pop(name) for name in EDITING_FIELDS if name in data}
        with transaction.atomic():
            # One version check for both: the first call holds the row lock until commit, so the
            # second sees its own change and nobody else's.
            if edits:
                version = editing.claim_edit(
                    claim=claim.pk, actor=request.user, expected_version=version, **edits
                ).version
            services.claim_update(
                claim=claim.pk, actor=request.user, expected_version=version, **data
            )
        return self.detail_response(claim.pk)

    @extend_schema(
        request=ClaimCreateSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={201: ClaimDetailSerializer, **ERRORS, 409: ErrorSerializer},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Add a claim the engine missed, by `start`/`end` or the exact `quote` (409 when a claim
        already quotes exactly that span). Editors and reviewers."""
        body = ClaimCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        claim = editing.claim_add(actor=request.user, **body.validated_data)
        response = self.detail_response(claim.pk, status.HTTP_201_CREATED)
        response["Location"] = reverse("claim-detail", args=[claim.pk])
        return response

    @extend_schema(
        request=ClaimSplitSerializer,
        parameters=[if_match_optional("The claim's ETag: refuse (412) if it changed since.")],
        responses={201: ClaimDetailSerializer(many=True), **ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="split-span", filter_backends=[])
    def split_span(self, request: Request, pk: str) -> Response:
        """Split the claim in two at `at`: the first keeps its work (rating, summary, evidence,
        notes, assignee), the second is a new claim. Both, first then second."""
        claim = self.get_object()
        version = expected_version(request, claim.pk, noun="claim", required=False)
        body = ClaimSplitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        first, second = editing.claim_split(
            claim=claim.pk, actor=request.user, expected_version=version, **body.validated_data
        )
        rows = self.get_queryset().filter(pk__in=[first.pk, second.pk]).order_by("start")
        data = ClaimDetailSerializer(rows, many=True, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ClaimMergeSerializer,
        parameters=[if_match_optional("The claim's ETag: refuse (412) if it changed since.")],
        responses={200: ClaimDetailSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def merge(self, request: Request, pk: str) -> Response:
        """Merge `other` (same article) into this claim: the span covers both, `other`'s evidence
        and notes move here, its rating and summary too when this claim has none (else they are
        kept in a note); `other` is deleted, its history kept."""
        claim = self.get_object()
        version = expected_version(request, claim.pk, noun="claim", required=False)
        body = ClaimMergeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        other = self.get_queryset().filter(pk=body.validated_data["other"]).first()
        if other is None:
            raise services.WorkflowError(f"No claim {body.validated_data['other']}.", field="other")
        merged = editing.claim_merge(
            claim=claim.pk, other=other.pk, actor=request.user, expected_version=version
        )
        return self.detail_response(merged.pk)

    @extend_schema(
        request=ClaimUpdateSerializer,
        parameters=[IF_MATCH_REQUIRED],
        responses={200: ClaimDetailSerializer, **ERRORS, 428: ErrorSerializer},
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)

    def _claim_pk(self) -> int:
        # Only the existence and visibility check; nested rows are fetched separately.
        return self.get_object().pk

    @extend_schema(
        methods=["GET"], responses={200: EvidenceSerializer(many=True), 404: ERRORS[404]}
    )
    @extend_schema(
        methods=["POST"],
        request=EvidenceSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={201: EvidenceSerializer, **ERRORS},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def evidence(self, request: Request, pk: str) -> Response:
        claim_pk = self._claim_pk()
        if request.method == "GET":
            rows = Evidence.objects.filter(claim_id=claim_pk).select_related("added_by")
            return Response(EvidenceSerializer(rows, many=True).data)
        body = EvidenceSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        evidence = services.evidence_add(claim=claim_pk, actor=request.user, **body.validated_data)
        return Response(EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"], responses={200: AnnotationSerializer(many=True), 404: ERRORS[404]}
    )
    @extend_schema(
        methods=["POST"],
        request=AnnotationSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={201: AnnotationSerializer, **ERRORS},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def annotations(self, request: Request, pk: str) -> Response:
        claim_pk = self._claim_pk()
        if request.method == "GET":
            rows = Annotation.objects.filter(claim_id=claim_pk).select_related("author")
            return Response(AnnotationSerializer(rows, many=True).data)
        body = AnnotationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        note = services.annotation_add(
            claim=claim_pk, actor=request.user, body=body.validated_data["body"]
        )
        return Response(AnnotationSerializer(note).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: ClaimHistorySerializer(many=True), 404: ERRORS[404]})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def history(self, request: Request, pk: str) -> Response:
        """Every change to the claim's workflow fields, oldest first, with who and which action."""
        claim_pk = self._claim_pk()
        rows = (
            ClaimEvent.objects.filter(pgh_obj_id=claim_pk)
            .select_related("pgh_context", "updated_by", "assignee", "rating")
            .order_by("pgh_id")
        )
        return Response(ClaimHistorySerializer(rows, many=True).data)
