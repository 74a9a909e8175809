"""API keys for the CMS, idempotency keys for POSTs, and signed webhook deliveries."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q

from factcheck.outbound import validate_outbound_url


class ApiKey(models.Model):
    """A credential for a machine (the CMS). Only a SHA-256 of the key is stored; the key itself is
    shown once, when created. `prefix` (the first characters) identifies a key in lists and logs."""

    class Scope(models.TextChoices):
        EXPORT = "export", "Read-only export (ClaimReview feed and published claims)"

    name = models.CharField(max_length=200)
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    scope = models.CharField(max_length=16, choices=Scope.choices, default=Scope.EXPORT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked = models.BooleanField(default=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "API key"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(scope__in=["export"]), name="apikey_scope_valid")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class IdempotencyKey(models.Model):
    """The first response to a POST sent with an `Idempotency-Key` header, replayed on retries.

    The unique constraint (caller, key) is the lock: of two concurrent requests with the same key
    only one inserts the row and runs; the other sees it in progress (409), done (replay), or
    made for another method, path or body (422)."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    owner = models.CharField(max_length=40, help_text='"user:<id>" or "apikey:<id>".')
    key = models.CharField(max_length=255)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=2000)
    request_hash = models.CharField(max_length=64)
    status = models.CharField(max_length=12, choices=Status.choices)
    response_status = models.PositiveSmallIntegerField(null=True)
    response_headers = models.JSONField(default=dict)
    response_body = models.BinaryField(default=b"")
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        constraints = [
            # One key names one request: reusing it on another path is refused (422).
            models.UniqueConstraint(fields=["owner", "key"], name="idempotency_unique_key"),
            models.CheckConstraint(
                condition=Q(status__in=["in_progress", "done"]), name="idempotency_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["expires_at"], name="idempotency_expires_idx")]

    def __str__(self) -> str:
        return f"{self.method} {self.path} [{self.key}]"


class WebhookEvent(models.TextChoices):
    PUBLISHED = "claim.published", "claim.published"
    CORRECTED = "claim.corrected", "claim.corrected (the older name of claimreview.corrected)"
    UNPUBLISHED = "claim.unpublished", "claim.unpublished"
    # A published verdict corrected (a correction on the published claim, or a claim reopened
    # and published again). The same events as claim.corrected: an endpoint subscribed to
    # either gets one delivery per correction, under this name when it subscribed to it.
    CLAIMREVIEW_CORRECTED = "claimreview.corrected", "claimreview.corrected"


def _all_events() -> list[str]:
    return list(WebhookEvent.values)


class WebhookEndpoint(models.Model):
    """A CMS receiving signed deliveries (Standard Webhooks). The secret (`whsec_<base64>`) is
    generated on creation and shown once; after a rotation the previous secret also signs until
    `previous_secret_expires_at`, so the receiver can switch without missing a delivery."""

    name = models.CharField(max_length=200)
    # Checked by the outbound guard when saved (here and in forms) and again on every call.
    url = models.URLField(max_length=2000, validators=[validate_outbound_url])
    secret = models.CharField(
        max_length=300,
        editable=False,
        help_text="Signing secret, whsec_<base64> (Standard Webhooks); generated, shown once.",
    )
    previous_secret = models.CharField(max_length=300, blank=True, editable=False)
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    events = ArrayField(
        models.CharField(max_length=32, choices=WebhookEvent.choices), default=_all_events
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class WebhookDelivery(models.Model):
    """One publication event to one endpoint. Created in the transaction that writes the
    PublicationEvent, so a committed event always has its deliveries (at-least-once)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed (gave up)"

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    publication_event = models.ForeignKey(
        "claims.PublicationEvent", on_delete=models.CASCADE, related_name="webhook_deliveries"
    )
    event_type = models.CharField(max_length=32, choices=WebhookEvent.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempt_count = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    # Set while an attempt is in flight (and next_attempt_at is then the lease's expiry): only
    # the attempt holding it may record the delivery's outcome.
    lease_token = models.UUIDField(null=True, blank=True, editable=False)
    # When the sweep last sent this delivery's task: it sends it again only once that is older
    # than FACTCHECK_WEBHOOK_RESWEEP_SECONDS, so a backlog in the queue is not multiplied.
    swept_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "webhook deliveries"
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "publication_event"], name="webhookdelivery_unique"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "succeeded", "failed"]),
                name="webhookdelivery_status_valid",
            ),
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="pending"),
                name="webhookdelivery_due_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_type} #{self.publication_event_id} → {self.endpoint}"


class WebhookAttempt(models.Model):
    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempts")
    attempted_at = models.DateTimeField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    response_excerpt = models.TextField(blank=True)
    # Null while in flight, and for good if the worker died before recording the outcome.
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["delivery", "id"], name="webhookattempt_delivery_idx")]

    def __str__(self) -> str:
        return f"{self.status_code or self.error[:40]} at {self.attempted_at:%Y-%m-%d %H:%M:%S}"
