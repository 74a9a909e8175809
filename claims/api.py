"""The workbench API: claims, their workflow actions, evidence, notes, history, ratings and users.

Views are thin: writes call `claims.services.workflow` (which enforces `claims.workflow`'s table);
errors map to HTTP in `factcheck.api.errors`. Claims carry an ETag `W/"<id>-<version>"`; edits
need `If-Match` (428 without, 412 when stale), workflow actions accept it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import math
import re
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import (
    DateTimeField,
    F,
    Field,
    FloatField,
    Func,
    Prefetch,
    Q,
    QuerySet,
    Value,
)
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from claims.filters import (
    AnnotationFilter,
    ClaimFilter,
    EvidenceFilter,
    PublicClaimFilter,
    TiebreakOrderingFilter,
)
from claims.models import Annotation, Claim, ClaimEvent, ClaimStatus, Evidence, Rating
from claims.roles import ADMIN, EDITOR, REVIEWER
from claims.serializers import (
    MAX_BIGINT,
    AnnotationSerializer,
    AssignSerializer,
    ClaimDetailSerializer,
    ClaimHistorySerializer,
    ClaimSerializer,
    ClaimUpdateSerializer,
    EmptySerializer,
    EvidenceSerializer,
    NoteSerializer,
    PublicClaimSerializer,
    RatingSerializer,
    ReasonSerializer,
    UserSerializer,
)
from claims.services import workflow as services
from cms.auth import ApiKeyUser, NewsroomOrApiKey

User = get_user_model()

ID_REGEX = r"[0-9]{1,18}"  # fits a bigint: a longer id is a 404 from the URL resolver
# W/"<id>-<version>" or W/"<id>-<version>-<digest>" (the W/ already stripped or not).
ETAG_RE = re.compile(r'^\s*(?:W/)?"(\d{1,18})-(\d{1,18})(?:-[0-9a-f]{1,64})?"\s*$')


class PreconditionRequired(APIException):
    status_code = 428
    default_detail = (
        'Send the ETag you read in an If-Match header (If-Match: W/"<id>-<version>"), '
        "so that you do not overwrite someone else's change."
    )
    default_code = "precondition_required"


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "If-Match does not match this claim."
    default_code = "precondition_failed"


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


def claim_etag(claim: Claim) -> str:
    """The version tag `W/"<id>-<version>"`: what If-Match is checked against."""
    return f'W/"{claim.pk}-{claim.version}"'


def representation_etag(claim: Claim, data: Any) -> str:
    """The ETag of one claim representation: the version tag plus a digest of what is shown.

    The version alone misses changes that do not bump it (nested evidence and notes, fields the
    extractor rewrites), so `If-None-Match` would answer 304 for a changed page. The digest is
    over the serialized data itself, so it is right whatever changed. If-Match reads only the
    id and version (the optimistic lock), so this ETag works there too."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
    digest = hashlib.sha256(canonical.encode()).hexdigest()[:16]
    return f'W/"{claim.pk}-{claim.version}-{digest}"'


def _entity_tags(header: str) -> list[str]:
    """The opaque tags of an If-Match / If-None-Match list, weak prefixes dropped."""
    tags = []
    for part in header.split(","):
        part = part.strip()
        if part.startswith("W/"):
            part = part[2:]
        if part:
            tags.append(part)
    return tags


def expected_version(
    request: Request, claim_pk: int, *, required: bool, current: int | None = None
) -> int | None:
    """The claim version If-Match names, or None when the caller sets no condition (no header,
    when optional; or `*`, which RFC 9110 makes true for any existing claim).

    A list of tags passes if any names `current` (the claim's version now, when the caller
    knows it); the service re-checks the version under its row lock either way."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        if required:
            raise PreconditionRequired()
        return None
    tags = _entity_tags(header)
    if tags == ["*"]:
        return None
    versions = []
    for tag in tags:
        match = ETAG_RE.match(tag)
        if match is not None and int(match[1]) == claim_pk:
            versions.append(int(match[2]))
    if not versions:
        raise PreconditionFailed(
            f'If-Match must be this claim\'s ETag, W/"{claim_pk}-<version>" (got {header[:80]!r}).'
        )
    return current if current in versions else versions[0]


def if_none_match_hits(request: Request, etag: str) -> bool:
    """Weak comparison (RFC 9110 13.1.2): `*` or any listed tag equal to `etag`."""
    tags = _entity_tags(request.headers.get("If-None-Match", ""))
    return "*" in tags or etag.removeprefix("W/") in tags


IF_MATCH_REQUIRED = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description='The ETag you read, W/"<id>-<version>". Missing: 428; stale: 412.',
)
IF_MATCH_OPTIONAL = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description='Optional ETag, W/"<id>-<version>": refuse the action (412) if the claim changed.',
)
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="Retry-safe POST: a retry with the same key returns the first response.",
)
ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Bad input (field errors)."),
    403: OpenApiResponse(ErrorSerializer, description="Refused by the workflow or your role."),
    404: OpenApiResponse(ErrorSerializer, description="No such claim."),
    412: OpenApiResponse(ErrorSerializer, description="Stale If-Match: someone changed it."),
}


class RowValue(Func):
    """A PostgreSQL row constructor. `ROW(a, b) < ROW(x, y)` compares lexicographically and is a
    single range condition on a btree index over (a, b): the planner starts the scan there."""

    function = "ROW"
    output_field = Field()


class ClaimCursorPagination(CursorPagination):
    """Keyset pagination over (ordering field, id): a cursor names the last row seen, and the next
    page is the rows strictly after it in that total order. No COUNT(*) and no OFFSET, so a page
    costs one index range scan however deep it is and however many claims share a score (DRF's
    cursor breaks ties with an offset, which stops moving past `offset_cutoff` tied rows).

    A cursor is base64url JSON: `o` the ordering it belongs to, `v` the ordering field's value
    (absent when ordering by id), `i` the id, `r` 1 for a `previous` link. Malformed: 400."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering: tuple[str, ...] = ("-checkworthiness", "-id")
    invalid_cursor_message = "Invalid cursor: use the `next` or `previous` link as given."

    def get_page_size(self, request: Any) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
            raise ValidationError(
                {self.page_size_query_param: [f"A whole number from 1 to {self.max_page_size}."]}
            )
        return min(int(raw), self.max_page_size)

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> Any:
        self.request = request
        self.base_url = request.build_absolute_uri()
        self.page_size = self.get_page_size(request)
        self.ordering = getattr(view, "default_ordering", type(self).ordering)
        self.ordering = self.get_ordering(request, queryset, view)
        self.field = self.ordering[0].lstrip("-")
        self.descending = self.ordering[0].startswith("-")
        position = self._decode(request, queryset.model)
        reverse = bool(position and position["r"])

        order = self.ordering
        if reverse:  # read backwards from the cursor, then flip the page
            order = tuple(name[1:] if name.startswith("-") else "-" + name for name in order)
        queryset = queryset.order_by(*order)
        if position is not None:
            queryset = self._after(queryset, position, forwards=not reverse)
        rows = list(queryset[: self.page_size + 1])
        more = len(rows) > self.page_size
        rows = rows[: self.page_size]
        if reverse:
            rows.reverse()
        self.page = rows
        # Beyond the cursor's side we only know there was a row (the cursor's own): say so.
        self.has_next = more if not reverse else position is not None
        self.has_previous = more if reverse else position is not None
        return rows

    def _after(self, queryset: QuerySet, position: dict[str, Any], *, forwards: bool) -> QuerySet:
        """Rows strictly after `position` in the (possibly reversed) page order."""
        greater = forwards != self.descending
        lookup = "gt" if greater else "lt"
        if self.field == "id":
            return queryset.filter(**{f"id__{lookup}": position["i"]})
        here = RowValue(F(self.field), F("id"))
        there = RowValue(Value(position["v"]), Value(position["i"]))
        return queryset.alias(_keyset=here).filter(**{f"_keyset__{lookup}": there})

    def _decode(self, request: Any, model: Any) -> dict[str, Any] | None:
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is None:
            return None
        try:
            raw = base64.urlsafe_b64decode(encoded.encode("ascii") + b"=" * (-len(encoded) % 4))
            data = json.loads(raw)
            if not isinstance(data, dict) or data.get("o") != ",".join(self.ordering):
                raise ValueError("the cursor belongs to another ordering")
            position = {"i": data["i"], "r": bool(data.get("r")), "v": None}
            if type(position["i"]) is not int or not 0 <= position["i"] <= MAX_BIGINT:
                raise ValueError("bad id")
            if self.field != "id":
                position["v"] = self._decode_value(model._meta.get_field(self.field), data["v"])
        except (ValueError, TypeError, KeyError, UnicodeError, binascii.Error) as exc:
            raise ValidationError({self.cursor_query_param: [self.invalid_cursor_message]}) from exc
        return position

    @staticmethod
    def _decode_value(field: Any, value: Any) -> Any:
        if isinstance(field, FloatField):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise TypeError("not a number")
            if not math.isfinite(value):
                raise ValueError("not finite")
            return float(value)
        if isinstance(field, DateTimeField):
            moment = datetime.fromisoformat(value)
            if moment.tzinfo is None:
                raise ValueError("naive datetime")
            return moment
        raise TypeError(f"no cursor for {field.name}")

    def _encode(self, row: Any, *, reverse: bool) -> str:
        data: dict[str, Any] = {"o": ",".join(self.ordering), "i": row.pk}
        if self.field != "id":
            value = getattr(row, self.field)
            data["v"] = value.isoformat() if isinstance(value, datetime) else value
        if reverse:
            data["r"] = 1
        token = base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode())
        return replace_query_param(
            str(self.base_url), self.cursor_query_param, token.decode("ascii").rstrip("=")
        )

    def get_next_link(self) -> str | None:
        if not self.has_next or not self.page:
            return None
        return self._encode(self.page[-1], reverse=False)

    def get_previous_link(self) -> str | None:
        if not self.has_previous or not self.page:
            return None
        return self._encode(self.page[0], reverse=True)


class SmallPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


ACTIONS: dict[str, tuple[str, type[serializers.Serializer]]] = {
    # url path: (service name in TRANSITION_SERVICES, request body)
    "assign": ("assign", AssignSerializer),
    "start": ("start", EmptySerializer),
    "submit": ("submit", EmptySerializer),
    "send-back": ("send_back", NoteSerializer),
    "publish": ("publish", EmptySerializer),
    "dismiss": ("dismiss", ReasonSerializer),
    "reopen": ("reopen", NoteSerializer),
    "unpublish": ("unpublish", NoteSerializer),
}


def _action_kwargs(name: str, data: dict[str, Any]) -> dict[str, Any]:
    if name == "assign":
        return {"assignee": data["assignee"], "due_date": data.get("due")}
    return dict(data)


def action_schema(path: str) -> Any:
    return extend_schema(
        request=ACTIONS[path][1],
        parameters=[IF_MATCH_OPTIONAL, IDEMPOTENCY_KEY],
        responses={200: ClaimDetailSerializer, **ERRORS},
        description=f"Workflow action `{ACTIONS[path][0]}` (see claims/workflow.py).",
    )


class ClaimViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Claims. List: cursor-paginated (`next`/`previous` links), filterable, `q` full-text."""

    permission_classes = [NewsroomOrApiKey]
    filter_backends = [DjangoFilterBackend, TiebreakOrderingFilter]
    pagination_class = ClaimCursorPagination
    lookup_value_regex = ID_REGEX
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    @property
    def api_key_access(self) -> bool:
        return self.action in {"list", "retrieve", "claimreview"}

    def _is_api_key(self) -> bool:
        return isinstance(getattr(self.request, "user", None), ApiKeyUser)

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

    def get_queryset(self) -> QuerySet:
        qs = Claim.objects.select_related("assignee", "rating").defer("search_vector")
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

    def get_serializer_class(self) -> type[serializers.Serializer]:
        if self._is_api_key():
            return PublicClaimSerializer
        if self.action == "list":
            return ClaimSerializer
        return ClaimDetailSerializer

    def _detail_response(self, claim_pk: int, code: int = status.HTTP_200_OK) -> Response:
        claim = self.get_queryset().get(pk=claim_pk)
        data = ClaimDetailSerializer(claim, context=self.get_serializer_context()).data
        return Response(data, status=code, headers={"ETag": representation_etag(claim, data)})

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "If-None-Match",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                description="The ETag you have: 304 (no body) while the claim is unchanged.",
            )
        ],
        responses={200: ClaimDetailSerializer, 304: None, 404: ERRORS[404]},
    )
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        claim = self.get_object()
        data = self.get_serializer(claim).data
        etag = representation_etag(claim, data)
        if if_none_match_hits(request, etag):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
        return Response(data, headers={"ETag": etag})

    @extend_schema(
        request=ClaimUpdateSerializer,
        parameters=[IF_MATCH_REQUIRED],
        responses={200: ClaimDetailSerializer, **ERRORS, 428: ErrorSerializer},
    )
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        claim = self.get_object()
        version = expected_version(request, claim.pk, required=True, current=claim.version)
        body = ClaimUpdateSerializer(data=request.data, partial=partial)
        body.is_valid(raise_exception=True)
        services.claim_update(
            claim=claim.pk, actor=request.user, expected_version=version, **body.validated_data
        )
        return self._detail_response(claim.pk)

    @extend_schema(
        request=ClaimUpdateSerializer,
        parameters=[IF_MATCH_REQUIRED],
        responses={200: ClaimDetailSerializer, **ERRORS, 428: ErrorSerializer},
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)

    def _transition(self, request: Request, path: str) -> Response:
        name, body_class = ACTIONS[path]
        claim = self.get_object()
        version = expected_version(request, claim.pk, required=False, current=claim.version)
        body = body_class(data=request.data)
        body.is_valid(raise_exception=True)
        service = services.TRANSITION_SERVICES[name]
        service(
            claim=claim.pk,
            actor=request.user,
            expected_version=version,
            **_action_kwargs(name, body.validated_data),
        )
        return self._detail_response(claim.pk)

    @action_schema("assign")
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: str) -> Response:
        return self._transition(request, "assign")

    @action_schema("start")
    @action(detail=True, methods=["post"])
    def start(self, request: Request, pk: str) -> Response:
        return self._transition(request, "start")

    @action_schema("submit")
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        return self._transition(request, "submit")

    @action_schema("send-back")
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request: Request, pk: str) -> Response:
        return self._transition(request, "send-back")

    @action_schema("publish")
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        return self._transition(request, "publish")

    @action_schema("dismiss")
    @action(detail=True, methods=["post"])
    def dismiss(self, request: Request, pk: str) -> Response:
        return self._transition(request, "dismiss")

    @action_schema("reopen")
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str) -> Response:
        return self._transition(request, "reopen")

    @action_schema("unpublish")
    @action(detail=True, methods=["post"])
    def unpublish(self, request: Request, pk: str) -> Response:
        return self._transition(request, "unpublish")

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

    @extend_schema(
        responses={200: OpenApiTypes.OBJECT, 404: ERRORS[404]},
        description="The claim's current ClaimReview (JSON-LD); 404 when not published.",
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def claimreview(self, request: Request, pk: str) -> Response:
        from cms.claimreview import claimreview_for_claim

        claim_pk = self._claim_pk() if not self._is_api_key() else int(pk)
        document = claimreview_for_claim(claim_pk)
        if document is None:
            raise NotFound("This claim has no published fact check.")
        return Response(document)


class EvidenceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Evidence sources across claims (add them with POST /api/claims/{id}/evidence/)."""

    permission_classes = [NewsroomOrApiKey]
    serializer_class = EvidenceSerializer
    filterset_class = EvidenceFilter
    pagination_class = SmallPagination
    lookup_value_regex = ID_REGEX
    ordering_fields = ["created_at", "id"]

    def get_queryset(self) -> QuerySet:
        return Evidence.objects.select_related("added_by").order_by("-id")

    @extend_schema(responses={204: None, **ERRORS})
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.evidence_remove(evidence=self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AnnotationViewSet(viewsets.ReadOnlyModelViewSet):
    """Notes across claims (add them with POST /api/claims/{id}/annotations/)."""

    permission_classes = [NewsroomOrApiKey]
    serializer_class = AnnotationSerializer
    filterset_class = AnnotationFilter
    pagination_class = SmallPagination
    lookup_value_regex = ID_REGEX
    ordering_fields = ["created_at", "id"]

    def get_queryset(self) -> QuerySet:
        return Annotation.objects.select_related("author").order_by("-id")


class RatingViewSet(viewsets.ReadOnlyModelViewSet):
    """The verdict scale (managed in the admin)."""

    permission_classes = [NewsroomOrApiKey]
    serializer_class = RatingSerializer
    pagination_class = SmallPagination
    lookup_value_regex = ID_REGEX
    filterset_fields = ["is_active"]
    ordering_fields = ["order", "id"]
    queryset = Rating.objects.order_by("order")


class UserViewSet(viewsets.ReadOnlyModelViewSet):
    """Active newsroom users, to pick an assignee. `?role=Editor` filters by role."""

    permission_classes = [NewsroomOrApiKey]
    serializer_class = UserSerializer
    pagination_class = SmallPagination
    lookup_value_regex = ID_REGEX
    filter_backends: list[Any] = []

    @extend_schema(
        parameters=[
            OpenApiParameter("role", OpenApiTypes.STR, enum=[REVIEWER, EDITOR, ADMIN]),
            OpenApiParameter("q", OpenApiTypes.STR, description="Username or name contains."),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet:
        qs = User.objects.filter(is_active=True).prefetch_related("groups").order_by("username")
        role = self.request.query_params.get("role")
        if role:
            qs = qs.filter(groups__name=role)
        q = self.request.query_params.get("q", "").strip().replace("\x00", "")[:150]
        if q:
            qs = qs.filter(
                Q(username__icontains=q) | Q(first_name__icontains=q) | Q(last_name__icontains=q)
            )
        return qs
