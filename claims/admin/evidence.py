"""The claim page's evidence inline: rows are added and removed through the services, never
edited in place (ClaimPageMixin.save_formset)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Field, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from claims import workflow
from claims.admin.sources import source_check_html
from claims.models import Claim, Evidence


class EvidenceInline(admin.TabularInline):
    model = Evidence
    fk_name = "claim"
    extra = 1
    verbose_name = "evidence source"
    verbose_name_plural = "evidence"
    empty_value_display = "—"
    fields = ["url", "title", "publisher", "quote", "stance", "credit", "added", "source_check"]
    readonly_fields = ["credit", "added", "source_check"]

    @admin.display(description="source check")
    def source_check(self, obj: Evidence) -> str | SafeString:
        """Whether the quote is still on the page, from the last check (claims.services.sources)."""
        return source_check_html(obj)

    @admin.display(description="added by")
    def credit(self, obj: Evidence) -> str | SafeString:
        """Who cited the source; for one copied with a matched claim's verdict, who cited it
        there, and a link to that claim."""
        who = obj.added_by.get_username() if obj.added_by_id and obj.added_by else "—"
        if obj.copied_from_id is None:
            return who
        return format_html(
            '{}<div class="fc-muted fc-copied-from">from <a href="{}">claim #{}</a></div>',
            who,
            reverse("admin:claims_claim_change", args=[obj.copied_from_id]),
            obj.copied_from_id,
        )

    @admin.display(description="added")
    def added(self, obj: Evidence) -> str:
        if obj.pk is None or obj.created_at is None:
            return "—"
        return timezone.localtime(obj.created_at).strftime("%Y-%m-%d %H:%M")

    def formfield_for_dbfield(
        self, db_field: Field[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.Field | None:
        if db_field.name == "quote":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 24})
        if db_field.name == "url":
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Evidence]:
        return super().get_queryset(request).select_related("added_by")

    def has_change_permission(self, request: HttpRequest, obj: Claim | None = None) -> bool:
        return False

    def _may_edit(self, request: HttpRequest, obj: Claim | None) -> bool:
        return obj is not None and workflow.edit_refusal(request.user, obj) is None

    def has_add_permission(self, request: HttpRequest, obj: Claim | None = None) -> bool:
        return self._may_edit(request, obj) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Claim | None = None) -> bool:
        return self._may_edit(request, obj) and super().has_delete_permission(request, obj)
