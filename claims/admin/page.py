"""The claim page: the claim in context, its workflow panel, the verdict form and the evidence
inline, saved through the services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from claims import workflow
from claims.admin.base import ClaimLookupMixin
from claims.admin.display import claim_in_paragraph, figure_label, status_badge
from claims.models import Claim, Evidence
from claims.roles import is_reviewer
from claims.selectors import assignable_users, claim_history
from claims.services.workflow import (
    TransitionRefused,
    WorkflowError,
    claim_update,
    evidence_add,
    evidence_remove,
    missing_for_review,
)


class ClaimPageMixin(ClaimLookupMixin):
    def get_queryset(self, request: HttpRequest) -> QuerySet[Claim]:
        return super().get_queryset(request).select_related("article", "assignee", "rating")

    def get_form(
        self, request: HttpRequest, obj: Claim | None = None, change: bool = False, **kwargs: Any
    ) -> type[ModelForm[Claim]]:
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"request": request})

    def get_fieldsets(self, request: HttpRequest, obj: Claim | None = None) -> list[Any]:
        # Status, assignee and dismiss reason are shown in the workflow panel above the form; the
        # form keeps only what may be edited here (the due date, for reviewers).
        workflow_fields = (
            [] if "due_date" in self.get_readonly_fields(request, obj) else ["due_date"]
        )
        return [
            ("Verdict", {"fields": ["rating", "summary"]}),
            *([("Workflow", {"fields": workflow_fields})] if workflow_fields else []),
            (
                "Extraction",
                {
                    "classes": ["collapse"],
                    "fields": [
                        "article_link",
                        "claim_type",
                        "checkworthiness",
                        "speaker",
                        ("start", "end"),
                        "extractor_version",
                        "group",
                        "prior_verdict_from",
                        ("version", "updated_by", "updated_at"),
                        ("created_at", "published_at"),
                    ],
                },
            ),
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Claim | None = None) -> list[str]:
        fields = [
            "status_badge",
            "assignee",
            "dismiss_reason",
            "article_link",
            "claim_type",
            "checkworthiness",
            "speaker",
            "start",
            "end",
            "extractor_version",
            "group",
            "prior_verdict_from",
            "version",
            "updated_by",
            "updated_at",
            "created_at",
            "published_at",
        ]
        if obj is None or workflow.edit_refusal(request.user, obj) is not None:
            fields += ["rating", "summary"]
        if (
            obj is None
            or not is_reviewer(request.user)
            or obj.status not in workflow.DUE_DATE_STATUSES
        ):
            fields.append("due_date")
        return fields

    @admin.display(description="article")
    def article_link(self, obj: Claim) -> SafeString:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:articles_article_change", args=[obj.article_id]),
            obj.article,
        )

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method == "POST" and object_id is not None:
            claim = self.claim_or_redirect(request, object_id)
            if isinstance(claim, HttpResponseRedirect):
                return claim
            if not self.has_change_permission(request, claim):
                # Django would answer a bare 403.
                self.message_user(
                    request,
                    "You may view claims but not change them. Nothing was saved.",
                    messages.ERROR,
                )
                return HttpResponseRedirect(request.get_full_path())
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except WorkflowError as exc:
            # The save was refused (stale page, no right to edit) and rolled back. Render the
            # form again with the user's input and the refusal on it.
            request._claim_save_error = exc  # type: ignore[attr-defined]
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request: Any, obj: Claim, form: Any, change: bool) -> None:
        changes = {
            name: form.cleaned_data[name]
            for name in ("rating", "summary", "due_date")
            if name in form.changed_data
        }
        # Called with no changes too: it still refuses a page opened before someone else's change
        # (fields that have since become read-only would otherwise be dropped without a word).
        claim = claim_update(
            claim=obj.pk,
            actor=request.user,
            expected_version=form.cleaned_data["expected_version"],
            **changes,
        )
        # Nothing on the page is this user's to change (a crafted POST, or a page the browser
        # kept): say so rather than let Django report "changed successfully".
        refusal = workflow.edit_refusal(request.user, claim)
        if refusal and not set(form.fields) - {"expected_version"}:
            raise TransitionRefused(f"{refusal} Nothing was saved.")

    def save_formset(self, request: Any, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not Evidence:
            return super().save_formset(request, form, formset, change)
        claim = form.instance
        for evidence_form in formset.deleted_forms:
            if evidence_form.instance.pk:
                evidence_remove(evidence=evidence_form.instance, actor=request.user)
        for evidence_form in formset.extra_forms:
            if not evidence_form.has_changed() or evidence_form in formset.deleted_forms:
                continue
            data = evidence_form.cleaned_data
            try:
                evidence_add(
                    claim=claim.pk,
                    actor=request.user,
                    url=data["url"],
                    title=data.get("title", ""),
                    publisher=data.get("publisher", ""),
                    quote=data.get("quote", ""),
                    stance=data.get("stance") or Evidence.Stance.CONTEXT,
                )
            except ValidationError as exc:
                raise WorkflowError("Evidence not added: " + "; ".join(exc.messages)) from exc
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        return None

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Claim | None = None,
    ) -> HttpResponse:
        if obj is not None:
            context.update(self._claim_page_context(request, obj))
            editable = [n for n in context["adminform"].form.fields if n != "expected_version"]
            may_edit_evidence = workflow.edit_refusal(request.user, obj) is None
            if not editable and not may_edit_evidence:
                context.update(show_save=False, show_save_and_continue=False)
            context.update(show_save_and_add_another=False, show_delete_link=False)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _claim_page_context(self, request: HttpRequest, claim: Claim) -> dict[str, Any]:
        user = request.user
        available = workflow.available_transitions(user, claim)
        transitions = [
            {
                "name": t.name,
                "label": t.label,
                "asks_for": t.asks_for,
                "note_label": t.note_label,
                "lists_missing_for_review": t.lists_missing_for_review,
                "url": reverse("admin:claims_claim_transition", args=[claim.pk, t.name]),
            }
            for t in available
        ]
        lists_missing = any(t.lists_missing_for_review for t in available)
        asks_assignee = any("assignee" in t.asks_for for t in available)
        annotate_refusal = workflow.annotate_refusal(user, claim)
        if annotate_refusal is None and not self.has_change_permission(request, claim):
            annotate_refusal = "You may view claims but not add notes to them."
        checks = [c for c in claim.consistency if isinstance(c, dict)]
        checks.sort(key=lambda c: c.get("status") != "inconsistent")
        return {
            "fc_claim": claim,
            "fc_status": status_badge(claim.status),
            "fc_context_html": claim_in_paragraph(claim),
            "fc_article_url": reverse("admin:articles_article_change", args=[claim.article_id]),
            "fc_figures": [
                {"label": figure_label(q), **q} for q in claim.quantities if isinstance(q, dict)
            ],
            "fc_checks": checks,
            "fc_inconsistent": [c for c in checks if c.get("status") == "inconsistent"],
            "fc_transitions": transitions,
            "fc_assignable": list(assignable_users()) if asks_assignee else [],
            "fc_missing_for_review": missing_for_review(claim) if lists_missing else [],
            "fc_edit_refusal": workflow.edit_refusal(user, claim),
            "fc_annotations": list(claim.annotations.select_related("author")),
            "fc_annotate_refusal": annotate_refusal,
            "fc_can_annotate": annotate_refusal is None,
            "fc_annotate_url": reverse("admin:claims_claim_annotate", args=[claim.pk]),
            "fc_history": claim_history(claim),
            "fc_today": timezone.localdate().isoformat(),
        }
