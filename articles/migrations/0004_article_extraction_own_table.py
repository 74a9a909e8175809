"""The extraction state moves from the wide article row to its own narrow table
(articles.models.ArticleExtraction): every article's state is copied over, then the columns, the
check constraint and the partial index on the article go. A trigger creates the row (pending,
queued at the insert's time) for each article inserted from now on, however it is inserted."""

import django.db.models.deletion
from django.db import migrations, models


COPY_STATE = """
INSERT INTO articles_articleextraction
    (article_id, status, error, attempts, queued_at, started_at, finished_at,
     extractor_version, extracted_revision)
SELECT id, extraction_status, extraction_error, extraction_attempts, extraction_queued_at,
       extraction_started_at, extraction_finished_at, extractor_version, extracted_revision
FROM articles_article
"""

COPY_STATE_BACK = """
UPDATE articles_article a
SET extraction_status = e.status, extraction_error = e.error,
    extraction_attempts = e.attempts, extraction_queued_at = e.queued_at,
    extraction_started_at = e.started_at, extraction_finished_at = e.finished_at,
    extractor_version = e.extractor_version, extracted_revision = e.extracted_revision
FROM articles_articleextraction e
WHERE e.article_id = a.id
"""

# One statement-level trigger: an import's COPY of 50 articles inserts their 50 rows in one go.
CREATE_WITH_ARTICLE = """
CREATE FUNCTION articles_extraction_create() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO articles_articleextraction
        (article_id, status, error, attempts, queued_at, extractor_version)
    SELECT id, 'pending', '', 0, now(), '' FROM added;
    RETURN NULL;
END
$$;
CREATE TRIGGER articles_extraction_create AFTER INSERT ON articles_article
REFERENCING NEW TABLE AS added FOR EACH STATEMENT
EXECUTE FUNCTION articles_extraction_create();
"""

DROP_CREATE_WITH_ARTICLE = """
DROP TRIGGER articles_extraction_create ON articles_article;
DROP FUNCTION articles_extraction_create();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_article_search_pending_list"),
    ]

    operations = [
        migrations.CreateModel(
            name="ArticleExtraction",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="extraction",
                        serialize=False,
                        to="articles.article",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Pending"),
                            ("running", "Running"),
                            ("done", "Done"),
                            ("failed", "Failed"),
                        ],
                        default="pending",
                        max_length=8,
                    ),
                ),
                ("error", models.TextField(blank=True)),
                ("attempts", models.PositiveIntegerField(default=0)),
                ("queued_at", models.DateTimeField(blank=True, null=True)),
                ("started_at", models.DateTimeField(blank=True, null=True)),
                ("finished_at", models.DateTimeField(blank=True, null=True)),
                ("extractor_version", models.CharField(blank=True, max_length=32)),
                ("extracted_revision", models.PositiveIntegerField(blank=True, null=True)),
            ],
        ),
        migrations.RunSQL(
            COPY_STATE,
            reverse_sql=COPY_STATE_BACK,
        ),
        migrations.RunSQL(CREATE_WITH_ARTICLE, reverse_sql=DROP_CREATE_WITH_ARTICLE),
        migrations.RemoveConstraint(
            model_name="article",
            name="article_extraction_status_valid",
        ),
        migrations.RemoveIndex(
            model_name="article",
            name="article_extraction_todo_idx",
        ),
        migrations.RemoveField(
            model_name="article",
            name="extracted_revision",
        ),
        migrations.RemoveField(
            model_name="article",
            name="extraction_attempts",
        ),
        migrations.RemoveField(
            model_name="article",
            name="extraction_error",
        ),
        migrations.RemoveField(
            model_name="article",
            name="extraction_finished_at",
        ),
        migrations.RemoveField(
            model_name="article",
            name="extraction_queued_at",
        ),
        migrations.RemoveField(
            model_name="article",
            name="extraction_started_at",
        ),
        migrations.RemoveField(
            model_name="article",
            name="extraction_status",
        ),
        migrations.RemoveField(
            model_name="article",
            name="extractor_version",
        ),
        migrations.AddIndex(
            model_name="articleextraction",
            index=models.Index(
                condition=models.Q(("status__in", ["pending", "running"])),
                fields=["status", "queued_at"],
                name="articleextraction_todo_idx",
            ),
        ),
        migrations.AddConstraint(
            model_name="articleextraction",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__in", ["pending", "running", "done", "failed"])),
                name="articleextraction_status_valid",
            ),
        ),
    ]
