"""Claims by hand in the admin: the claimant list (search for autocomplete, merge duplicates), and
on the claim page the wording being checked and the claimant, with "Split a claim…" and "Merge two
claims…" in the claim list. Every write goes through `claims.services.editing` / `.claimants`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count, Field, QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse

from claims import workflow
from claims.admin.base import ModelAdminMixin
from claims.models import Claim, Claimant
from claims.roles import is_editor, is_reviewer
from claims.services.claimants import claimant_merge, claimant_update
from claims.services.editing import claim_edit, claim_merge, claim_split
from claims.services.workflow import WorkflowError

EDITING_FIELDS = ["claim_reviewed", "claimant"]


def _desk(request: HttpRequest) -> bool:
    return is_editor(request.user) or is_reviewer(request.user)


class MergeClaimantsForm(forms.Form):
    keep = forms.ModelChoiceField(
        queryset=Claimant.objects.none(),
        widget=forms.RadioSelect,
        label="Keep",
        help_text="The others' claims name this claimant; the others are deleted.",
        error_messages={"required": "Choose the claimant to keep."},
    )

    def __init__(self, *args: Any, choices: QuerySet[Claimant], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = choices  # type: ignore[attr-defined]


@admin.register(Claimant)
class ClaimantAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "role", "claim_count"]
    list_filter = ["kind"]
    search_fields = ["name", "role"]
    search_help_text = "Search names and roles."
    fields = ["name", "kind", "role", "url"]
    ordering = ["name", "id"]
    show_full_result_count = False
    list_per_page = 100
    actions = ["merge_duplicates"]

    # Editors and reviewers keep the list (claimants are named on claims they work on).
    def has_module_permission(self, request: HttpRequest) -> bool:
        return _desk(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _desk(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _desk(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _desk(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # merge duplicates instead: a claimant's claims must not lose it

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def formfield_for_dbfield(
        self, db_field: Field[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.Field | None:
        if db_field.name == "url":
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Claimant]:
        return super().get_queryset(request).annotate(n_claims=Count("claims"))

    @admin.display(description="claims", ordering="n_claims")
    def claim_count(self, obj: Claimant) -> int:
        return int(getattr(obj, "n_claims", 0))

    def save_model(self, request: Any, obj: Claimant, form: Any, change: bool) -> None:
        saved = claimant_update(
            claimant=obj if change else None,
            actor=request.user,
            name=form.cleaned_data["name"],
            kind=form.cleaned_data["kind"],
            role=form.cleaned_data.get("role", ""),
            url=form.cleaned_data.get("url", ""),
        )
        obj.pk = saved.pk

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> Any:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except WorkflowError as exc:
            self.message_user(request, f"Not saved: {exc.message}", messages.ERROR)
            return super().changeform_view(request, object_id, form_url, extra_context)

    @admin.action(description="Merge duplicates…")
    def merge_duplicates(
        self, request: HttpRequest, queryset: QuerySet[Claimant]
    ) -> TemplateResponse | None:
        chosen = queryset.order_by("name", "id")
        if chosen.count() < 2:
            self.message_user(request, "Select at least two claimants to merge.", messages.ERROR)
            return None
        form = MergeClaimantsForm(request.POST if "apply" in request.POST else None, choices=chosen)
        if "apply" in request.POST and form.is_valid():
            keep = form.cleaned_data["keep"]
            others = [c for c in chosen if c.pk != keep.pk]
            moved = claimant_merge(keep=keep, duplicates=others, actor=request.user)
            self.message_user(
                request,
                f"Merged {len(others)} claimant{'s' if len(others) != 1 else ''} into "
                f"“{keep.name}”; {moved} claim{'s' if moved != 1 else ''} now name it.",
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge duplicate claimants",
            "opts": self.opts,
            "form": form,
            "claimants": list(chosen),
            "selected_ids": [str(c.pk) for c in chosen],
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/claims/claimant/merge.html", context)


class SplitClaimForm(forms.Form):
    second_starts_with = forms.CharField(
        label="The second claim starts with",
        help_text="Copy the first words of the second part exactly, as they are in the claim.",
        error_messages={"required": "Say where the second claim starts."},
    )


class MergeClaimsForm(forms.Form):
    keep = forms.ModelChoiceField(
        queryset=Claim.objects.none(),
        widget=forms.RadioSelect,
        label="Keep",
        help_text="Its verdict wins; the other's evidence and notes move to it, and its rating "
        "and summary too if this one has none (otherwise they are kept in a note).",
        error_messages={"required": "Choose the claim to keep."},
    )

    def __init__(self, *args: Any, choices: QuerySet[Claim], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = choices  # type: ignore[attr-defined]


class ClaimEditingMixin(ModelAdminMixin):
    """The claim page's "Claim" section (wording being checked, claimant) and the split/merge
    actions of the claim list. Mixed in before the page mixin, whose save it runs after its own."""

    autocomplete_fields = ["claimant"]

    def get_fieldsets(self, request: HttpRequest, obj: Claim | None = None) -> list[Any]:
        fieldsets = list(super().get_fieldsets(request, obj))
        return [("Claim", {"fields": EDITING_FIELDS}), *fieldsets]

    def get_readonly_fields(self, request: HttpRequest, obj: Claim | None = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is None or workflow.edit_refusal(request.user, obj) is not None:
            fields += EDITING_FIELDS
        return fields

    def get_form(
        self, request: HttpRequest, obj: Claim | None = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        wording = form.base_fields.get("claim_reviewed")
        if wording is not None:
            wording.label = "Wording checked"
            wording.help_text = (
                "What is being checked, in your words (ClaimReview's claimReviewed). Leave it "
                "empty to check the quote itself. The figures are recomputed for it."
            )
            wording.widget.attrs.update(rows=2, cols=80)
        return form

    def save_model(self, request: Any, obj: Claim, form: Any, change: bool) -> None:
        changed = [n for n in EDITING_FIELDS if n in form.changed_data]
        if changed:
            edits: dict[str, Any] = {}
            if "claim_reviewed" in changed:
                edits["claim_reviewed"] = form.cleaned_data["claim_reviewed"]
            if "claimant" in changed:
                edits["claimant"] = form.cleaned_data.get("claimant")
            edited = claim_edit(
                claim=obj.pk,
                actor=request.user,
                expected_version=form.cleaned_data["expected_version"],
                **edits,
            )
            # The same request's verdict save checks the version this edit made (the row stays
            # locked until the request commits; a refusal there rolls this back too).
            form.cleaned_data["expected_version"] = edited.version
        super().save_model(request, obj, form, change)

    @admin.action(description="Split a claim in two…")
    def split_claim(
        self, request: HttpRequest, queryset: QuerySet[Claim]
    ) -> TemplateResponse | None:
        claims = list(queryset.select_related(None).only("pk", "text", "start", "end")[:2])
        if len(claims) != 1:
            self.message_user(request, "Select exactly one claim to split.", messages.ERROR)
            return None
        claim = claims[0]
        form = SplitClaimForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            words = form.cleaned_data["second_starts_with"].strip()
            offset = claim.text.find(words, 1)
            if offset < 0:
                form.add_error(
                    "second_starts_with", f"“{words}” is not in the claim after its first word."
                )
            else:
                try:
                    first, second = claim_split(
                        claim=claim.pk, actor=request.user, at=(claim.start or 0) + offset
                    )
                except WorkflowError as exc:
                    self.message_user(request, f"Not split: {exc.message}", messages.ERROR)
                    return None
                self.message_user(
                    request,
                    f"Claim #{first.pk} split: the second part is now claim #{second.pk}.",
                    messages.SUCCESS,
                )
                return None
        return self._intermediate(  # type: ignore[attr-defined,no-any-return]
            request, queryset, form, "split_claim", "Split a claim in two", "Split"
        )

    @admin.action(description="Merge two claims…")
    def merge_claims(
        self, request: HttpRequest, queryset: QuerySet[Claim]
    ) -> TemplateResponse | None:
        chosen = queryset.select_related(None).order_by("start", "pk")
        pair = list(chosen.only("pk", "article_id")[:3])
        if len(pair) != 2:
            self.message_user(request, "Select exactly two claims to merge.", messages.ERROR)
            return None
        form = MergeClaimsForm(request.POST if "apply" in request.POST else None, choices=chosen)
        if "apply" in request.POST and form.is_valid():
            keep = form.cleaned_data["keep"]
            other = next(c for c in pair if c.pk != keep.pk)
            try:
                claim_merge(claim=keep.pk, other=other.pk, actor=request.user)
            except WorkflowError as exc:
                self.message_user(request, f"Not merged: {exc.message}", messages.ERROR)
                return None
            self.message_user(
                request, f"Claim #{other.pk} merged into claim #{keep.pk}.", messages.SUCCESS
            )
            return None
        return self._intermediate(  # type: ignore[attr-defined,no-any-return]
            request, queryset, form, "merge_claims", "Merge two claims", "Merge"
        )
