"""The claim page's evidence inline: rows are added and removed through the services, never
edited in place (ClaimPageMixin.save_formset)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Field, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from claims import workflow
from claims.models import Claim, Evidence


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 1
    verbose_name = "evidence source"
    verbose_name_plural = "evidence"
    empty_value_display = "—"
    fields = ["url", "title", "publisher", "quote", "stance", "added_by", "added"]
    readonly_fields = ["added_by", "added"]

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
