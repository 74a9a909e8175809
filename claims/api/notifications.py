"""/api/notifications/: the current user's notifications, newest first, and their preferences.

- `GET  /api/notifications/`            paginated; `?unread=true` for the unread only
- `GET  /api/notifications/{id}/`
- `POST /api/notifications/{id}/read/`  `{"read": true}` (default) or `false` to mark it unread
- `POST /api/notifications/read-all/`   marks every unread one read; answers how many
- `GET|PUT /api/notifications/preferences/`  `{"email": "instant"|"digest"|"off", "chat": ...}`

Nobody sees another user's notifications: the queryset is the caller's own. API keys (the CMS)
have no inbox and cannot reach these views.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.notifications import services
from claims.notifications.models import Mode, Notification, NotificationPreference
from factcheck.api.pagination import SmallPagination
from factcheck.api.params import ID_REGEX
from factcheck.api.permissions import NewsroomOrApiKey


class NotificationSerializer(serializers.ModelSerializer[Notification]):
    read = serializers.BooleanField(source="is_read", read_only=True)
    claim_text = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "claim", "claim_text", "text", "created_at", "read", "read_at"]
        read_only_fields = fields

    def get_claim_text(self, obj: Notification) -> str | None:
        return obj.claim.text if obj.claim_id is not None and obj.claim else None


class ReadSerializer(serializers.Serializer[Any]):
    read = serializers.BooleanField(default=True)


class PreferenceSerializer(serializers.ModelSerializer[NotificationPreference]):
    email = serializers.ChoiceField(choices=Mode.choices)
    chat = serializers.ChoiceField(choices=Mode.choices)

    class Meta:
        model = NotificationPreference
        fields = ["email", "chat"]


class UnreadFilterSerializer(serializers.Serializer[Any]):
    unread = serializers.BooleanField(required=False, default=False)


class NotificationViewSet(viewsets.ReadOnlyModelViewSet[Notification]):
    """Your notifications, newest first (`?unread=true`: only the unread)."""

    permission_classes = [NewsroomOrApiKey]
    serializer_class = NotificationSerializer
    pagination_class = SmallPagination
    lookup_value_regex = ID_REGEX
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[Notification]:
        qs = services.inbox(self.request.user).select_related("claim")
        if self.action == "list":
            params = UnreadFilterSerializer(data=self.request.query_params)
            params.is_valid(raise_exception=True)
            if params.validated_data["unread"]:
                qs = qs.filter(read_at__isnull=True)
        return qs.defer("claim__search_vector")

    @extend_schema(request=ReadSerializer, responses={200: NotificationSerializer})
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str) -> Response:
        body = ReadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        n = services.notification_mark_read(
            user=request.user, notification_id=int(pk), read=body.validated_data["read"]
        )
        return Response(NotificationSerializer(n).data)

    @extend_schema(
        request=None,
        responses={200: inline_serializer("ReadAll", {"marked_read": serializers.IntegerField()})},
    )
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request: Request) -> Response:
        return Response({"marked_read": services.notifications_mark_read(user=request.user)})


class NotificationPreferenceView(APIView):
    """How you hear about events beyond the bell: per channel, instant, daily digest or off."""

    permission_classes = [NewsroomOrApiKey]

    @extend_schema(responses={200: PreferenceSerializer})
    def get(self, request: Request) -> Response:
        return Response(PreferenceSerializer(services.preference_get(request.user)).data)

    @extend_schema(request=PreferenceSerializer, responses={200: PreferenceSerializer})
    def put(self, request: Request) -> Response:
        body = PreferenceSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        pref = services.preference_set(user=request.user, **body.validated_data)
        return Response(PreferenceSerializer(pref).data)
