"""The claim page: the claim in context, its workflow panel, the verdict form and the evidence
inline, saved through the services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from claims import workflow
from claims.admin.base import ClaimLookupMixin
from claims.admin.display import claim_in_paragraph, figure_label, shortened, status_badge
from claims.admin.forms import TransitionForm
from claims.models import Claim, ClaimStatus, Evidence, Rating
from claims.roles import is_reviewer
from claims.selectors import assignable_users, claim_history
from claims.services.workflow import (
    NewEvidence,
    TransitionRefused,
    WorkflowError,
    claim_save,
    claim_update,
    missing_for_review,
)


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


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
            shortened(obj.article.title, 120),
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
            if request.POST.get("transition"):
                # A workflow button: the form is saved and the step taken in one go
                # (save_related). Its answers are checked first; a wrong one refuses both.
                try:
                    request._claim_transition = self._transition_asked(request)  # type: ignore[attr-defined]
                except WorkflowError as exc:
                    request._claim_save_error = exc  # type: ignore[attr-defined]
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except WorkflowError as exc:
            # The save was refused (stale page, no right to edit, the step refused) and rolled
            # back. Render the form again with the user's input and the refusal on it.
            request._claim_save_error = exc  # type: ignore[attr-defined]
            return super().changeform_view(request, object_id, form_url, extra_context)

    def _transition_asked(self, request: HttpRequest) -> tuple[workflow.Transition, dict[str, Any]]:
        """The step a workflow button asks for and its answers (note, assignee, due date), as
        its service takes them; WorkflowError names what is wrong."""
        name = request.POST["transition"]
        transition = workflow.TRANSITIONS.get(name)
        if transition is None:
            raise WorkflowError(f"“{name}” is not a step of the workflow. Nothing was saved.")
        data = request.POST.copy()
        # The version checked is the main form's (expected_version), checked when it saves.
        data[f"{transition.name}-version"] = "0"
        form = TransitionForm(data, transition=transition, prefix=transition.name)
        if not form.is_valid():
            errors = [str(e) for errs in form.errors.values() for e in errs]
            raise WorkflowError(" ".join(errors) + " Nothing was saved.")
        return transition, form.service_kwargs()

    def save_model(self, request: Any, obj: Claim, form: Any, change: bool) -> None:
        """Nothing here: save_related saves the claim, its evidence and any workflow step in one
        service call, once the evidence forms are known."""

    def save_formset(self, request: Any, form: Any, formset: Any, change: bool) -> None:
        """Only records what the evidence inline asks for; save_related saves it."""
        if formset.model is not Evidence:
            return super().save_formset(request, form, formset, change)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        return None

    def save_related(self, request: Any, form: Any, formsets: Any, change: bool) -> None:
        claim = form.instance
        added: list[NewEvidence] = []
        removed: list[int] = []
        for formset in formsets:
            if formset.model is not Evidence:
                self.save_formset(request, form, formset, change)
                continue
            removed += [f.instance.pk for f in formset.deleted_forms if f.instance.pk]
            for evidence_form in formset.extra_forms:
                if not evidence_form.has_changed() or evidence_form in formset.deleted_forms:
                    continue
                data = evidence_form.cleaned_data
                added.append(
                    NewEvidence(
                        url=data["url"],
                        title=data.get("title", ""),
                        publisher=data.get("publisher", ""),
                        quote=data.get("quote", ""),
                        stance=data.get("stance") or Evidence.Stance.CONTEXT,
                    )
                )
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        changes = {
            name: form.cleaned_data[name]
            for name in ("rating", "summary", "due_date")
            if name in form.changed_data
        }
        asked = getattr(request, "_claim_transition", None)
        if asked is None and not set(form.fields) - {"expected_version"}:
            # Nothing on the page is this user's to change (a crafted POST, or a page the
            # browser kept): say so rather than let Django report "changed successfully" -
            # after the version check, so a stale page hears why it is stale.
            fresh = claim_update(
                claim=claim.pk,
                actor=request.user,
                expected_version=form.cleaned_data["expected_version"],
            )
            refusal = workflow.edit_refusal(request.user, fresh)
            if refusal:
                raise TransitionRefused(f"{refusal} Nothing was saved.")
        # Called with no changes too: it still refuses a page opened before someone else's change
        # (fields that have since become read-only would otherwise be dropped without a word).
        saved = claim_save(
            claim=claim.pk,
            actor=request.user,
            expected_version=form.cleaned_data["expected_version"],
            evidence_added=added,
            evidence_removed=removed,
            transition=asked[0].name if asked else None,
            transition_args=asked[1] if asked else None,
            **changes,
        )
        request._claim_saved = (saved, bool(changes or added or removed))

    def response_change(self, request: HttpRequest, obj: Claim) -> HttpResponse:
        asked = getattr(request, "_claim_transition", None)
        if asked is None:
            return super().response_change(request, obj)
        transition = asked[0]
        claim, edited = request._claim_saved  # type: ignore[attr-defined]
        assignee = claim.assignee.get_username() if claim.assignee else "nobody"
        done = transition.done.format(label=transition.label, assignee=assignee)
        status = ClaimStatus(claim.status).label.lower()
        saved = "Your changes were saved. " if edited else ""
        self.message_user(request, f"{saved}{done} The claim is now {status}.", messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:claims_claim_change", args=[claim.pk]))

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
        # After a refused button the page comes back with what was typed for the step too.
        posted = request.POST if request.method == "POST" else {}
        transitions = [
            {
                "name": t.name,
                "label": t.label,
                "asks_for": t.asks_for,
                "note_label": t.note_label,
                "lists_missing_for_review": t.lists_missing_for_review,
                "open": posted.get("transition") == t.name,
                "note": posted.get(f"{t.name}-note", ""),
                "assignee": _int_or_none(posted.get(f"{t.name}-assignee")) or claim.assignee_id,
                "due_date": posted.get(f"{t.name}-due_date")
                or (claim.due_date.isoformat() if claim.due_date else ""),
                # A correction's form starts from the published verdict.
                "rating": (
                    _int_or_none(posted.get(f"{t.name}-rating"))
                    if f"{t.name}-rating" in posted
                    else claim.rating_id
                ),
                "summary": posted.get(f"{t.name}-summary", claim.summary),
            }
            for t in available
        ]
        lists_missing = any(t.lists_missing_for_review for t in available)
        asks_assignee = any("assignee" in t.asks_for for t in available)
        asks_rating = any("rating" in t.asks_for for t in available)
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
            "fc_ratings": list(Rating.objects.filter(is_active=True)) if asks_rating else [],
            "fc_missing_for_review": missing_for_review(claim) if lists_missing else [],
            "fc_edit_refusal": workflow.edit_refusal(user, claim),
            "fc_annotations": list(claim.annotations.select_related("author")),
            "fc_annotate_refusal": annotate_refusal,
            "fc_can_annotate": annotate_refusal is None,
            "fc_annotate_url": reverse("admin:claims_claim_annotate", args=[claim.pk]),
            "fc_history": claim_history(claim),
            "fc_today": timezone.localdate().isoformat(),
        }
