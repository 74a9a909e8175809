"""Full-text search over claims (GIN-indexed generated tsvector).

`claim_search(qs, q)` filters with `search_vector @@ websearch_to_tsquery(...)` (so the GIN index
serves it), ranks with `ts_rank`, and annotates `rank` and `snippet`: **HTML**, see
`articles.search` (where the query and the highlighting live, shared with article search).
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchRank
from django.db.models import F, QuerySet

from articles.search import MAX_QUERY_LENGTH, highlighted, search_query
from claims.models import Claim

__all__ = ["MAX_QUERY_LENGTH", "claim_search", "search_query"]


def claim_search(queryset: QuerySet[Claim], q: str) -> QuerySet[Claim]:
    """Claims matching `q`, best first, annotated with `rank` and `snippet` (HTML). An empty query
    finds nothing."""
    q = (q or "").strip()
    if not q:
        return queryset.none()
    query = search_query(q)
    return (
        queryset.filter(search_vector=query)
        .annotate(
            rank=SearchRank(F("search_vector"), query),
            snippet=highlighted("text", query, max_words=40, min_words=15),
        )
        .order_by("-rank", "-id")
    )
