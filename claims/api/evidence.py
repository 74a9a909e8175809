"""/api/evidence/: evidence sources across claims (added under /api/claims/{id}/evidence/)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from claims.api.schema import ERRORS
from claims.filters import EvidenceFilter
from claims.models import Evidence
from claims.serializers import EvidenceSerializer
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
