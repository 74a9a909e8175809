"""The claim admin, composed of one mixin per concern: the list and its views, the bulk actions,
the claim page, its workflow endpoints, and the matching panel.

Every write goes through `claims.services.workflow`; which steps a user may take comes from the
transition table in `claims.workflow`. The admin only shows what the table allows and reports the
services' refusals as messages, never as errors.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from claims.admin.actions import ClaimActionsMixin
from claims.admin.changelist import ClaimChangelistMixin
from claims.admin.claimants import ClaimEditingMixin
from claims.admin.evidence import EvidenceInline
from claims.admin.forms import ClaimForm
from claims.admin.matching import ClaimMatchingAdminMixin
from claims.admin.page import ClaimPageMixin
from claims.admin.queues import (
    AssigneeFilter,
    MatchesPublishedFilter,
    OutletFilter,
    OverdueFilter,
    RevisedArticleFilter,
    SentBackFilter,
    TagFilter,
    ViewFilter,
)
from claims.admin.tags import ClaimTagsMixin
from claims.admin.transitions import ClaimTransitionsMixin
from claims.models import Claim


@admin.register(Claim)
class ClaimAdmin(
    ClaimChangelistMixin,
    ClaimActionsMixin,
    ClaimTagsMixin,
    ClaimEditingMixin,
    ClaimPageMixin,
    ClaimTransitionsMixin,
    ClaimMatchingAdminMixin,
    admin.ModelAdmin,
):
    form = ClaimForm
    list_display = ["claim", "figures", "score", "status_badge", "assignee", "due", "markers"]
    list_display_links = ["claim"]
    list_filter = [
        ViewFilter,
        "status",
        "claim_type",
        AssigneeFilter,
        "rating",
        OutletFilter,
        ("article__published_at", admin.DateFieldListFilter),
        ("created_at", admin.DateFieldListFilter),
        OverdueFilter,
        "consistency_flag",
        SentBackFilter,
        RevisedArticleFilter,
        MatchesPublishedFilter,
        TagFilter,
    ]
    search_fields = ["text", "article__title"]
    search_help_text = "Search the claim text and the article title."
    list_select_related = ["article", "assignee"]
    show_full_result_count = False
    list_per_page = 100
    empty_value_display = "—"
    inlines = [EvidenceInline]
    actions = [
        "assign_to",
        "dismiss_with_reason",
        "set_due_date",
        "rerun_extraction",
        "split_claim",
        "merge_claims",
    ]

    class Media:
        css = {"all": ["claims/admin.css"]}

    # -- permissions ------------------------------------------------------------------------

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # from extraction, or by hand from the article page (text selected)

    def has_delete_permission(self, request: HttpRequest, obj: Claim | None = None) -> bool:
        return False  # dismiss instead; history and the CMS export depend on the row
