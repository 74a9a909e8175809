"""Full-text search: the query every search box uses, highlighting, and the article selector.

`search_query(q)` is the one way a user's text becomes a tsquery (web-search syntax), for
articles here and for claims above (`claims.search`, the claims filters, the admin).
`article_search(qs, q)` filters with `search_vector @@ websearch_to_tsquery(...)` (so the GIN
index serves it), ranks with `ts_rank` (title weight A over body weight B), and annotates
`rank`, `snippet` and `title_html`.

`snippet` and `title_html` are **HTML**: the text is escaped in SQL after `ts_headline` ran with
control-character markers, then the markers become `<mark>`/`</mark>`. So it can be inserted into
a page as is, and a headline never turns a `<script>` in an article into markup. Do not escape it
again.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import F, QuerySet, TextField, Value
from django.db.models.expressions import Combinable
from django.db.models.functions import Replace

from articles.models import Article

MAX_QUERY_LENGTH = 500
# Markers ts_headline puts around hits; control characters, so they cannot occur in news text.
_START = "\u0002"
_STOP = "\u0003"
_HTML_ESCAPES = [("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;")]


def search_query(q: str) -> SearchQuery:
    """Web-search syntax ("quoted phrase", -excluded, or): never a syntax error on odd input."""
    return SearchQuery(q[:MAX_QUERY_LENGTH], search_type="websearch", config="english")


def highlighted(expression: str | Combinable, query: SearchQuery, **options: object) -> Replace:
    """`ts_headline` of `expression` as safe HTML with `<mark>` around the hits."""
    headline = SearchHeadline(
        expression,
        query,
        config="english",
        start_sel=_START,
        stop_sel=_STOP,
        **options,  # type: ignore[arg-type]
    )
    out: Replace | SearchHeadline = headline
    for raw, escaped in [*_HTML_ESCAPES, (_START, "<mark>"), (_STOP, "</mark>")]:
        out = Replace(out, Value(raw), Value(escaped), output_field=TextField())
    return out  # type: ignore[return-value]


def article_search(queryset: QuerySet[Article], q: str) -> QuerySet[Article]:
    """Articles matching `q`, best first: a hit in the title weighs more than one in the body.
    Annotated with `rank`, `snippet` (HTML, from the body, up to two fragments) and `title_html`
    (HTML, the whole title with its hits marked)."""
    q = (q or "").strip()
    if not q:
        return queryset.none()
    query = search_query(q)
    return (
        queryset.filter(search_vector=query)
        .annotate(
            rank=SearchRank(F("search_vector"), query),
            snippet=highlighted(
                "body",
                query,
                max_fragments=2,
                max_words=30,
                min_words=10,
                fragment_delimiter=" … ",
            ),
            title_html=highlighted("title", query, highlight_all=True),
        )
        .order_by("-rank", "-id")
    )
