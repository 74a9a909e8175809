"""The claims layer's reference data and records.

The rating scale is data (Admin role: add/change/delete; everyone else: view). Evidence and
annotations are edited on the claim page, through the services, so their own pages are read-only.
"""

from __future__ import annotations

from django.contrib import admin

from claims.models import Annotation, ClaimGroup, Evidence, Rating
from factcheck.admin_readonly import ReadOnlyAdminMixin


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["label", "claimreview_value", "order", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["label"]
    fields = ["label", "claimreview_value", "order", "description", "is_active"]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "url", "stance", "claim", "added_by", "created_at"]
    list_select_related = ["claim", "added_by"]
    search_fields = ["title", "url", "publisher"]
    show_full_result_count = False


@admin.register(Annotation)
class AnnotationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["body", "kind", "claim", "author", "created_at"]
    list_select_related = ["claim", "author"]
    list_filter = ["kind"]
    show_full_result_count = False


@admin.register(ClaimGroup)
class ClaimGroupAdmin(admin.ModelAdmin):
    list_display = ["id", "created_at"]
