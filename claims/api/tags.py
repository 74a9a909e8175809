"""Tags and desks' checklists over the API.

- `GET /api/tags/`                               every tag (`?kind=desk`)
- `GET|PUT /api/claims/{id}/tags/`               `{"tags": [{"kind": "topic", "name": "Ports"}]}`
- `GET /api/claims/{id}/checklist/`              the items of the claim's desks, ticked or not
- `POST /api/claims/{id}/checklist/`             `{"item": id, "ticked": true|false}`

The claims list filters by tag: `GET /api/claims/?tag=Ports` or `?tag=desk:Economy`.
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.api.schema import CLAIM_ID, MATCHING_ERRORS
from claims.models import Claim
from claims.tagging import services
from claims.tagging.models import Tag, TagKind
from factcheck.api.pagination import SmallPagination
from factcheck.api.params import ID_REGEX
from factcheck.api.permissions import NewsroomOrApiKey


class TagSerializer(serializers.ModelSerializer[Tag]):
    kind = serializers.ChoiceField(choices=TagKind.choices, default=TagKind.TOPIC)
    name = serializers.CharField(max_length=100)

    class Meta:
        model = Tag
        fields = ["id", "kind", "name"]
        read_only_fields = ["id"]


class ClaimTagsSerializer(serializers.Serializer[Any]):
    tags = TagSerializer(many=True)


class ChecklistEntrySerializer(serializers.Serializer[Any]):
    item = serializers.IntegerField()
    desk = serializers.CharField()
    text = serializers.CharField()
    ticked = serializers.BooleanField()
    ticked_by = serializers.CharField(allow_null=True)
    ticked_at = serializers.DateTimeField(allow_null=True)


class TickSerializer(serializers.Serializer[Any]):
    item = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    ticked = serializers.BooleanField(default=True)


class TagViewSet(viewsets.ReadOnlyModelViewSet[Tag]):
    """Tags: topics, desks and elections (managed in the admin or by tagging a claim)."""

    permission_classes = [NewsroomOrApiKey]
    serializer_class = TagSerializer
    pagination_class = SmallPagination
    lookup_value_regex = ID_REGEX
    filterset_fields = ["kind"]
    ordering_fields = ["name", "id"]
    queryset = Tag.objects.order_by("kind", "name")


def _claim(pk: str) -> Claim:
    return get_object_or_404(Claim.objects.only("pk", "status", "assignee_id"), pk=pk)


def _tags(claim: Claim) -> Response:
    tags = claim.tags.order_by("kind", "name")
    return Response({"tags": TagSerializer(tags, many=True).data})


class ClaimTagsView(APIView):
    permission_classes = [NewsroomOrApiKey]

    @extend_schema(parameters=[CLAIM_ID], responses={200: ClaimTagsSerializer})
    def get(self, request: Request, pk: str) -> Response:
        return _tags(_claim(pk))

    @extend_schema(
        parameters=[CLAIM_ID],
        request=ClaimTagsSerializer,
        responses={200: ClaimTagsSerializer, **MATCHING_ERRORS},
    )
    def put(self, request: Request, pk: str) -> Response:
        claim = _claim(pk)
        body = ClaimTagsSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        tags = [
            services.tag_get_or_create(kind=t["kind"], name=t["name"])
            for t in body.validated_data["tags"]
        ]
        services.claim_tags_set(claim=claim, actor=request.user, tags=tags)
        return _tags(claim)


def _checklist(claim: Claim) -> Response:
    entries = [
        {
            "item": item.pk,
            "desk": item.desk.name,
            "text": item.text,
            "ticked": tick is not None,
            "ticked_by": tick.ticked_by.get_username() if tick and tick.ticked_by else None,
            "ticked_at": tick.ticked_at if tick else None,
        }
        for item, tick in services.checklist_state(claim)
    ]
    return Response(ChecklistEntrySerializer(entries, many=True).data)


class ClaimChecklistView(APIView):
    permission_classes = [NewsroomOrApiKey]

    @extend_schema(parameters=[CLAIM_ID], responses={200: ChecklistEntrySerializer(many=True)})
    def get(self, request: Request, pk: str) -> Response:
        return _checklist(_claim(pk))

    @extend_schema(
        parameters=[CLAIM_ID],
        request=TickSerializer,
        responses={200: ChecklistEntrySerializer(many=True), **MATCHING_ERRORS},
    )
    def post(self, request: Request, pk: str) -> Response:
        claim = _claim(pk)
        body = TickSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.checklist_tick(
            claim=claim,
            actor=request.user,
            item=body.validated_data["item"],
            ticked=body.validated_data["ticked"],
        )
        return _checklist(claim)
