"""The forms of the claim page and of the bulk actions' confirmation pages."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from claims import workflow
from claims.models import Claim, Rating
from claims.selectors import assignable_users


class ClaimForm(forms.ModelForm):
    """The editable part of a claim. `expected_version` carries the version the page was opened
    at, so a save over someone else's change is refused (claims.services.workflow.StaleClaim)."""

    expected_version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={"required": "The page is incomplete; reload the claim and try again."},
    )
    request: HttpRequest | None = None

    class Meta:
        model = Claim
        fields = ["rating", "summary", "due_date"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4, "cols": 80})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version
        if "rating" in self.fields:
            cast(
                "forms.ModelChoiceField[Any]", self.fields["rating"]
            ).queryset = Rating.objects.filter(Q(is_active=True) | Q(pk=self.instance.rating_id))

    def clean_due_date(self) -> datetime.date | None:
        due = self.cleaned_data.get("due_date")
        if "due_date" in self.changed_data and due is not None and due < timezone.localdate():
            raise ValidationError(f"The due date {due:%Y-%m-%d} is in the past.")
        return due

    def _post_clean(self) -> None:
        # The services validate the claim; the model's full_clean would second-guess them with
        # constraint messages about fields this form does not show.
        pass

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        error = getattr(self.request, "_claim_save_error", None)
        if error is not None:
            field = error.field if error.field in self.fields else None
            self.add_error(field, error.message)
        return cleaned


class AnnotationForm(forms.Form):
    body = forms.CharField(error_messages={"required": "The note is empty."})


def _note_field(transition: workflow.Transition) -> forms.Field:
    what = transition.note_label.lower()
    return forms.CharField(
        widget=forms.Textarea,
        required=transition.note_required,
        error_messages={"required": f"A {what} is required to {transition.doing}."},
    )


def _rating_field(transition: workflow.Transition) -> forms.Field:
    # Empty: keep the current rating. Retired ratings are refused here, as by the service.
    return forms.ModelChoiceField(
        queryset=Rating.objects.filter(is_active=True),
        required=False,
        error_messages={"invalid_choice": "Choose a rating in use."},
    )


def _summary_field(transition: workflow.Transition) -> forms.Field:
    return forms.CharField(widget=forms.Textarea, required=False, strip=False)


def _assignee_field(transition: workflow.Transition) -> forms.Field:
    return forms.ModelChoiceField(
        queryset=assignable_users(),
        error_messages={"required": "Choose who to assign the claim to."},
    )


def _due_date_field(transition: workflow.Transition) -> forms.Field:
    return forms.DateField(required=False)


# A form field for each thing a transition may ask for (workflow.Transition.asks_for).
_ASKED_FIELDS: dict[str, Callable[[workflow.Transition], forms.Field]] = {
    "note": _note_field,
    "assignee": _assignee_field,
    "due_date": _due_date_field,
    "rating": _rating_field,
    "summary": _summary_field,
}


class TransitionForm(forms.Form):
    """The answers a transition asks for (its `asks_for`), and the version the page showed."""

    version = forms.IntegerField(
        error_messages={"required": "The page is incomplete; reload the claim and try again."}
    )

    def __init__(self, *args: Any, transition: workflow.Transition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.transition = transition
        for name in transition.asks_for:
            self.fields[name] = _ASKED_FIELDS[name](transition)

    def clean_summary(self) -> str | None:
        # Not posted at all: keep the published summary (None). Posted empty: the user cleared
        # it, and the service says a published verdict keeps one.
        if self.add_prefix("summary") not in self.data:
            return None
        summary: str = self.cleaned_data["summary"]
        return summary

    def service_kwargs(self) -> dict[str, Any]:
        """The cleaned answers, under the names the transition's service takes them."""
        t = self.transition
        return {t.note_param if n == "note" else n: self.cleaned_data[n] for n in t.asks_for}


class AssignActionForm(forms.Form):
    assignee = forms.ModelChoiceField(queryset=assignable_users(), label="Assign to")
    due_date = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="Due date (optional)"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Any]", self.fields["assignee"]).queryset = assignable_users()


class DismissActionForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "cols": 60}))


class DueDateActionForm(forms.Form):
    due_date = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leave empty to clear the due date.",
    )

    def clean_due_date(self) -> datetime.date | None:
        due: datetime.date | None = self.cleaned_data["due_date"]
        if due is not None and due < timezone.localdate():
            raise ValidationError(f"The due date {due:%Y-%m-%d} is in the past.")
        return due
