"""/api/users/: active newsroom users and their roles, to pick an assignee."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from claims.roles import ADMIN, EDITOR, REVIEWER
from claims.serializers import UserSerializer
from factcheck.api.pagination import SmallPagination
from factcheck.api.params import ID_REGEX
from factcheck.api.permissions import NewsroomOrApiKey

User = get_user_model()
ROLES = (REVIEWER, EDITOR, ADMIN)


class UserViewSet(viewsets.ReadOnlyModelViewSet[Any]):
    """Active newsroom users, to pick an assignee. `?role=Editor` filters by role."""

    permission_classes = [NewsroomOrApiKey]
    serializer_class = UserSerializer
    pagination_class = SmallPagination
    lookup_value_regex = ID_REGEX
    filter_backends: list[Any] = []

    @extend_schema(
        parameters=[
            OpenApiParameter("role", OpenApiTypes.STR, enum=list(ROLES)),
            OpenApiParameter("q", OpenApiTypes.STR, description="Username or name contains."),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Any]:
        qs = User.objects.filter(is_active=True).prefetch_related("groups").order_by("username")
        role = self.request.query_params.get("role")
        if role is not None:
            if role not in ROLES:
                raise ValidationError({"role": [f"One of: {', '.join(ROLES)}."]})
            qs = qs.filter(groups__name=role)
        q = self.request.query_params.get("q", "").strip().replace("\x00", "")[:150]
        if q:
            qs = qs.filter(
                Q(username__icontains=q) | Q(first_name__icontains=q) | Q(last_name__icontains=q)
            )
        return qs
