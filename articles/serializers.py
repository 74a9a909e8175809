from typing import Any, cast

from django.core.validators import RegexValidator
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

from articles.models import Article, ArticleRevision
from factcheck.api.schema import ProblemSerializer

# Documentation for the schema: a value that is only spaces counts as missing.
HAS_TEXT = RegexValidator(r"\S")


class ArticleSerializer(serializers.ModelSerializer[Article]):
    claim_count = serializers.IntegerField(read_only=True, required=False)
    snippet = serializers.SerializerMethodField(
        help_text="With `q`: HTML, the body's best fragments with the hits in <mark>."
    )
    title_html = serializers.SerializerMethodField(
        help_text="With `q`: HTML, the title with the hits in <mark>."
    )

    # The extraction state is its own row (articles.models.ArticleExtraction), shown under the
    # names the API has always had.
    extraction_status = serializers.ChoiceField(
        source="extraction.status", choices=Article.ExtractionStatus.choices, read_only=True
    )
    extraction_error = serializers.CharField(source="extraction.error", read_only=True)
    extractor_version = serializers.CharField(source="extraction.extractor_version", read_only=True)

    def get_snippet(self, obj: Article) -> str | None:
        return getattr(obj, "snippet", None)

    def get_title_html(self, obj: Article) -> str | None:
        return getattr(obj, "title_html", None)

    class Meta:
        model = Article
        fields = [
            "id",
            "url",
            "title",
            "body",
            "outlet",
            "authors",
            "published_at",
            "language",
            "content_hash",
            "import_batch",
            "extraction_status",
            "extraction_error",
            "extractor_version",
            "created_at",
            "updated_at",
            "claim_count",
            "snippet",
            "title_html",
        ]
        read_only_fields = fields


class ArticleRevisionSerializer(serializers.ModelSerializer[ArticleRevision]):
    """One version of the article's body, newest first; `diff` is a unified diff (by lines) against
    the revision before, empty for revision 1."""

    created_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = ArticleRevision
        fields = [
            "number",
            "body",
            "content_hash",
            "origin",
            "source",
            "import_batch",
            "created_by",
            "created_at",
            "diff",
        ]
        read_only_fields = fields


class ArticleInputSerializer(serializers.Serializer[Any]):
    """What an import row or an update may carry (documentation; the import service validates)."""

    url = serializers.URLField(
        required=False,
        allow_null=True,
        validators=[RegexValidator(r"^https?://[^\s/]")],
        help_text="http(s); at most 2,000 characters once trimmed.",
    )
    title = serializers.CharField(max_length=1000, validators=[HAS_TEXT])
    body = serializers.CharField(
        help_text="Plain text or HTML (stored as plain text).", validators=[HAS_TEXT]
    )
    outlet = serializers.CharField(required=False, allow_blank=True)
    authors = serializers.ListField(child=serializers.CharField(), required=False)
    published_at = serializers.CharField(
        required=False, allow_null=True, help_text="ISO 8601 or RFC 2822."
    )
    language = serializers.CharField(required=False, allow_blank=True)


# `errors` cannot be a declared field (it would shadow Serializer.errors): built inline.
ImportItemSerializer = inline_serializer(
    name="ImportItem",
    fields={
        "index": serializers.IntegerField(),
        "outcome": serializers.ChoiceField(choices=["created", "updated", "unchanged", "failed"]),
        "id": serializers.IntegerField(allow_null=True),
        "errors": serializers.DictField(child=serializers.ListField(child=serializers.CharField())),
    },
    many=True,
)


class ImportResponseSerializer(serializers.Serializer[Any]):
    import_batch = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    failed = serializers.IntegerField()
    items = ImportItemSerializer


# The ImportItem component again, optional in a problem.
_IMPORT_ITEM: Any = type(cast(serializers.ListSerializer[Any], ImportItemSerializer).child)


class ImportProblemSerializer(ProblemSerializer):
    """A 400 from the import: a problem (factcheck.api.errors); when every item failed, it
    carries the import's report as well."""

    import_batch = serializers.IntegerField(required=False)
    created = serializers.IntegerField(required=False)
    updated = serializers.IntegerField(required=False)
    unchanged = serializers.IntegerField(required=False)
    failed = serializers.IntegerField(required=False)
    items = _IMPORT_ITEM(many=True, required=False)
