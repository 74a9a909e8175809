"""The claims layer's reference data and records.

The rating scale is data (Admin role: add/change/delete; everyone else: view). Evidence and
annotations are edited on the claim page, through the services, so their own pages are read-only.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from claims.admin.sources import SourceAdminMixin, SourcesToLookAtFilter, with_fallback_snapshot
from claims.models import Annotation, ClaimGroup, Evidence, Rating
from factcheck.admin_readonly import ReadOnlyAdminMixin


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["label", "claimreview_value", "order", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["label"]
    fields = ["label", "claimreview_value", "order", "description", "is_active"]


@admin.register(Evidence)
class EvidenceAdmin(SourceAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Every source, with its check status; filtered to "sources to look at" it is the link-rot
    report: published verdicts whose sources changed or vanished (claims/admin/sources.py)."""

    list_display = [
        "title",
        "url",
        "stance",
        "claim",
        "verdict",
        "source_check",
        "fallback",
        "added_by",
        "created_at",
    ]
    list_select_related = ["claim__rating", "added_by"]
    list_filter = [SourcesToLookAtFilter, "snapshot_status"]
    search_fields = ["title", "url", "publisher"]
    show_full_result_count = False
    actions = ["recheck_sources"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Evidence]:
        qs = super().get_queryset(request).defer("claim__search_vector")
        return with_fallback_snapshot(qs)


@admin.register(Annotation)
class AnnotationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["body", "kind", "claim", "author", "created_at"]
    list_select_related = ["claim", "author"]
    list_filter = ["kind"]
    show_full_result_count = False


@admin.register(ClaimGroup)
class ClaimGroupAdmin(admin.ModelAdmin):
    list_display = ["id", "created_at"]
