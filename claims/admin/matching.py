"""Matching in the admin: the claim page's panel, its endpoints, the bulk actions, the match list.

    class ClaimAdmin(ClaimMatchingAdminMixin, admin.ModelAdmin): ...  (claims/admin/claim.py)
    class ClaimMatchAdmin(ClaimMatchAdminMixin, admin.ModelAdmin): ...  (below)

and the claim page template (admin/claims/claim/change_form.html) shows the panel with one line,
outside the main form (the panel has its own forms):

    {{ fc_matching }}

`ClaimMatchingAdminMixin` gives the claim page its "Same fact elsewhere" panel (`fc_matching` in
the context, built by matching_panel.py): the prior verdicts of published claims of the same
fact with an "Apply prior verdict" button, the claim's matches in both directions with Confirm /
Reject for reviewers, and its group with "Take out of the group" for reviewers. It adds the POST
endpoints behind those buttons (`admin:claims_claim_matching`), the bulk actions
`split_from_group` and `apply_prior_verdict`, and full-text search over the claim text and the
article title (search.py).

Everything calls `claims.services.matching`; a refusal is shown as an error message, never a 500.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse

from claims.admin.base import pk_or_none
from claims.admin.matching_panel import matching_panel
from claims.admin.search import ClaimSearchAdminMixin
from claims.models import Claim, ClaimMatch
from claims.roles import is_reviewer
from claims.services import matching as services
from claims.services.workflow import WorkflowError
from factcheck.admin_readonly import ReadOnlyAdminMixin

# The mixins go before admin.ModelAdmin in a ModelAdmin's bases; the checker sees them as one.
if TYPE_CHECKING:
    _ModelAdmin = admin.ModelAdmin[ClaimMatch]
else:
    _ModelAdmin = object


# --- bulk actions -----------------------------------------------------------------------------


def _run(
    modeladmin: admin.ModelAdmin[Any],
    request: HttpRequest,
    items: QuerySet[Any],
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
def confirm_matches(
    modeladmin: admin.ModelAdmin[Any], request: HttpRequest, queryset: QuerySet[Any]
) -> None:
    _run(
        modeladmin,
        request,
        queryset,
        lambda m: services.claim_match_confirm(match=m, actor=request.user),
        "Confirmed",
    )


@admin.action(description="Reject: different facts (reviewers)")
def reject_matches(
    modeladmin: admin.ModelAdmin[Any], request: HttpRequest, queryset: QuerySet[Any]
) -> None:
    _run(
        modeladmin,
        request,
        queryset,
        lambda m: services.claim_match_reject(match=m, actor=request.user),
        "Rejected",
    )


@admin.action(description="Take out of its group (reviewers)")
def split_from_group(
    modeladmin: admin.ModelAdmin[Any], request: HttpRequest, queryset: QuerySet[Any]
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
    modeladmin: admin.ModelAdmin[Any], request: HttpRequest, queryset: QuerySet[Any]
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
            return self._get_obj_does_not_exist_redirect(  # type: ignore[attr-defined,no-any-return]
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
            pk = pk_or_none(request.POST.get("match", ""))
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
            source = pk_or_none(request.POST.get("source", ""))
            version = pk_or_none(request.POST.get("version", ""))
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


@admin.register(ClaimMatch)
class ClaimMatchAdmin(ReadOnlyAdminMixin, ClaimMatchAdminMixin, admin.ModelAdmin):
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
