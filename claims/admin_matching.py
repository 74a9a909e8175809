"""Admin pieces for matching and search. claims/admin.py (and articles/admin.py) include them:

    from claims.admin_matching import ClaimMatchingAdminMixin, ClaimMatchAdminMixin

    class ClaimAdmin(ClaimMatchingAdminMixin, admin.ModelAdmin): ...
    class ClaimMatchAdmin(ClaimMatchAdminMixin, admin.ModelAdmin): ...
    class ArticleAdmin(FullTextSearchAdminMixin, admin.ModelAdmin): ...

and the claim page template (admin/claims/claim/change_form.html) shows the panel with one line,
outside the main form (the panel has its own forms):

    {{ fc_matching }}

`ClaimMatchingAdminMixin` gives the claim page its "Same fact elsewhere" panel (`fc_matching` in
the context): the prior verdicts of published claims of the same fact with an "Apply prior
verdict" button, the claim's matches in both directions with Confirm / Reject for reviewers, and
its group with "Take out of the group" for reviewers. It adds the POST endpoints behind those
buttons (`admin:claims_claim_matching`), the bulk actions `split_from_group` and
`apply_prior_verdict`, and full-text search over the claim text and the article title.

Everything calls `claims.services.matching`; a refusal is shown as an error message, never a 500.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import BooleanField, F, Func, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from articles.models import Article
from claims import workflow
from claims.models import Claim, ClaimMatch, ClaimStatus
from claims.roles import is_reviewer
from claims.search import search_query
from claims.services import matching as services
from claims.services.workflow import WorkflowError
from factcheck.ids import MAX_BIGINT

# Rows shown per list on the claim page; the API has the rest.
PANEL_LIMIT = 20

# The mixins go before admin.ModelAdmin in a ModelAdmin's bases; the checker sees them as one.
if TYPE_CHECKING:
    _ModelAdmin = admin.ModelAdmin
else:
    _ModelAdmin = object


def _id_or_none(term: str) -> int | None:
    term = term.strip().lstrip("#")
    if term.isascii() and term.isdigit() and int(term) <= MAX_BIGINT:
        return int(term)
    return None


class FullTextSearchAdminMixin(_ModelAdmin):
    """The admin search box uses the model's GIN-indexed `search_vector` (web-search syntax:
    words, "a phrase", -word, or). A number also finds that id. Odd input finds nothing rather
    than failing. Results keep the admin's ordering (its columns sort them)."""

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        term = (search_term or "").strip()
        if not term:
            return queryset, False
        found = queryset.filter(self.search_condition(search_query(term)))
        pk = _id_or_none(term)
        if pk is not None:
            found = found | queryset.filter(pk=pk)
        return found, False

    def search_condition(self, query: SearchQuery) -> Q:
        return Q(search_vector=query)


class ClaimSearchAdminMixin(FullTextSearchAdminMixin):
    """Claims whose text matches, or whose article's title does. Both sides are index-backed: the
    claim's `search_vector` GIN index, and `article_id = ANY(ARRAY(...))` on the article index,
    with the titles found through the article's GIN index (then checked on the title alone)."""

    def search_condition(self, query: SearchQuery) -> Q:
        titles = (
            Article.objects.filter(search_vector=query)
            .annotate(title_vector=SearchVector("title", config="english"))
            .filter(title_vector=query)
            .order_by()
            .values("pk")
        )
        return Q(search_vector=query) | Q(_EqualsAny(F("article_id"), ArraySubquery(titles)))


class _EqualsAny(Func):
    """`lhs = ANY(ARRAY(subquery))`. Under an OR, `IN (subquery)` makes PostgreSQL scan the whole
    table; an array is a value the planner can look up in the index on lhs."""

    arg_joiner = " = ANY("
    template = "(%(expressions)s))"
    output_field = BooleanField()


# --- the claim page panel ---------------------------------------------------------------------


def _badge(status: str) -> SafeString:
    label = ClaimStatus(status).label if status in ClaimStatus.values else status
    return format_html('<span class="fc-badge fc-status-{}">{}</span>', status, label)


def _claim_link(claim: Claim) -> SafeString:
    return format_html(
        '<a href="{}">#{}</a> {} {}<br><span class="fc-muted">{}{}</span>',
        reverse("admin:claims_claim_change", args=[claim.pk]),
        claim.pk,
        _badge(claim.status),
        claim.text,
        claim.article.title,
        f" · {claim.article.outlet}" if claim.article.outlet else "",
    )


def _post_button(
    request: HttpRequest, url: str, label: str, fields: dict[str, Any], css: str = ""
) -> SafeString:
    hidden = format_html_join(
        "", '<input type="hidden" name="{}" value="{}">', ((k, v) for k, v in fields.items())
    )
    return format_html(
        '<form method="post" action="{}" class="fc-inline-form">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">{}'
        '<button type="submit" class="button {}">{}</button></form>',
        url,
        get_token(request),
        hidden,
        css,
        label,
    )


def matching_panel(request: HttpRequest, claim: Claim) -> SafeString:
    """The "Same fact elsewhere" panel of the claim page (HTML, everything escaped). Four
    queries (plus the user's roles, once per request) whatever the number of matches."""
    user = request.user
    reviewer = is_reviewer(user)
    may_edit = workflow.edit_refusal(user, claim) is None

    def url(action: str) -> str:
        return reverse("admin:claims_claim_matching", args=[claim.pk, action])

    prior = list(services.claim_prior_verdicts(claim)[:PANEL_LIMIT])
    matches = list(services.claim_matches(claim)[:PANEL_LIMIT])
    members: list[Claim] = []
    if claim.group_id is not None:
        members = list(
            Claim.objects.filter(group_id=claim.group_id)
            .exclude(pk=claim.pk)
            .select_related("article")
            .defer("search_vector", "article__search_vector", "article__body")
            .order_by("pk")[:PANEL_LIMIT]
        )

    parts: list[SafeString] = [format_html("<h2>{}</h2>", "Same fact elsewhere")]

    parts.append(format_html("<h3>{}</h3>", "Prior verdicts"))
    if claim.prior_verdict_from_id:
        parts.append(
            format_html(
                '<p class="fc-muted">The verdict was applied from claim #{}; it still goes '
                "through review before publication.</p>",
                claim.prior_verdict_from_id,
            )
        )
    if prior:
        rows = []
        for source in prior:
            # Only a confirmed match lends its verdict (claim_apply_prior_verdict refuses others).
            button: SafeString | str = ""
            if not getattr(source, "match_confirmed", False):
                button = format_html(
                    '<span class="fc-muted">{}</span>',
                    "A reviewer must confirm the match before its verdict can be applied.",
                )
            elif may_edit:
                button = _post_button(
                    request,
                    url("apply"),
                    "Apply prior verdict",
                    {"source": source.pk, "version": claim.version},
                    "default",
                )
            rows.append(
                format_html(
                    "<li>{}<br><strong>{}</strong>: {} {}</li>",
                    _claim_link(source),
                    source.rating,
                    source.summary,
                    button,
                )
            )
        parts.append(format_html("<ul>{}</ul>", format_html_join("", "{}", ((r,) for r in rows))))
    else:
        parts.append(format_html('<p class="fc-muted">{}</p>', "No published claim of this fact."))

    parts.append(format_html("<h3>{}</h3>", "Matches"))
    if matches:
        rows = []
        for match in matches:
            ours = match.claim_id == claim.pk
            other = match.matched if ours else match.claim
            buttons: list[SafeString] = []
            if reviewer and match.status != ClaimMatch.Status.CONFIRMED:
                buttons.append(
                    _post_button(request, url("confirm"), "Confirm", {"match": match.pk})
                )
            if reviewer and match.status != ClaimMatch.Status.REJECTED:
                buttons.append(_post_button(request, url("reject"), "Reject", {"match": match.pk}))
            rows.append(
                format_html(
                    "<tr><td>{}</td><td>{}</td><td>{} ({})</td><td>{}{}</td><td>{}</td></tr>",
                    _claim_link(other),
                    "earlier" if ours else "later",
                    f"{match.score:.2f}",
                    match.method,
                    match.get_status_display(),
                    f" by {match.decided_by}" if match.decided_by_id else "",
                    format_html_join("", "{}", ((b,) for b in buttons)),
                )
            )
        parts.append(
            format_html(
                '<table class="fc-matches"><thead><tr><th>claim</th><th>matched</th>'
                "<th>score</th><th>status</th><th></th></tr></thead><tbody>{}</tbody></table>",
                format_html_join("", "{}", ((r,) for r in rows)),
            )
        )
    else:
        parts.append(format_html('<p class="fc-muted">{}</p>', "No matches."))

    if claim.group_id is not None:
        parts.append(format_html("<h3>Group #{}</h3>", claim.group_id))
        parts.append(
            format_html(
                "<ul>{}</ul>",
                format_html_join("", "<li>{}</li>", ((_claim_link(m),) for m in members)),
            )
        )
        if reviewer:
            parts.append(
                _post_button(request, url("split"), "Take this claim out of the group", {})
            )

    return format_html(
        '<section class="fc-panel fc-matching" id="fc-matching" aria-label="{}">{}</section>',
        "Same fact elsewhere",
        format_html_join("", "{}", ((p,) for p in parts)),
    )


# --- bulk actions -----------------------------------------------------------------------------


def _run(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    items: QuerySet,
    call: Callable[[Any], Any],
    done: str,
) -> None:
    ok = 0
    for item in items:
        try:
            call(item)
        except WorkflowError as exc:
            modeladmin.message_user(request, f"#{item.pk}: {exc.message}", messages.ERROR)
        else:
            ok += 1
    if ok:
        modeladmin.message_user(request, f"{done}: {ok}.", messages.SUCCESS)


@admin.action(description="Confirm: same fact (reviewers)")
def confirm_matches(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    _run(
        modeladmin,
        request,
        queryset,
        lambda m: services.claim_match_confirm(match=m, actor=request.user),
        "Confirmed",
    )


@admin.action(description="Reject: different facts (reviewers)")
def reject_matches(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    _run(
        modeladmin,
        request,
        queryset,
        lambda m: services.claim_match_reject(match=m, actor=request.user),
        "Rejected",
    )


@admin.action(description="Take out of its group (reviewers)")
def split_from_group(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet
) -> None:
    _run(
        modeladmin,
        request,
        queryset,
        lambda c: services.claim_group_split(claim=c, actor=request.user),
        "Taken out of their group",
    )


def _apply_latest_prior(claim: Claim, actor: Any) -> None:
    source = services.claim_prior_verdicts(claim, confirmed_only=True).first()
    if source is None:
        raise WorkflowError(
            "No published claim of the same fact with a confirmed match to take a verdict from."
        )
    services.claim_apply_prior_verdict(claim=claim, actor=actor, source=source)


@admin.action(
    description="Apply the prior verdict (latest published confirmed match; still needs review)"
)
def apply_prior_verdict(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet
) -> None:
    _run(
        modeladmin,
        request,
        queryset,
        lambda c: _apply_latest_prior(c, request.user),
        "Prior verdict applied (not published)",
    )


def _add_actions(actions: dict[str, Any], functions: list[Callable[..., None]]) -> dict[str, Any]:
    for function in functions:
        name = function.__name__
        actions[name] = (function, name, getattr(function, "short_description", name))
    return actions


# --- the mixins -------------------------------------------------------------------------------


class ClaimMatchingAdminMixin(ClaimSearchAdminMixin):
    """For ClaimAdmin: the panel, its endpoints, the bulk actions and full-text search."""

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        extra: list[Callable[..., None]] = [apply_prior_verdict]
        if is_reviewer(request.user):
            extra.append(split_from_group)
        return _add_actions(actions, extra)

    def get_urls(self) -> list[Any]:
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/matching/<slug:action>/",
                self.admin_site.admin_view(self.matching_view),
                name=f"{opts.app_label}_{opts.model_name}_matching",
            ),
            *super().get_urls(),
        ]

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
            context["fc_matching"] = matching_panel(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def matching_view(self, request: HttpRequest, object_id: str, action: str) -> HttpResponse:
        """POST only: confirm / reject a match, split from the group, apply a prior verdict."""
        claim = self.get_object(request, unquote(object_id))
        if claim is None:
            return self._get_obj_does_not_exist_redirect(  # type: ignore[attr-defined]
                request, self.opts, object_id
            )
        back = HttpResponseRedirect(
            reverse("admin:claims_claim_change", args=[claim.pk]) + "#fc-matching"
        )
        if request.method != "POST":
            return back
        if not self.has_change_permission(request, claim):
            self.message_user(request, "You may view claims but not change them.", messages.ERROR)
            return back
        try:
            done = self._matching_action(request, claim, action)
        except WorkflowError as exc:
            self.message_user(request, exc.message, messages.ERROR)
        else:
            self.message_user(request, done, messages.SUCCESS)
        return back

    def _matching_action(self, request: HttpRequest, claim: Claim, action: str) -> str:
        user = request.user
        if action in ("confirm", "reject"):
            pk = _id_or_none(request.POST.get("match", ""))
            match = (
                ClaimMatch.objects.filter(Q(claim_id=claim.pk) | Q(matched_id=claim.pk))
                .filter(pk=pk)
                .first()
                if pk is not None
                else None
            )
            if match is None:
                raise WorkflowError("That match is not one of this claim's.")
            if action == "confirm":
                confirmed = services.claim_match_confirm(match=match, actor=user)
                groups = set(
                    Claim.objects.filter(
                        pk__in=[confirmed.claim_id, confirmed.matched_id]
                    ).values_list("group_id", flat=True)
                )
                if len(groups) == 1 and None not in groups:
                    return "Match confirmed: the claims are in one group."
                return (
                    "Match confirmed. The claims stay in separate groups: another member "
                    "states a different fact or was rejected as a pair."
                )
            services.claim_match_reject(match=match, actor=user)
            return "Match rejected: it will not be suggested again."
        if action == "split":
            services.claim_group_split(claim=claim.pk, actor=user)
            return "The claim was taken out of its group."
        if action == "apply":
            source = _id_or_none(request.POST.get("source", ""))
            version = _id_or_none(request.POST.get("version", ""))
            if source is None or version is None:
                raise WorkflowError("The page is incomplete; reload the claim and try again.")
            services.claim_apply_prior_verdict(
                claim=claim.pk, actor=user, source=source, expected_version=version
            )
            return (
                f"Prior verdict of claim #{source} applied. The claim keeps its status: "
                "it still goes through review before publication."
            )
        raise WorkflowError(f"“{action}” is not a matching action.")


class ClaimMatchAdminMixin(_ModelAdmin):
    """For ClaimMatchAdmin: confirm and reject in bulk (reviewers)."""

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        if is_reviewer(request.user):
            _add_actions(actions, [confirm_matches, reject_matches])
        return actions
