"""Notification rows and each user's delivery preferences."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class NotificationKind(models.TextChoices):
    ASSIGNED = "assigned", "Assigned to you"
    SENT_BACK = "sent_back", "Sent back to you"
    DUE_TOMORROW = "due_tomorrow", "Due tomorrow"
    OVERDUE = "overdue", "Overdue"
    PUBLISHED = "published", "Published"
    MATCHED = "matched", "Matched to a new article"
    ARTICLE_CHANGED = "article_changed", "Its article changed"


class Mode(models.TextChoices):
    INSTANT = "instant", "Instantly"
    DIGEST = "digest", "Daily digest"
    OFF = "off", "Off"


class Notification(models.Model):
    """One event told to one user. In-app it is shown at once; email and chat are sent by Celery
    (`*_handled_at` record that it went out, so a second run sends nothing)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=16, choices=NotificationKind.choices)
    claim = models.ForeignKey(
        "claims.Claim", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    text = models.TextField()
    # What makes the event one event ("assigned:<claim>:<version>"): unique per recipient, so a
    # service or task that runs twice writes one notification.
    key = models.CharField(max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # When each channel was dealt with: sent, or nothing to send (off, no address, no webhook).
    email_handled_at = models.DateTimeField(null=True, blank=True)
    chat_handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_unique_event"),
            models.CheckConstraint(
                condition=Q(kind__in=NotificationKind.values), name="notification_kind_valid"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="notification_has_text"),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_inbox_idx"),
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notification_unread_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """How one user wants to hear: per channel, instantly, in a daily digest, or not at all.
    No row means the defaults (email instantly, chat instantly)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email = models.CharField(
        max_length=8,
        choices=Mode.choices,
        default=Mode.INSTANT,
        help_text="Email to the address on your account.",
    )
    chat = models.CharField(
        max_length=8,
        choices=Mode.choices,
        default=Mode.INSTANT,
        help_text="A message in your desk's chat channel (when the desk has a webhook).",
    )
    last_digest_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(email__in=Mode.values) & Q(chat__in=Mode.values),
                name="notificationpreference_mode_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user}: email {self.email}, chat {self.chat}"
