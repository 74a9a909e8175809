"""The claim list's views (My queue / Triage / Awaiting review / All claims) and its filters."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest

from articles.models import Article
from claims.admin.base import pk_or_none
from claims.models import Annotation, Claim, ClaimMatch, ClaimStatus
from claims.roles import is_editor, is_reviewer
from claims.selectors import assignable_users, overdue_q
from claims.tagging.models import Tag
from claims.tagging.services import tag_filter_q

if TYPE_CHECKING:
    from django.contrib.admin import ModelAdmin

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

    def __init__(
        self,
        request: HttpRequest,
        params: dict[str, list[str]],
        model: type[Claim],
        model_admin: ModelAdmin[Claim],
    ) -> None:
        super().__init__(request, params, model, model_admin)
        self.view = current_view(request)

    def lookups(
        self, request: HttpRequest, model_admin: ModelAdmin[Claim]
    ) -> list[tuple[str, str]]:
        return [(v, VIEWS[v]) for v in views_for(request.user)]

    def value(self) -> str:
        return self.view

    def choices(self, changelist: ChangeList) -> Iterator[Any]:
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.view == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request: HttpRequest, queryset: QuerySet[Claim]) -> QuerySet[Claim]:
        if self.view == "mine":
            return queryset.filter(
                assignee_id=request.user.pk,
                status__in=[ClaimStatus.ASSIGNED, ClaimStatus.IN_PROGRESS],
            )
        if self.view == "triage":
            return queryset.filter(status=ClaimStatus.NEW)
        if self.view == "review":
            return queryset.filter(status=ClaimStatus.IN_REVIEW)
        return queryset


class AssigneeFilter(admin.SimpleListFilter):
    title = "assignee"
    parameter_name = "assignee"

    def lookups(
        self, request: HttpRequest, model_admin: ModelAdmin[Claim]
    ) -> list[tuple[str, str]]:
        users = assignable_users().values_list("pk", "username")
        return [("none", "Unassigned"), *((str(pk), name) for pk, name in users)]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Claim]) -> QuerySet[Claim]:
        value = self.value()
        if value == "none":
            return queryset.filter(assignee__isnull=True)
        pk = pk_or_none(value or "")
        if pk is not None:
            return queryset.filter(assignee_id=pk)
        return queryset


class OutletFilter(admin.SimpleListFilter):
    title = "outlet"
    parameter_name = "outlet"

    def lookups(
        self, request: HttpRequest, model_admin: ModelAdmin[Claim]
    ) -> list[tuple[str, str]]:
        outlets = (
            Article.objects.exclude(outlet="")
            .order_by("outlet")
            .values_list("outlet", flat=True)
            .distinct()[:200]
        )
        return [(o, o) for o in outlets]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Claim]) -> QuerySet[Claim]:
        if self.value():
            return queryset.filter(article__outlet=self.value())
        return queryset


class ClaimChangeList(ChangeList):
    """Marks the column the current view is really sorted by (My queue: due date), not the model's
    default ordering, which Django's ChangeList assumes."""

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        self._fc_request = request
        super().__init__(request, *args, **kwargs)

    def _get_default_ordering(self) -> list[Any]:
        return list(self.model_admin.get_ordering(self._fc_request))

    def get_queryset(self, request: HttpRequest, exclude_parameters: Any = None) -> QuerySet[Any]:
        # The markers' data comes with the rows, as subqueries: no query per row.
        return with_queue_markers(super().get_queryset(request, exclude_parameters))


# --- markers: "sent back" (My queue) and "matches a published claim" (Triage) ----------------

_RETURNS = [Annotation.Kind.SEND_BACK, Annotation.Kind.REOPEN]


def _last_return() -> QuerySet[Annotation]:
    """The claim's latest send-back or reopen note: the latest says why it is back in work."""
    return Annotation.objects.filter(claim_id=OuterRef("pk"), kind__in=_RETURNS).order_by(
        "-created_at", "-id"
    )


def sent_back_q() -> Q:
    """In progress because a reviewer sent it back (not yet resubmitted)."""
    return Q(status=ClaimStatus.IN_PROGRESS) & Q(
        Exists(_last_return().filter(kind=Annotation.Kind.SEND_BACK)[:1])
    )


def _published_matches() -> QuerySet[Claim]:
    """Published claims matched with the outer claim (either direction, not rejected), newest
    first; used inside a subquery of the claim list."""
    outer = OuterRef(OuterRef("pk"))
    linked = ClaimMatch.objects.exclude(status=ClaimMatch.Status.REJECTED)
    return (
        Claim.objects.filter(status=ClaimStatus.PUBLISHED)
        .filter(
            Exists(linked.filter(claim_id=outer, matched_id=OuterRef("pk")))
            | Exists(linked.filter(matched_id=outer, claim_id=OuterRef("pk")))
        )
        .order_by("-published_at", "-id")
    )


def matches_published_q() -> Q:
    return Q(Exists(_published_matches().values("pk")[:1]))


def with_queue_markers(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Adds `fc_sent_back_note` (the reviewer's note, on claims sent back) and
    `fc_prior_claim` / `fc_prior_verdict` (the newest published claim it matches, its rating)."""
    last_send_back = _last_return()
    return queryset.annotate(
        fc_last_return_kind=Subquery(last_send_back.values("kind")[:1]),
        fc_last_return_note=Subquery(last_send_back.values("body")[:1]),
        fc_prior_claim=Subquery(_published_matches().values("pk")[:1]),
        fc_prior_verdict=Subquery(_published_matches().values("rating__label")[:1]),
    )


def sent_back_count(user: Any) -> int:
    return Claim.objects.filter(sent_back_q(), assignee_id=user.pk).count()


def view_title(request: HttpRequest) -> str:
    """The list's title; My queue says how many of its claims were sent back (one query)."""
    view = current_view(request)
    if view == "mine":
        count = sent_back_count(request.user)
        if count:
            return f"{VIEWS[view]} · {count} sent back"
    return VIEWS[view]


class SentBackFilter(admin.SimpleListFilter):
    title = "sent back"
    parameter_name = "sent_back"

    def lookups(
        self, request: HttpRequest, model_admin: ModelAdmin[Claim]
    ) -> list[tuple[str, str]]:
        return [("yes", "Sent back"), ("no", "Not sent back")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Claim]) -> QuerySet[Claim]:
        if self.value() == "yes":
            return queryset.filter(sent_back_q())
        if self.value() == "no":
            return queryset.exclude(sent_back_q())
        return queryset


class RevisedArticleFilter(admin.SimpleListFilter):
    """Claims whose sentence a new revision of the article changed or removed, while in work or
    published (claims.services.anchoring): back to their people's attention."""

    title = "article revised"
    parameter_name = "anchor"

    def lookups(
        self, request: HttpRequest, model_admin: ModelAdmin[Claim]
    ) -> list[tuple[str, str]]:
        return [
            ("attention", "Needs a look (in work or published)"),
            ("changed", "Sentence changed"),
            ("removed", "Sentence removed"),
            ("current", "Current"),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Claim]) -> QuerySet[Claim]:
        value = self.value()
        if value == "attention":
            return queryset.filter(anchor_changed_at__isnull=False)
        if value in ("changed", "removed", "current"):
            return queryset.filter(anchor_status=value)
        return queryset


class MatchesPublishedFilter(admin.SimpleListFilter):
    title = "matches a published claim"
    parameter_name = "matches_published"

    def lookups(
        self, request: HttpRequest, model_admin: ModelAdmin[Claim]
    ) -> list[tuple[str, str]]:
        return [("yes", "Matches a published claim"), ("no", "No published match")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Claim]) -> QuerySet[Claim]:
        if self.value() == "yes":
            return queryset.filter(matches_published_q())
        if self.value() == "no":
            return queryset.exclude(matches_published_q())
        return queryset


class TagFilter(admin.SimpleListFilter):
    title = "tag"
    parameter_name = "tag"

    def lookups(
        self, request: HttpRequest, model_admin: ModelAdmin[Claim]
    ) -> list[tuple[str, str]]:
        tags = Tag.objects.order_by("kind", "name").values_list("kind", "name")[:200]
        return [(f"{kind}:{name}", f"{kind}: {name}") for kind, name in tags]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Claim]) -> QuerySet[Claim]:
        value = (self.value() or "").strip()
        return queryset.filter(tag_filter_q(value)) if value else queryset


class OverdueFilter(admin.SimpleListFilter):
    title = "overdue"
    parameter_name = "overdue"

    def lookups(
        self, request: HttpRequest, model_admin: ModelAdmin[Claim]
    ) -> list[tuple[str, str]]:
        return [("yes", "Overdue"), ("no", "Not overdue")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Claim]) -> QuerySet[Claim]:
        if self.value() == "yes":
            return queryset.filter(overdue_q())
        if self.value() == "no":
            return queryset.exclude(overdue_q())
        return queryset
