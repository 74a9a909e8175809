"""The claim page's POST endpoints: a workflow transition, a note."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, path, reverse

from claims import workflow
from claims.admin.base import ClaimLookupMixin
from claims.admin.forms import AnnotationForm, TransitionForm
from claims.models import ClaimStatus
from claims.services.workflow import TRANSITION_SERVICES, WorkflowError, annotation_add


class ClaimTransitionsMixin(ClaimLookupMixin):
    def get_urls(self) -> list[URLPattern]:
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/transition/<slug:name>/",
                self.admin_site.admin_view(self.transition_view),
                name="{}_{}_transition".format(*info),
            ),
            path(
                "<path:object_id>/annotate/",
                self.admin_site.admin_view(self.annotate_view),
                name="{}_{}_annotate".format(*info),
            ),
            *super().get_urls(),
        ]

    def transition_view(self, request: HttpRequest, object_id: str, name: str) -> HttpResponse:
        claim = self.claim_or_redirect(request, object_id)
        if isinstance(claim, HttpResponseRedirect):
            return claim
        back = HttpResponseRedirect(reverse("admin:claims_claim_change", args=[claim.pk]))
        if request.method != "POST":
            return back
        transition = workflow.TRANSITIONS.get(name)
        if transition is None:
            self.message_user(request, f"“{name}” is not a step of the workflow.", messages.ERROR)
            return back
        refusal = workflow.refusal(transition, request.user, claim)
        if refusal is None and not self.has_change_permission(request, claim):
            refusal = "You may view claims but not change them."
        if refusal:
            self.message_user(request, refusal, messages.ERROR)
            return back
        form = TransitionForm(request.POST, transition=transition)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    self.message_user(request, str(error), messages.ERROR)
            return back
        try:
            claim = TRANSITION_SERVICES[name](
                claim=claim.pk,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                **form.service_kwargs(),
            )
        except WorkflowError as exc:
            self.message_user(request, exc.message, messages.ERROR)
        else:
            assignee = claim.assignee.get_username() if claim.assignee else "nobody"
            done = transition.done.format(label=transition.label, assignee=assignee)
            status = ClaimStatus(claim.status).label.lower()
            self.message_user(request, f"{done} The claim is now {status}.", messages.SUCCESS)
        return back

    def annotate_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        claim = self.claim_or_redirect(request, object_id)
        if isinstance(claim, HttpResponseRedirect):
            return claim
        back = HttpResponseRedirect(
            reverse("admin:claims_claim_change", args=[claim.pk]) + "#fc-notes"
        )
        if request.method != "POST":
            return back
        if not self.has_change_permission(request, claim):
            self.message_user(request, "You may view claims but not annotate them.", messages.ERROR)
            return back
        form = AnnotationForm(request.POST)
        if not form.is_valid():
            for error in form.errors["body"]:
                self.message_user(request, str(error), messages.ERROR)
            return back
        try:
            annotation_add(claim=claim.pk, actor=request.user, body=form.cleaned_data["body"])
        except WorkflowError as exc:
            self.message_user(request, exc.message, messages.ERROR)
        else:
            self.message_user(request, "Note added.", messages.SUCCESS)
        return back
