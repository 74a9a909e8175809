"""Tags, desks' checklists and the ticks on a claim."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from factcheck.outbound import validate_outbound_url


class TagKind(models.TextChoices):
    TOPIC = "topic", "Topic"
    DESK = "desk", "Desk"
    ELECTION = "election", "Election"


class Tag(models.Model):
    kind = models.CharField(max_length=10, choices=TagKind.choices, default=TagKind.TOPIC)
    name = models.CharField(max_length=100)
    claims = models.ManyToManyField("claims.Claim", blank=True, related_name="tags")
    chat_webhook_url = models.URLField(
        max_length=500,
        blank=True,
        validators=[validate_outbound_url],
        help_text="Desks only: a Slack-compatible incoming webhook; notifications about the "
        'desk\'s claims are posted there as {"text": ...}.',
    )

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), "kind", name="tag_unique_name_per_kind"),
            models.CheckConstraint(condition=~Q(name=""), name="tag_has_name"),
            models.CheckConstraint(condition=Q(kind__in=TagKind.values), name="tag_kind_valid"),
            models.CheckConstraint(
                condition=Q(kind=TagKind.DESK) | Q(chat_webhook_url=""),
                name="tag_webhook_only_on_desks",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"


class ChecklistItem(models.Model):
    """One thing a claim of the desk must have done before it is submitted for review."""

    desk = models.ForeignKey(
        Tag,
        on_delete=models.CASCADE,
        related_name="checklist_items",
        limit_choices_to={"kind": TagKind.DESK},
    )
    text = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["desk", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["desk", "text"], name="checklistitem_unique_text"),
            models.CheckConstraint(condition=~Q(text=""), name="checklistitem_has_text"),
        ]

    def __str__(self) -> str:
        return self.text


class ChecklistTick(models.Model):
    claim = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="ticks")
    item = models.ForeignKey(ChecklistItem, on_delete=models.CASCADE, related_name="ticks")
    ticked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    ticked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["claim", "item"], name="checklisttick_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item} on #{self.claim_id}"
