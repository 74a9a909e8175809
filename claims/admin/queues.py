"""The claim list's views (My queue / Triage / Awaiting review / All claims) and its filters."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.db.models import QuerySet
from django.http import HttpRequest

from articles.models import Article
from claims.admin.base import pk_or_none
from claims.models import Claim, ClaimStatus
from claims.roles import is_editor, is_reviewer
from claims.selectors import assignable_users, overdue_q

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
