from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from cms import services
from cms.models import ApiKey, WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "prefix",
        "scope",
        "created_by",
        "created_at",
        "last_used_at",
        "revoked",
    ]
    list_filter = ["scope", "revoked"]
    list_select_related = ["created_by"]
    search_fields = ["name", "prefix"]
    readonly_fields = ["prefix", "created_by", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["name", "scope"]
        return ["name", "scope", "revoked", *self.readonly_fields]

    def save_model(self, request: HttpRequest, obj: ApiKey, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        key, raw = services.api_key_create(name=obj.name, scope=obj.scope, created_by=request.user)
        obj.pk = key.pk
        obj.__dict__.update({f.attname: getattr(key, f.attname) for f in key._meta.concrete_fields})
        messages.warning(
            request,
            f"The key for {key.name} is {raw} — copy it now: it is stored hashed and will not "
            "be shown again. Send it as `Authorization: Api-Key <key>`.",
        )

    @admin.action(description="Revoke selected keys")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiKey]) -> None:
        for key in queryset:
            services.api_key_revoke(api_key=key)
        self.message_user(request, f"Revoked {queryset.count()} key(s).")


class WebhookEndpointForm(forms.ModelForm):
    url = forms.URLField(max_length=2000, assume_scheme="https")
    events = forms.MultipleChoiceField(
        choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["name", "url", "secret", "events", "active"]


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    form = WebhookEndpointForm
    list_display = ["name", "url", "active", "created_at"]
    list_filter = ["active"]
    search_fields = ["name", "url"]


class WebhookAttemptInline(admin.TabularInline):
    model = WebhookAttempt
    extra = 0
    can_delete = False
    fields = [
        "attempted_at",
        "finished_at",
        "status_code",
        "duration_ms",
        "error",
        "response_excerpt",
    ]
    readonly_fields = fields  # type: ignore[assignment]  # the same names, all read-only

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "event_type",
        "publication_event",
        "endpoint",
        "status",
        "attempt_count",
        "last_attempt_at",
        "next_attempt_at",
        "delivered_at",
    ]
    list_filter = ["status", "event_type", "endpoint"]
    list_select_related = ["endpoint", "publication_event"]
    raw_id_fields = ["publication_event"]
    readonly_fields = [
        "endpoint",
        "publication_event",
        "event_type",
        "status",
        "attempt_count",
        "next_attempt_at",
        "last_attempt_at",
        "delivered_at",
        "created_at",
    ]
    inlines = [WebhookAttemptInline]
    actions = ["redeliver"]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Redeliver now")
    def redeliver(self, request: HttpRequest, queryset: QuerySet[WebhookDelivery]) -> None:
        count = 0
        for delivery in queryset:
            services.webhook_delivery_redeliver(delivery=delivery)
            count += 1
        self.message_user(request, f"Queued {count} delivery(ies) for redelivery.")
