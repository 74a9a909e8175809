from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Q

from factcheck import rows

ARTICLE_SEARCH_PENDING_LIST_KB = 32 * 1024


class ImportBatch(models.Model):
    """One run of the import service: a command-line import, an API post, an upload or a feed."""

    class Origin(models.TextChoices):
        COMMAND_LINE = "cli", "Command line"
        API = "api", "API"
        ADMIN_UPLOAD = "admin", "Admin upload"
        FEED = "feed", "Feed"

    origin = models.CharField(max_length=8, choices=Origin.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_batches",
    )
    source = models.CharField(max_length=1000, blank=True, help_text="Files or feed URLs read.")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    failed_count = models.PositiveIntegerField(default=0)
    # [{"source": file or "api", "location": "line 12" / "row 3" / "item 2",
    #   "field": "body", "message": "..."}]
    errors = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "import batches"
        indexes = [models.Index(fields=["-created_at"], name="importbatch_created_idx")]

    def __str__(self) -> str:
        return f"{self.get_origin_display()} import #{self.pk} ({self.created_at:%Y-%m-%d %H:%M})"


class ExtractionStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


def _extraction_field(name: str, doc: str) -> property:
    def read(article: Article) -> object:
        return getattr(article.extraction, name)

    read.admin_order_field = f"extraction__{name}"  # type: ignore[attr-defined]  # sortable list
    return property(read, doc=doc)


class Article(models.Model):
    ExtractionStatus = ExtractionStatus

    url = models.URLField(
        max_length=2000, null=True, blank=True, help_text="Canonical URL; unique when present."
    )
    title = models.CharField(max_length=1000)
    body = models.TextField(help_text="Plain text; never rendered as HTML.")
    outlet = models.CharField(max_length=300, blank=True)
    authors = models.JSONField(default=list, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=16, blank=True)
    content_hash = models.CharField(
        max_length=64,
        help_text="SHA-256 of the normalised title and body; dedupes URL-less articles.",
    )
    import_batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Full-text search, title weighted over body; kept by PostgreSQL itself.
    search_vector = models.GeneratedField(
        expression=SearchVector("title", weight="A", config="english")
        + SearchVector("body", weight="B", config="english"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"], condition=Q(url__isnull=False), name="article_unique_url"
            ),
            models.UniqueConstraint(
                fields=["content_hash"],
                condition=Q(url__isnull=True),
                name="article_unique_hash_without_url",
            ),
            models.CheckConstraint(condition=~Q(body=""), name="article_body_not_empty"),
            models.CheckConstraint(condition=~Q(url=""), name="article_url_null_not_empty"),
        ]
        indexes = [
            models.Index(fields=["outlet"], name="article_outlet_idx"),
            models.Index(fields=["-published_at", "-id"], name="article_published_idx"),
            models.Index(fields=["language"], name="article_language_idx"),
            models.Index(fields=["content_hash"], name="article_hash_idx"),
            # A long pending list (32 MB, not 4): each import (and each change of the text) adds
            # an article's few hundred lexemes; appended to the list they are merged into the
            # index in bulk by autovacuum rather than by the import. A search reads the list too.
            GinIndex(
                fields=["search_vector"],
                name="article_search_idx",
                gin_pending_list_limit=ARTICLE_SEARCH_PENDING_LIST_KB,
            ),
        ]

    # Rows read with fields deferred are laid out without Django's per-row test (factcheck/rows.py).
    from_db = rows.from_db

    def __str__(self) -> str:
        return self.title[:120]

    # The extraction state lives in its own narrow row (ArticleExtraction, below); these read it
    # under the names the admin and the API have always shown. Select `extraction` with the
    # articles when listing them. Writes go to ArticleExtraction.
    extraction_status = _extraction_field("status", "pending / running / done / failed")
    extraction_error = _extraction_field("error", "Why the last extraction failed.")
    extraction_attempts = _extraction_field("attempts", "Starts since last queued.")
    extraction_queued_at = _extraction_field("queued_at", "Queued for extraction at.")
    extraction_started_at = _extraction_field("started_at", "The running attempt's token.")
    extraction_finished_at = _extraction_field("finished_at", "Done or failed at.")
    extractor_version = _extraction_field("extractor_version", "Engine of the last extraction.")
    extracted_revision = _extraction_field("extracted_revision", "Revision the claims index.")

    def get_extraction_status_display(self) -> str:
        return self.extraction.get_status_display()


class ArticleExtraction(models.Model):
    """An article's extraction state, one narrow row per article, created with it (a trigger on
    the article table inserts it as *pending*, queued at the insert's time: every article has
    one, however it was inserted).

    Apart from the article because it changes three or more times per article (pending ->
    running -> done, and back on a re-run): on the wide article row each change wrote a new row
    version, recomputed its search vector and re-inserted its lexemes into the GIN index. Here a
    change writes a few dozen bytes. The status guards (conditional updates, the running
    attempt's `started_at` as its token) are on this row; a writer that changes the article's
    text locks the article row first, then this one (the same order everywhere)."""

    article = models.OneToOneField(
        Article, primary_key=True, on_delete=models.CASCADE, related_name="extraction"
    )
    status = models.CharField(
        max_length=8, choices=ExtractionStatus.choices, default=ExtractionStatus.PENDING
    )
    error = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    extractor_version = models.CharField(max_length=32, blank=True)
    # The revision (ArticleRevision.number) the claims' spans index: set by the extraction that
    # stored them; a later revision re-anchors them first (claims.services.anchoring).
    extracted_revision = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "running", "done", "failed"]),
                name="articleextraction_status_valid",
            ),
        ]
        indexes = [
            # What the sweep, the pipeline panel and the matcher's yield look for.
            models.Index(
                fields=["status", "queued_at"],
                condition=Q(status__in=["pending", "running"]),
                name="articleextraction_todo_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Extraction of article #{self.article_id}: {self.status}"


class ArticleRevision(models.Model):
    """One version of an article's body, as an import (or an update) brought it. Revision 1 is
    the body the article was created with; each later body that differs adds the next number,
    with the diff against the one before, in the same transaction as the change."""

    class Origin(models.TextChoices):
        COMMAND_LINE = "cli", "Command line (files)"
        API = "api", "API"
        ADMIN_UPLOAD = "admin", "Admin upload"
        FEED = "feed", "Feed"
        UPDATE = "update", "API update"
        EXISTING = "existing", "Before revisions were kept"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    body = models.TextField()
    content_hash = models.CharField(max_length=64, help_text="SHA-256 of the body.")
    origin = models.CharField(max_length=8, choices=Origin.choices)
    source = models.CharField(
        max_length=1000, blank=True, help_text="Files, feed or page the body came from."
    )
    import_batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="revisions"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A unified diff (lines; one paragraph a line) against the previous revision; empty for 1.
    diff = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "number"], name="articlerevision_unique_number"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="articlerevision_number_1_up"),
            models.CheckConstraint(condition=~Q(body=""), name="articlerevision_body_not_empty"),
            models.CheckConstraint(
                condition=Q(origin__in=["cli", "api", "admin", "feed", "update", "existing"]),
                name="articlerevision_origin_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"Revision {self.number} of article #{self.article_id}"
