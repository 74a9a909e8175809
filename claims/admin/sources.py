"""Evidence sources in the admin: each source's check status (the claim page's evidence inline and
the evidence list), the stored snapshots, the "Re-check sources" action, and "Sources to look at":
published verdicts whose sources changed or vanished, with the snapshot to fall back on
(docs/evidence.md)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from claims.models import Evidence, EvidenceSnapshot, SourceStatus
from claims.roles import is_editor, is_reviewer
from claims.services.sources import source_recheck, sources_to_look_at
from factcheck.admin_readonly import ReadOnlyAdminMixin

LOOK_AT = "look"
# Statuses shown as a warning (the source no longer backs the verdict as cited).
WARN = {SourceStatus.PAGE_CHANGED, SourceStatus.PAGE_GONE, SourceStatus.NOT_FOUND}


def source_check_html(obj: Evidence) -> str | SafeString:
    """The source's check status, when it was made, and a link to the stored snapshot. Reads
    only the evidence row's own columns (no query per source)."""
    if obj.pk is None:
        return "—"
    label = obj.get_snapshot_status_display()
    css = "fc-source-warn" if obj.snapshot_status in WARN else "fc-source-ok"
    if obj.checked_at is None:
        return format_html('<span class="fc-source {}">{}</span>', css, label)
    when = timezone.localtime(obj.checked_at).strftime("%Y-%m-%d %H:%M")
    if obj.latest_snapshot_id is None:
        return format_html('<span class="fc-source {}">{}</span> ({})', css, label, when)
    return format_html(
        '<span class="fc-source {}">{}</span> (<a href="{}">snapshot of {}</a>)',
        css,
        label,
        reverse("admin:claims_evidencesnapshot_change", args=[obj.latest_snapshot_id]),
        when,
    )


class SourcesToLookAtFilter(admin.SimpleListFilter):
    title = "sources to look at"
    parameter_name = LOOK_AT

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("published", "Published verdicts: source changed, gone or quote missing")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "published":
            return queryset.filter(sources_to_look_at())
        return queryset


def with_fallback_snapshot(queryset: QuerySet[Evidence]) -> QuerySet[Evidence]:
    """Annotate `fallback_snapshot_id`: the latest snapshot in which the quote was found (the
    page as it backed the verdict), else the latest with any text. One query for the page."""
    snapshots = EvidenceSnapshot.objects.filter(evidence_id=OuterRef("pk")).order_by(
        "-fetched_at", "-id"
    )
    return queryset.annotate(
        fallback_snapshot_id=Coalesce(
            Subquery(snapshots.filter(quote_status=SourceStatus.FOUND).values("id")[:1]),
            Subquery(snapshots.exclude(text="").values("id")[:1]),
        )
    )


class SourceAdminMixin:
    """Columns, filters and the re-check action for the evidence list (claims/admin/records.py)."""

    @admin.display(description="source check", ordering="snapshot_status")
    def source_check(self, obj: Evidence) -> str | SafeString:
        return source_check_html(obj)

    @admin.display(description="verdict")
    def verdict(self, obj: Evidence) -> str:
        claim = obj.claim
        if claim.status != "published":
            return claim.get_status_display()
        return f"Published: {claim.rating}" if claim.rating_id else "Published"

    @admin.display(description="to fall back on")
    def fallback(self, obj: Evidence) -> str | SafeString:
        pk = getattr(obj, "fallback_snapshot_id", None)
        if pk is None:
            return "—"
        return format_html(
            '<a href="{}">stored text</a>',
            reverse("admin:claims_evidencesnapshot_change", args=[pk]),
        )

    @admin.action(description="Re-check the selected sources")
    def recheck_sources(self, request: HttpRequest, queryset: QuerySet[Evidence]) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        n = source_recheck(evidence_ids=ids, actor=request.user)
        self.message_user(  # type: ignore[attr-defined]
            request,
            f"Re-check queued for {n} source{'s' if n != 1 else ''}; the status changes once "
            "each page has been fetched.",
            messages.SUCCESS,
        )

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions: dict[str, Any] = super().get_actions(request)  # type: ignore[misc]
        if not (is_editor(request.user) or is_reviewer(request.user)):
            actions.pop("recheck_sources", None)
        return actions


@admin.register(EvidenceSnapshot)
class EvidenceSnapshotAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """A stored copy of a source: what was fetched, its main text, what the check found."""

    list_display = ["evidence", "fetched_at", "quote_status", "http_status", "content_type", "size"]
    list_select_related = ["evidence"]
    list_filter = ["quote_status"]
    show_full_result_count = False
    fields = [
        "evidence_link",
        "fetched_at",
        "quote_status",
        "quote_score",
        "error",
        "requested_url",
        "final_url",
        "http_status",
        "content_type",
        "size",
        "truncated",
        "content_hash",
        "text",
    ]
    readonly_fields = [str(name) for name in fields]

    @admin.display(description="evidence")
    def evidence_link(self, obj: EvidenceSnapshot) -> SafeString:
        return format_html(
            '<a href="{}">{}</a> (claim <a href="{}">#{}</a>)',
            obj.evidence.url,
            obj.evidence,
            reverse("admin:claims_claim_change", args=[obj.evidence.claim_id]),
            obj.evidence.claim_id,
        )

    def get_queryset(self, request: HttpRequest) -> QuerySet[EvidenceSnapshot]:
        return super().get_queryset(request).defer("body")

    # Whoever may see the sources may see their snapshots (the roles grant evidence rights).
    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("claims.view_evidence")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("claims.view_evidence")
