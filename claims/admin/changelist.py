"""The claim list: its columns, its ordering per view, and bad input answered with a page."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import F
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import SafeString

from claims.admin.base import ModelAdminMixin
from claims.admin.display import figure_label, shortened, status_badge
from claims.admin.queues import ClaimChangeList, current_view, view_title
from claims.models import AnchorStatus, Annotation, Claim, ClaimStatus, ConsistencyFlag


class ClaimChangelistMixin(ModelAdminMixin):
    def get_ordering(self, request: HttpRequest) -> list[Any]:
        match = request.resolver_match
        if match and (match.url_name or "").endswith("changelist"):
            view = current_view(request)
            if view == "mine":
                return [F("due_date").asc(nulls_last=True), "-checkworthiness", "-id"]
            if view == "review":
                return ["updated_at", "id"]
        return ["-checkworthiness", "-id"]

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ClaimChangeList]:
        return ClaimChangeList

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # Bad input is answered with a page, never a 500: PostgreSQL refuses NUL characters in
        # text parameters (posted ids: ClaimActionsMixin).
        if any("\x00" in k + "".join(v) for k, v in request.GET.lists()):
            cleaned = [
                (k.replace("\x00", ""), x.replace("\x00", ""))
                for k, v in request.GET.lists()
                for x in v
            ]
            return HttpResponseRedirect(f"{request.path}?{urlencode(cleaned)}")
        extra_context = {"title": view_title(request), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    @admin.display(description="claim", ordering="text")
    def claim(self, obj: Claim) -> SafeString:
        text = shortened(obj.text, 160)
        flag = ""
        if obj.consistency_flag == ConsistencyFlag.INCONSISTENT:
            flag = format_html(' <span class="fc-flag">{}</span>', "⚠ inconsistent figures")
        return format_html(
            '{}{}<div class="fc-muted">{}</div>',
            text,
            flag,
            obj.article.outlet or shortened(obj.article.title, 120),
        )

    @admin.display(description="")
    def markers(self, obj: Claim) -> SafeString | str:
        """Sent back (with the reviewer's note) and the prior verdict of a matching published
        claim (claims.admin.queues.with_queue_markers)."""
        parts = []
        note = getattr(obj, "fc_last_return_note", None)
        if obj.status == ClaimStatus.IN_PROGRESS and (
            getattr(obj, "fc_last_return_kind", None) == Annotation.Kind.SEND_BACK
        ):
            parts.append(
                format_html(
                    '<span class="fc-badge fc-sent-back" title="{}">↩ sent back</span>',
                    note or "",
                )
            )
        if obj.anchor_status != AnchorStatus.CURRENT:
            # A revision of the article rewrote or removed the claim's sentence.
            parts.append(
                format_html(
                    '<span class="fc-badge fc-anchor-{}" title="Now: {}">{} {}</span>',
                    obj.anchor_status,
                    obj.anchor_new_sentence or "(gone from the article)",
                    "⚠" if obj.anchor_changed_at else "",
                    obj.get_anchor_status_display().lower(),
                )
            )
        prior = getattr(obj, "fc_prior_claim", None)
        if prior is not None:
            parts.append(
                format_html(
                    '<a class="fc-badge fc-matches-published" href="{}">matches published #{}: '
                    "{}</a>",
                    reverse("admin:claims_claim_change", args=[prior]),
                    prior,
                    getattr(obj, "fc_prior_verdict", None) or "no rating",
                )
            )
        return format_html_join(" ", "{}", ((p,) for p in parts)) if parts else ""

    @admin.display(description="figures")
    def figures(self, obj: Claim) -> str:
        return ", ".join(figure_label(q) for q in obj.quantities[:4] if isinstance(q, dict)) or "—"

    @admin.display(description="score", ordering="checkworthiness")
    def score(self, obj: Claim) -> str:
        return f"{obj.checkworthiness:.2f}"

    @admin.display(description="status", ordering="status")
    def status_badge(self, obj: Claim) -> SafeString:
        return status_badge(obj.status)

    @admin.display(description="due", ordering="due_date")
    def due(self, obj: Claim) -> str | SafeString:
        if obj.due_date is None:
            return "—"
        overdue = (
            obj.status
            in (
                ClaimStatus.ASSIGNED,
                ClaimStatus.IN_PROGRESS,
                ClaimStatus.IN_REVIEW,
            )
            and obj.due_date < timezone.localdate()
        )
        if overdue:
            return format_html('<span class="fc-overdue">{} (overdue)</span>', obj.due_date)
        return str(obj.due_date)
