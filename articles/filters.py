import django_filters
from django.db.models import QuerySet

from articles.models import Article
from articles.search import article_search
from factcheck.api.filters import DateTimeFilter
from factcheck.api.params import IdFilter


class ArticleFilter(django_filters.FilterSet):  # type: ignore[misc]  # django-filter has no types
    q = django_filters.CharFilter(
        method="full_text",
        help_text="Full-text search over title (weighted) and body, best first; adds "
        "highlighted `snippet` and `title_html`.",
    )
    outlet = django_filters.CharFilter(field_name="outlet", lookup_expr="iexact")
    published_after = DateTimeFilter(field_name="published_at", lookup_expr="gte")
    published_before = DateTimeFilter(field_name="published_at", lookup_expr="lt")
    import_batch = IdFilter(field_name="import_batch_id")
    # The state lives in its own row (articles.models.ArticleExtraction); same name and choices.
    extraction_status = django_filters.ChoiceFilter(
        field_name="extraction__status", choices=Article.ExtractionStatus.choices
    )

    class Meta:
        model = Article
        fields = ["outlet", "language", "extraction_status", "import_batch"]

    def full_text(self, queryset: QuerySet[Article], name: str, value: str) -> QuerySet[Article]:
        return article_search(queryset, value)
