"""/api/annotations/: notes across claims (added under /api/claims/{id}/annotations/)."""

from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import viewsets

from claims.filters import AnnotationFilter
from claims.models import Annotation
from claims.serializers import AnnotationSerializer
from factcheck.api.pagination import SmallPagination
from factcheck.api.params import ID_REGEX
from factcheck.api.permissions import NewsroomOrApiKey


class AnnotationViewSet(viewsets.ReadOnlyModelViewSet[Annotation]):
    """Notes across claims (add them with POST /api/claims/{id}/annotations/)."""

    permission_classes = [NewsroomOrApiKey]
    serializer_class = AnnotationSerializer
    filterset_class = AnnotationFilter
    pagination_class = SmallPagination
    lookup_value_regex = ID_REGEX
    ordering_fields = ["created_at", "id"]

    def get_queryset(self) -> QuerySet[Annotation]:
        return Annotation.objects.select_related("author").order_by("-id")
