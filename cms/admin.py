from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from cms import services
from cms.models import ApiKey, WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent
from factcheck.admin_readonly import ReadOnlyAdminMixin
from factcheck.outbound import validate_outbound_url


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
    # The outbound guard checks the URL (model validator); an internal address is refused here.
    url = forms.URLField(
        max_length=2000,
        assume_scheme="https",
        validators=[validate_outbound_url],
        help_text="Public http(s) URL of the receiver. Internal addresses are refused unless "
        "named in OUTBOUND_ALLOWED_HOSTS.",
    )
    events = forms.MultipleChoiceField(
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=lambda: list(WebhookEvent.values),  # a new endpoint: every event, as the model
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["name", "url", "events", "active"]


def _masked(secret: str) -> str:
    return f"{secret[:10]}…" if secret else "—"


def _result_text(result: services.SendResult) -> str:
    answer = f"HTTP {result.status_code}" if result.status_code is not None else "no answer"
    text = f"{answer} in {result.duration_ms} ms"
    if result.error:
        text += f": {result.error}"
    if result.excerpt:
        text += f". Response: {result.excerpt[:200]}"
    return text


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    form = WebhookEndpointForm
    list_display = ["name", "url", "active", "created_at"]
    list_filter = ["active"]
    search_fields = ["name", "url"]
    readonly_fields = ["secret_shown", "previous_secret_until", "created_at"]
    actions = ["send_test_event", "rotate_secret"]
    change_form_template = "admin/cms/webhookendpoint/change_form.html"

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["name", "url", "events", "active"]
        return ["name", "url", "events", "active", *self.readonly_fields]

    @admin.display(description="Secret")
    def secret_shown(self, obj: WebhookEndpoint) -> str:
        return _masked(obj.secret)

    @admin.display(description="Previous secret signs until")
    def previous_secret_until(self, obj: WebhookEndpoint) -> str:
        live = services.webhook_signing_secrets(obj)
        if len(live) < 2 or obj.previous_secret_expires_at is None:
            return "—"
        until = obj.previous_secret_expires_at
        return f"{_masked(obj.previous_secret)} until {until:%Y-%m-%d %H:%M %Z}"

    def save_model(
        self, request: HttpRequest, obj: WebhookEndpoint, form: Any, change: bool
    ) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        endpoint, secret = services.webhook_endpoint_create(
            name=obj.name, url=obj.url, events=list(obj.events), active=obj.active
        )
        obj.pk = endpoint.pk
        obj.__dict__.update(
            {f.attname: getattr(endpoint, f.attname) for f in endpoint._meta.concrete_fields}
        )
        messages.warning(
            request,
            f"The signing secret for {endpoint.name} is {secret} — copy it into the receiver "
            "now: it will not be shown again in full (Standard Webhooks; rotate it to get a "
            "new one).",
        )

    def response_change(self, request: HttpRequest, obj: WebhookEndpoint) -> HttpResponse:
        for name, action in (("_send_test", self._send_test), ("_rotate", self._rotate)):
            if name in request.POST:
                action(request, obj)
                return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def _send_test(self, request: HttpRequest, endpoint: WebhookEndpoint) -> None:
        result = services.webhook_endpoint_test(endpoint=endpoint)
        level = messages.ERROR if result.error else messages.SUCCESS
        outcome = "failed" if result.error else "delivered"
        self.message_user(
            request, f"Test event to {endpoint.name} {outcome}: {_result_text(result)}", level
        )

    def _rotate(self, request: HttpRequest, endpoint: WebhookEndpoint) -> None:
        secret = services.webhook_endpoint_rotate_secret(endpoint=endpoint)
        until = endpoint.previous_secret_expires_at
        messages.warning(
            request,
            f"The new signing secret for {endpoint.name} is {secret} — copy it now: it will "
            f"not be shown again in full. Until {until:%Y-%m-%d %H:%M %Z} deliveries are signed "
            "with both the new and the old secret.",
        )

    @admin.action(description="Send a test event (webhook.test)")
    def send_test_event(self, request: HttpRequest, queryset: QuerySet[WebhookEndpoint]) -> None:
        for endpoint in queryset:
            self._send_test(request, endpoint)

    @admin.action(description="Rotate the signing secret (the old one signs during the overlap)")
    def rotate_secret(self, request: HttpRequest, queryset: QuerySet[WebhookEndpoint]) -> None:
        for endpoint in queryset:
            self._rotate(request, endpoint)


class WebhookAttemptInline(ReadOnlyAdminMixin, admin.TabularInline):
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


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The delivery log: read-only (written by the delivery service); "Redeliver now" is the
    one thing an admin does here."""

    list_display = [
        "id",
        "event_type",
        "publication_event",
        "endpoint",
        "status",
        "attempt_count",
        "last_attempt_at",
        "next_attempt",
        "delivered_at",
    ]
    list_filter = ["status", "event_type", "endpoint"]
    list_select_related = ["endpoint", "publication_event"]
    fields = [
        "endpoint",
        "publication_event",
        "event_type",
        "status",
        "attempt_count",
        "next_attempt",
        "last_attempt_at",
        "delivered_at",
        "created_at",
    ]
    readonly_fields = fields  # type: ignore[assignment]  # the same names, all read-only
    inlines = [WebhookAttemptInline]
    actions = ["redeliver"]
    show_full_result_count = False

    @admin.display(description="Next attempt", ordering="next_attempt_at")
    def next_attempt(self, obj: WebhookDelivery) -> Any:
        # Only a pending delivery has one; on a finished one the column would be a stale time.
        if obj.status != WebhookDelivery.Status.PENDING:
            return "—"
        return obj.next_attempt_at

    @admin.action(description="Redeliver now", permissions=["redeliver"])
    def redeliver(self, request: HttpRequest, queryset: QuerySet[WebhookDelivery]) -> None:
        count = 0
        for delivery in queryset:
            services.webhook_delivery_redeliver(delivery=delivery)
            count += 1
        self.message_user(request, f"Queued {count} delivery(ies) for redelivery.")

    def has_redeliver_permission(self, request: HttpRequest) -> bool:
        # Redelivering is an operation on the log, not an edit of it: whoever may manage the
        # endpoints may send again.
        return request.user.has_perm("cms.change_webhookendpoint")
