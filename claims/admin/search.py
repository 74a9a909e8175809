"""Full-text search in the admin's search box, over the models' GIN-indexed `search_vector`."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import BooleanField, F, Func, Q, QuerySet
from django.http import HttpRequest

from articles.models import Article
from claims.admin.base import pk_or_none
from claims.search import search_query


class FullTextSearchAdminMixin(admin.ModelAdmin):
    """The admin search box uses the model's GIN-indexed `search_vector` (web-search syntax:
    words, "a phrase", -word, or). A number also finds that id. Odd input finds nothing rather
    than failing. Results keep the admin's ordering (its columns sort them).

    A ModelAdmin itself, so that it may also come after another admin class in the bases, as
    the next search in line (claims/admin/article.py)."""

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        term = (search_term or "").strip()
        if not term:
            return queryset, False
        found = queryset.filter(self.search_condition(search_query(term)))
        pk = pk_or_none(term.lstrip("#"))
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
