"""The claim list's bulk actions (assign, dismiss, due date, re-run extraction), each through the
services, with a confirmation page that asks for what the action needs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse

from claims.admin.base import ModelAdminMixin, pk_or_none
from claims.admin.forms import AssignActionForm, DismissActionForm, DueDateActionForm
from claims.models import Claim
from claims.roles import is_reviewer
from claims.services.workflow import WorkflowError, claim_assign, claim_dismiss, claim_update

_MAX_REFUSALS_SHOWN = 20


def queue_extraction(
    request: HttpRequest, model_admin: admin.ModelAdmin[Any], article_ids: list[int]
) -> None:
    """Set these articles back to pending and queue extraction once the request commits.
    Claims an editor has touched are kept; untouched machine claims are replaced."""
    from claims.services.extraction import extraction_request

    n = extraction_request(article_ids=article_ids)
    model_admin.message_user(
        request, f"Extraction queued for {n} article{'s' if n != 1 else ''}.", messages.SUCCESS
    )


class ClaimActionsMixin(ModelAdminMixin):
    def has_reviewer_permission(self, request: HttpRequest) -> bool:
        return is_reviewer(request.user)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # Django's action handling assumes the posted ids are numbers: answer with a page.
        if request.method == "POST":
            refusal = self._action_refusal(request)
            if refusal:
                # Django would only say "No action selected.", as if the user had not chosen one.
                self.message_user(request, refusal, messages.ERROR)
                return HttpResponseRedirect(request.get_full_path())
            selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
            if not all(pk_or_none(s) is not None for s in selected):
                self.message_user(
                    request,
                    "The selection was not understood; select the claims again.",
                    messages.ERROR,
                )
                return HttpResponseRedirect(request.get_full_path())
        return super().changelist_view(request, extra_context)

    def _action_refusal(self, request: HttpRequest) -> str | None:
        """Why the bulk action posted is not this user's to take, or None."""
        available = self.get_actions(request)
        for name in request.POST.getlist("action"):
            if name in available:
                continue
            if name == "delete_selected":
                return "Claims are not deleted; dismiss them instead. No claims were changed."
            if name in (self.actions or ()):
                label = getattr(self, str(name)).short_description.rstrip("…")
                return f"Only a reviewer may use “{label}”. No claims were changed."
        return None

    def _report(self, request: HttpRequest, done: int, verb: str, refusals: list[str]) -> None:
        if done:
            self.message_user(
                request, f"{done} claim{'s' if done != 1 else ''} {verb}.", messages.SUCCESS
            )
        # A bulk action over "all N" claims can be refused for hundreds of them; past a screenful
        # the messages would only bury the page (and overflow the message cookie).
        for refusal in refusals[:_MAX_REFUSALS_SHOWN]:
            self.message_user(request, refusal, messages.ERROR)
        if len(refusals) > _MAX_REFUSALS_SHOWN:
            self.message_user(
                request,
                f"… and {len(refusals) - _MAX_REFUSALS_SHOWN} more claims refused.",
                messages.ERROR,
            )

    def _each(
        self,
        request: HttpRequest,
        queryset: QuerySet[Claim],
        verb: str,
        call: Callable[[Claim], object],
    ) -> None:
        done, refusals = 0, []
        for claim in queryset.select_related(None).only("pk", "text").order_by("pk"):
            try:
                call(claim)
            except WorkflowError as exc:
                refusals.append(f"Claim #{claim.pk}: {exc.message}")
            else:
                done += 1
        self._report(request, done, verb, refusals)

    def _intermediate(
        self,
        request: HttpRequest,
        queryset: QuerySet[Claim],
        form: forms.Form,
        action: str,
        title: str,
        button: str,
    ) -> TemplateResponse:
        """The confirmation page of a bulk action. It posts the selection back as it was made:
        the ticked ids (one page at most) and, after "Select all N", the select_across flag,
        to the same changelist URL, whose query (view, filters, search) then defines the
        claims again. Posting every id instead would exceed DATA_UPLOAD_MAX_NUMBER_FIELDS
        (a 400) once more than about a thousand claims are selected."""
        select_across = forms.BooleanField(required=False).clean(request.POST.get("select_across"))
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.opts,
            "form": form,
            "claims": list(queryset.select_related(None).only("pk", "text", "status")[:200]),
            "count": queryset.count(),
            "select_across": select_across,
            "selected_ids": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
            "form_url": request.get_full_path(),
            "action": action,
            "button": button,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/claims/claim/bulk_action.html", context)

    @admin.action(description="Assign to…", permissions=["reviewer"])
    def assign_to(self, request: HttpRequest, queryset: QuerySet[Claim]) -> TemplateResponse | None:
        form = AssignActionForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            assignee, due = form.cleaned_data["assignee"], form.cleaned_data["due_date"]
            self._each(
                request,
                queryset,
                f"assigned to {assignee.get_username()}",
                lambda c: claim_assign(
                    claim=c, actor=request.user, assignee=assignee, due_date=due
                ),
            )
            return None
        return self._intermediate(
            request, queryset, form, "assign_to", "Assign claims to an editor", "Assign"
        )

    @admin.action(description="Dismiss with reason…", permissions=["reviewer"])
    def dismiss_with_reason(
        self, request: HttpRequest, queryset: QuerySet[Claim]
    ) -> TemplateResponse | None:
        form = DismissActionForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            reason = form.cleaned_data["reason"]
            self._each(
                request,
                queryset,
                "dismissed",
                lambda c: claim_dismiss(claim=c, actor=request.user, reason=reason),
            )
            return None
        return self._intermediate(
            request, queryset, form, "dismiss_with_reason", "Dismiss claims", "Dismiss"
        )

    @admin.action(description="Set due date…", permissions=["reviewer"])
    def set_due_date(
        self, request: HttpRequest, queryset: QuerySet[Claim]
    ) -> TemplateResponse | None:
        form = DueDateActionForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            due = form.cleaned_data["due_date"]
            self._each(
                request,
                queryset,
                f"due {due:%Y-%m-%d}" if due else "without a due date now",
                lambda c: claim_update(
                    claim=c, actor=request.user, expected_version=None, due_date=due
                ),
            )
            return None
        return self._intermediate(
            request, queryset, form, "set_due_date", "Set the due date", "Set due date"
        )

    @admin.action(description="Re-run extraction on their articles", permissions=["reviewer"])
    def rerun_extraction(self, request: HttpRequest, queryset: QuerySet[Claim]) -> None:
        article_ids = sorted(set(queryset.values_list("article_id", flat=True)))
        queue_extraction(request, self, article_ids)
