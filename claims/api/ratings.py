"""/api/ratings/: the verdict scale, read-only."""

from __future__ import annotations

from rest_framework import viewsets

from claims.models import Rating
from claims.serializers import RatingSerializer
from factcheck.api.pagination import SmallPagination
from factcheck.api.params import ID_REGEX
from factcheck.api.permissions import NewsroomOrApiKey


class RatingViewSet(viewsets.ReadOnlyModelViewSet[Rating]):
    """The verdict scale (managed in the admin)."""

    permission_classes = [NewsroomOrApiKey]
    serializer_class = RatingSerializer
    pagination_class = SmallPagination
    lookup_value_regex = ID_REGEX
    filterset_fields = ["is_active"]
    ordering_fields = ["order", "id"]
    queryset = Rating.objects.order_by("order")
