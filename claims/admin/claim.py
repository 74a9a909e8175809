"""The editorial workbench in the Django admin.

Every write goes through `claims.services.workflow`; which steps a user may take comes from the
transition table in `claims.workflow`. The admin only shows what the table allows and reports the
services' refusals as messages, never as errors.
"""

from __future__ import annotations

import datetime
import functools
import re
from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import SafeString

from articles.models import Article
from claims import workflow
from claims.admin_matching import ClaimMatchAdminMixin, ClaimMatchingAdminMixin
from claims.admin_users import DeskUserAdmin  # noqa: F401  (registers the User admin)
from claims.models import (
    Annotation,
    Claim,
    ClaimGroup,
    ClaimMatch,
    ClaimStatus,
    ConsistencyFlag,
    Evidence,
    Rating,
)
from claims.roles import is_editor, is_reviewer
from claims.selectors import assignable_users, claim_history, dashboard_counts, overdue_q
from claims.services.workflow import (
    TRANSITION_SERVICES,
    TransitionRefused,
    WorkflowError,
    annotation_add,
    claim_assign,
    claim_dismiss,
    claim_update,
    evidence_add,
    evidence_remove,
)

admin.site.site_header = "Factcheck workbench"
admin.site.site_title = "Factcheck"
admin.site.index_title = "The desk"

_MAX_PK = 2**63 - 1
_MAX_REFUSALS_SHOWN = 20


def _as_pk(value: str) -> int | None:
    """A primary key from request data, or None. Not `str.isdigit()`: it accepts "²", which
    `int()` refuses; and nothing past bigint, which PostgreSQL refuses."""
    if value.isascii() and value.isdecimal() and int(value) <= _MAX_PK:
        return int(value)
    return None


# ---------------------------------------------------------------------------------------------
# HTML helpers. Article bodies and claim texts are untrusted: everything goes through format_html.


def status_badge(status: str) -> SafeString:
    label = ClaimStatus(status).label if status in ClaimStatus.values else status
    return format_html('<span class="fc-badge fc-status-{}">{}</span>', status, label)


def _compact_number(value: Any) -> str:
    if not isinstance(value, int | float):
        return str(value)
    magnitude = abs(value)
    for size, suffix in ((1e12, "tn"), (1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if magnitude >= size:
            return f"{value / size:.3g}{suffix}"
    return f"{value:.4g}"


def figure_label(q: dict[str, Any]) -> str:
    """A figure in a few characters: "USD 4.2m", "12%", "3 times", or the text as written."""
    value = q.get("value")
    if value is None:
        return str(q.get("text", ""))
    number = _compact_number(value)
    if q.get("currency"):
        return f"{q['currency']} {number}"
    unit = q.get("unit")
    if unit == "%":
        return f"{number}%"
    if unit:
        return f"{number} {unit}"
    if q.get("noun"):
        return f"{number} {q['noun']}"
    return number


_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def paragraph_bounds(body: str, start: int, end: int) -> tuple[int, int]:
    """The paragraph (blank-line separated) around body[start:end]."""
    p_start, p_end = 0, len(body)
    for m in _PARAGRAPH_BREAK.finditer(body):
        if m.end() <= start:
            p_start = m.end()
        elif m.start() >= end:
            p_end = m.start()
            break
    return p_start, p_end


def _span_ok(body: str, claim: Claim) -> bool:
    """Whether the claim's offsets still point at its text. A re-import can change the body
    under a claim; offsets that merely fit would then highlight some other sentence."""
    return 0 <= claim.start < claim.end <= len(body) and body[claim.start : claim.end] == claim.text


def claim_in_paragraph(claim: Claim) -> SafeString:
    body = claim.article.body
    if not _span_ok(body, claim):
        return format_html(
            '<mark class="fc-hl fc-status-{}">{}</mark> '
            '<span class="fc-muted">(the article text no longer contains this span)</span>',
            claim.status,
            claim.text,
        )
    p_start, p_end = paragraph_bounds(body, claim.start, claim.end)
    return format_html(
        '{}<mark class="fc-hl fc-status-{}">{}</mark>{}',
        body[p_start : claim.start],
        claim.status,
        body[claim.start : claim.end],
        body[claim.end : p_end],
    )


def article_with_claims(body: str, claims: list[Claim]) -> SafeString:
    """The whole body with each claim marked in its status colour, linking to its page.
    Overlapping spans (rare) keep the first claim."""
    pieces: list[Any] = []
    pos = 0
    for c in sorted(claims, key=lambda c: (c.start, -c.end)):
        if c.start < pos or not _span_ok(body, c):
            continue
        pieces.append(body[pos : c.start])
        pieces.append(
            format_html(
                '<a class="fc-hl fc-status-{}" href="{}" title="#{} · {} · score {}">{}</a>',
                c.status,
                reverse("admin:claims_claim_change", args=[c.pk]),
                c.pk,
                ClaimStatus(c.status).label,
                f"{c.checkworthiness:.2f}",
                body[c.start : c.end],
            )
        )
        pos = c.end
    pieces.append(body[pos:])
    return format_html_join("", "{}", ((p,) for p in pieces))


# ---------------------------------------------------------------------------------------------
# Changelist: views (My queue / Triage / ...), filters, columns.

VIEWS = {
    "mine": "My queue",
    "triage": "Triage",
    "review": "Awaiting review",
    "all": "All claims",
}


def views_for(user: Any) -> list[str]:
    views = []
    if is_editor(user) or is_reviewer(user):
        views.append("mine")
    if is_reviewer(user):
        views += ["triage", "review"]
    views.append("all")
    return views


# Query parameters that page, sort or decorate the list rather than choose claims: Django's own
# page (p), sort (o), "show all" (all), facet-count (_facets) and bad-lookup (e) flags. They keep
# the current view; a filter, a search (q) or a raw-id popup (_popup, _to_field) looks across
# all claims.
_PRESENTATION_PARAMS = frozenset({"view", "p", "o", "all", "_facets", "e"})


def current_view(request: HttpRequest) -> str:
    """The explicit ?view=, else the role's landing view on a URL that only pages or sorts,
    else all.

    Reviewers land on Triage, editors on My queue. Any filter or search without a view means
    the user is looking across all claims."""
    allowed = views_for(request.user)
    asked = request.GET.get("view")
    if asked in allowed:
        return asked
    if request.GET.keys() - _PRESENTATION_PARAMS:
        return "all"
    if "triage" in allowed:
        return "triage"
    return allowed[0]


class ViewFilter(admin.SimpleListFilter):
    title = "view"
    parameter_name = "view"

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        self.view = current_view(request)

    def lookups(self, request, model_admin):
        return [(v, VIEWS[v]) for v in views_for(request.user)]

    def value(self):
        return self.view

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.view == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.view == "mine":
            return queryset.filter(
                assignee=request.user, status__in=[ClaimStatus.ASSIGNED, ClaimStatus.IN_PROGRESS]
            )
        if self.view == "triage":
            return queryset.filter(status=ClaimStatus.NEW)
        if self.view == "review":
            return queryset.filter(status=ClaimStatus.IN_REVIEW)
        return queryset


class AssigneeFilter(admin.SimpleListFilter):
    title = "assignee"
    parameter_name = "assignee"

    def lookups(self, request, model_admin):
        users = assignable_users().values_list("pk", "username")
        return [("none", "Unassigned"), *((str(pk), name) for pk, name in users)]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "none":
            return queryset.filter(assignee__isnull=True)
        pk = _as_pk(value or "")
        if pk is not None:
            return queryset.filter(assignee_id=pk)
        return queryset


class OutletFilter(admin.SimpleListFilter):
    title = "outlet"
    parameter_name = "outlet"

    def lookups(self, request, model_admin):
        outlets = (
            Article.objects.exclude(outlet="")
            .order_by("outlet")
            .values_list("outlet", flat=True)
            .distinct()[:200]
        )
        return [(o, o) for o in outlets]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(article__outlet=self.value())
        return queryset


class ClaimChangeList(ChangeList):
    """Marks the column the current view is really sorted by (My queue: due date), not the model's
    default ordering, which Django's ChangeList assumes."""

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        self._fc_request = request
        super().__init__(request, *args, **kwargs)

    def _get_default_ordering(self):
        return self.model_admin.get_ordering(self._fc_request)


class OverdueFilter(admin.SimpleListFilter):
    title = "overdue"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "Overdue"), ("no", "Not overdue")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(overdue_q())
        if self.value() == "no":
            return queryset.exclude(overdue_q())
        return queryset


# ---------------------------------------------------------------------------------------------
# Forms.


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
            cast(forms.ModelChoiceField, self.fields["rating"]).queryset = Rating.objects.filter(
                Q(is_active=True) | Q(pk=self.instance.rating_id)
            )

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


class TransitionForm(forms.Form):
    version = forms.IntegerField(
        error_messages={"required": "The page is incomplete; reload the claim and try again."}
    )

    def __init__(self, *args: Any, transition: workflow.Transition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if transition.needs_note:
            what = "reason" if transition.name == "dismiss" else "note"
            self.fields["note"] = forms.CharField(
                widget=forms.Textarea,
                error_messages={"required": f"A {what} is required to {transition.label.lower()}."},
            )
        if transition.name == "assign":
            self.fields["assignee"] = forms.ModelChoiceField(
                queryset=assignable_users(),
                error_messages={"required": "Choose who to assign the claim to."},
            )
            self.fields["due_date"] = forms.DateField(required=False)


class AssignActionForm(forms.Form):
    assignee = forms.ModelChoiceField(queryset=assignable_users(), label="Assign to")
    due_date = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="Due date (optional)"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["assignee"]).queryset = assignable_users()


class DismissActionForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "cols": 60}))


class DueDateActionForm(forms.Form):
    due_date = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leave empty to clear the due date.",
    )

    def clean_due_date(self) -> datetime.date | None:
        due = self.cleaned_data["due_date"]
        if due is not None and due < timezone.localdate():
            raise ValidationError(f"The due date {due:%Y-%m-%d} is in the past.")
        return due


# ---------------------------------------------------------------------------------------------
# Evidence inline: rows are added and removed through the services, never edited in place.


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 1
    verbose_name = "evidence source"
    verbose_name_plural = "evidence"
    empty_value_display = "—"
    fields = ["url", "title", "publisher", "quote", "stance", "added_by", "added"]
    readonly_fields = ["added_by", "added"]

    @admin.display(description="added")
    def added(self, obj: Evidence) -> str:
        if obj.pk is None or obj.created_at is None:
            return "—"
        return timezone.localtime(obj.created_at).strftime("%Y-%m-%d %H:%M")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "quote":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 24})
        if db_field.name == "url":
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("added_by")

    def has_change_permission(self, request, obj=None):
        return False

    def _may_edit(self, request, obj) -> bool:
        return obj is not None and workflow.edit_refusal(request.user, obj) is None

    def has_add_permission(self, request, obj=None):
        return self._may_edit(request, obj) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_edit(request, obj) and super().has_delete_permission(request, obj)


# ---------------------------------------------------------------------------------------------


@admin.register(Claim)
class ClaimAdmin(ClaimMatchingAdminMixin, admin.ModelAdmin):
    form = ClaimForm
    list_display = ["claim", "figures", "score", "status_badge", "assignee", "due"]
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
    ]
    search_fields = ["text", "article__title"]
    search_help_text = "Search the claim text and the article title."
    list_select_related = ["article", "assignee"]
    show_full_result_count = False
    list_per_page = 100
    empty_value_display = "—"
    inlines = [EvidenceInline]
    actions = ["assign_to", "dismiss_with_reason", "set_due_date", "rerun_extraction"]

    class Media:
        css = {"all": ["claims/admin.css"]}

    # -- permissions ------------------------------------------------------------------------

    def has_add_permission(self, request):
        return False  # claims come from extraction

    def has_delete_permission(self, request, obj=None):
        return False  # dismiss instead; history and the CMS export depend on the row

    def has_reviewer_permission(self, request) -> bool:
        return is_reviewer(request.user)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    # -- changelist -------------------------------------------------------------------------

    def get_ordering(self, request):
        if request.resolver_match and request.resolver_match.url_name.endswith("changelist"):
            view = current_view(request)
            if view == "mine":
                return [F("due_date").asc(nulls_last=True), "-checkworthiness", "-id"]
            if view == "review":
                return ["updated_at", "id"]
        return ["-checkworthiness", "-id"]

    def get_changelist(self, request, **kwargs):
        return ClaimChangeList

    def changelist_view(self, request, extra_context=None):
        # Bad input is answered with a page, never a 500: PostgreSQL refuses NUL characters in
        # text parameters, and Django's action handling assumes the posted ids are numbers.
        if any("\x00" in k + "".join(v) for k, v in request.GET.lists()):
            cleaned = [
                (k.replace("\x00", ""), x.replace("\x00", ""))
                for k, v in request.GET.lists()
                for x in v
            ]
            return HttpResponseRedirect(f"{request.path}?{urlencode(cleaned)}")
        if request.method == "POST":
            refusal = self._action_refusal(request)
            if refusal:
                # Django would only say "No action selected.", as if the user had not chosen one.
                self.message_user(request, refusal, messages.ERROR)
                return HttpResponseRedirect(request.get_full_path())
            selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
            if not all(_as_pk(s) is not None for s in selected):
                self.message_user(
                    request,
                    "The selection was not understood; select the claims again.",
                    messages.ERROR,
                )
                return HttpResponseRedirect(request.get_full_path())
        extra_context = {"title": VIEWS[current_view(request)], **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def _action_refusal(self, request) -> str | None:
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

    @admin.display(description="claim", ordering="text")
    def claim(self, obj: Claim) -> SafeString:
        text = obj.text if len(obj.text) <= 160 else obj.text[:159] + "…"
        flag = ""
        if obj.consistency_flag == ConsistencyFlag.INCONSISTENT:
            flag = format_html(' <span class="fc-flag">{}</span>', "⚠ inconsistent figures")
        return format_html(
            '{}{}<div class="fc-muted">{}</div>', text, flag, obj.article.outlet or obj.article
        )

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

    # -- bulk actions -----------------------------------------------------------------------

    def _report(self, request, done: int, verb: str, refusals: list[str]) -> None:
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

    def _each(self, request, queryset, verb: str, call) -> None:
        done, refusals = 0, []
        for claim in queryset.select_related(None).only("pk", "text").order_by("pk"):
            try:
                call(claim)
            except WorkflowError as exc:
                refusals.append(f"Claim #{claim.pk}: {exc.message}")
            else:
                done += 1
        self._report(request, done, verb, refusals)

    def _intermediate(self, request, queryset, form, action: str, title: str, button: str):
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
    def assign_to(self, request, queryset):
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
    def dismiss_with_reason(self, request, queryset):
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
    def set_due_date(self, request, queryset):
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
    def rerun_extraction(self, request, queryset):
        article_ids = sorted(set(queryset.values_list("article_id", flat=True)))
        queue_extraction(request, self, article_ids)

    # -- claim page -------------------------------------------------------------------------

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article", "assignee", "rating")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"request": request})

    def get_fieldsets(self, request, obj=None):
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

    def get_readonly_fields(self, request, obj=None):
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

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and object_id is not None:
            claim = self._claim_or_redirect(request, object_id)
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

    def save_model(self, request, obj, form, change):
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

    def save_formset(self, request, form, formset, change):
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

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(self._claim_page_context(request, obj))
            editable = [n for n in context["adminform"].form.fields if n != "expected_version"]
            may_edit_evidence = workflow.edit_refusal(request.user, obj) is None
            if not editable and not may_edit_evidence:
                context.update(show_save=False, show_save_and_continue=False)
            context.update(show_save_and_add_another=False, show_delete_link=False)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _claim_page_context(self, request, claim: Claim) -> dict[str, Any]:
        user = request.user
        transitions = []
        for t in workflow.available_transitions(user, claim):
            transitions.append(
                {
                    "name": t.name,
                    "label": t.label,
                    "needs_note": t.needs_note,
                    "note_label": "Reason" if t.name == "dismiss" else "Note",
                    "url": reverse("admin:claims_claim_transition", args=[claim.pk, t.name]),
                }
            )
        missing = []
        if claim.status == ClaimStatus.IN_PROGRESS:
            if claim.rating_id is None:
                missing.append("a rating")
            if not claim.summary:
                missing.append("a summary")
            if not claim.evidence.exists():
                missing.append("at least one evidence source")
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
            "fc_assignable": (
                list(assignable_users()) if any(t["name"] == "assign" for t in transitions) else []
            ),
            "fc_submit_missing": missing,
            "fc_edit_refusal": workflow.edit_refusal(user, claim),
            "fc_annotations": list(claim.annotations.select_related("author")),
            "fc_annotate_refusal": annotate_refusal,
            "fc_can_annotate": annotate_refusal is None,
            "fc_annotate_url": reverse("admin:claims_claim_annotate", args=[claim.pk]),
            "fc_history": claim_history(claim),
            "fc_today": timezone.localdate().isoformat(),
        }

    # -- transition and annotation endpoints ------------------------------------------------

    def get_urls(self):
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

    def _claim_or_redirect(self, request, object_id) -> Claim | HttpResponseRedirect:
        claim = self.get_object(request, unquote(object_id))
        if claim is None:
            return self._get_obj_does_not_exist_redirect(  # type: ignore[attr-defined]
                request, self.opts, object_id
            )
        if not self.has_view_or_change_permission(request, claim):
            # Not a bare 403: the user is signed in to the admin and should learn what is missing.
            self.message_user(
                request,
                "Your account may not see claims: it holds no Editor, Reviewer or Admin role. "
                "Ask an Admin to give it one.",
                messages.ERROR,
            )
            return HttpResponseRedirect(reverse("admin:index"))
        return claim

    def transition_view(self, request, object_id: str, name: str) -> HttpResponse:
        claim = self._claim_or_redirect(request, object_id)
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
        kwargs: dict[str, Any] = {}
        if transition.needs_note:
            kwargs["reason" if name == "dismiss" else "note"] = form.cleaned_data["note"]
        if name == "assign":
            kwargs["assignee"] = form.cleaned_data["assignee"]
            kwargs["due_date"] = form.cleaned_data["due_date"]
        try:
            claim = TRANSITION_SERVICES[name](
                claim=claim.pk,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                **kwargs,
            )
        except WorkflowError as exc:
            self.message_user(request, exc.message, messages.ERROR)
        else:
            assignee = claim.assignee
            detail = f" to {assignee.get_username()}" if name == "assign" and assignee else ""
            self.message_user(
                request,
                f"{transition.label}{detail}: done. The claim is now "
                f"{ClaimStatus(claim.status).label.lower()}.",
                messages.SUCCESS,
            )
        return back

    def annotate_view(self, request, object_id: str) -> HttpResponse:
        claim = self._claim_or_redirect(request, object_id)
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


def queue_extraction(request: HttpRequest, model_admin: admin.ModelAdmin, article_ids: list[int]):
    """Set these articles back to pending and queue extraction once the request commits.
    Claims an editor has touched are kept; untouched machine claims are replaced."""
    from claims.services.extraction import extraction_request

    n = extraction_request(article_ids=article_ids)
    model_admin.message_user(
        request, f"Extraction queued for {n} article{'s' if n != 1 else ''}.", messages.SUCCESS
    )


# ---------------------------------------------------------------------------------------------
# The rating scale is data (Admin role: add/change/delete; everyone else: view). Evidence and
# annotations are edited on the claim page, through the services, so their own pages are
# read-only.


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["label", "claimreview_value", "order", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["label"]
    fields = ["label", "claimreview_value", "order", "description", "is_active"]


class _ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Evidence)
class EvidenceAdmin(_ReadOnlyAdmin):
    list_display = ["title", "url", "stance", "claim", "added_by", "created_at"]
    list_select_related = ["claim", "added_by"]
    search_fields = ["title", "url", "publisher"]
    show_full_result_count = False


@admin.register(Annotation)
class AnnotationAdmin(_ReadOnlyAdmin):
    list_display = ["body", "kind", "claim", "author", "created_at"]
    list_select_related = ["claim", "author"]
    list_filter = ["kind"]
    show_full_result_count = False


@admin.register(ClaimGroup)
class ClaimGroupAdmin(admin.ModelAdmin):
    list_display = ["id", "created_at"]


@admin.register(ClaimMatch)
class ClaimMatchAdmin(ClaimMatchAdminMixin, admin.ModelAdmin):
    """Read only: a match changes only through the services (confirm / reject actions here, the
    claim page's panel, the API), which group the claims and record who decided and when. A
    form would let anyone holding change_claimmatch confirm without grouping, re-point the
    pair or forge decided_by; adding or deleting one would undo a rejection."""

    list_display = ["claim", "matched", "score", "method", "status", "decided_by", "decided_at"]
    list_select_related = ["claim", "matched", "decided_by"]
    raw_id_fields = ["claim", "matched"]
    readonly_fields = [
        "claim",
        "matched",
        "score",
        "method",
        "status",
        "decided_by",
        "decided_at",
        "created_at",
    ]
    show_full_result_count = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# ---------------------------------------------------------------------------------------------
# Admin index: the desk's dashboard (factcheck/templates/admin/index.html renders it).


def _index_with_dashboard(index):
    @functools.wraps(index)
    def view(request, extra_context=None):
        extra = dict(extra_context or {})
        if request.user.has_perm("claims.view_claim"):
            extra["fc_dashboard"] = dashboard_counts()
        return index(request, extra_context=extra)

    view._fc_dashboard = True  # type: ignore[attr-defined]
    return view


if not getattr(admin.site.index, "_fc_dashboard", False):
    # The default site serves the index through `self.index`, so an instance attribute wraps it
    # without a custom AdminSite (which would need INSTALLED_APPS changed).
    admin.site.index = _index_with_dashboard(admin.site.index)  # type: ignore[method-assign]
