"""/api/evidence/: evidence sources across claims (added under /api/claims/{id}/evidence/)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from claims.api.schema import ERRORS
from claims.filters import EvidenceFilter
from claims.models import Evidence, EvidenceSnapshot
from claims.serializers import EvidenceSerializer, EvidenceSnapshotSerializer
from claims.services import sources
from claims.services import workflow as services
from factcheck.api.pagination import SmallPagination
from factcheck.api.params import ID_REGEX
from factcheck.api.permissions import NewsroomOrApiKey


class EvidenceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet[Evidence],
):
    """Evidence sources across claims (add them with POST /api/claims/{id}/evidence/)."""

    permission_classes = [NewsroomOrApiKey]
    serializer_class = EvidenceSerializer
    filterset_class = EvidenceFilter
    pagination_class = SmallPagination
    lookup_value_regex = ID_REGEX
    ordering_fields = ["created_at", "id"]

    def get_queryset(self) -> QuerySet[Evidence]:
        return Evidence.objects.select_related("added_by").order_by("-id")

    @extend_schema(responses={204: None, **ERRORS})
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.evidence_remove(evidence=self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses={202: EvidenceSerializer, **ERRORS})
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def recheck(self, request: Request, pk: str) -> Response:
        """Fetch and check the source again, in the background (editors and reviewers). The
        answer comes at once; `checked_at` moves once the check is done."""
        evidence = self.get_object()
        sources.source_recheck(evidence_ids=[evidence.pk], actor=request.user)
        evidence.refresh_from_db()
        return Response(EvidenceSerializer(evidence).data, status=status.HTTP_202_ACCEPTED)

    def _snapshots(self) -> QuerySet[EvidenceSnapshot]:
        evidence = self.get_object()
        return EvidenceSnapshot.objects.filter(evidence_id=evidence.pk).defer("body")

    @extend_schema(responses={200: EvidenceSnapshotSerializer(many=True), 404: ERRORS[404]})
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def snapshots(self, request: Request, pk: str) -> Response:
        """Every stored copy of the source, newest first: what each check fetched and found."""
        rows = self._snapshots().order_by("-fetched_at", "-id")
        return Response(EvidenceSnapshotSerializer(rows, many=True).data)

    @extend_schema(responses={200: EvidenceSnapshotSerializer, 404: ERRORS[404]})
    @action(
        detail=True,
        methods=["get"],
        url_path=r"snapshots/(?P<snapshot_pk>[0-9]{1,18})",
        url_name="snapshot-detail",
        filter_backends=[],
        pagination_class=None,
    )
    def snapshot(self, request: Request, pk: str, snapshot_pk: str) -> Response:
        """One stored copy of the source: the page's text as it was fetched, to fall back on."""
        row = self._snapshots().filter(pk=int(snapshot_pk)).first()
        if row is None:
            raise NotFound(f"Source {pk} has no snapshot {snapshot_pk}.")
        return Response(EvidenceSnapshotSerializer(row).data)
