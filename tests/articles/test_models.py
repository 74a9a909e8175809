"""The article's extraction state, in its own narrow row (articles.models.ArticleExtraction): one
per article however the article is inserted, its status checked by the database, and the
migration that moved it there kept every article's state."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from articles.models import Article, ArticleExtraction
from tests.factories import ArticleFactory


@pytest.mark.django_db
def test_every_new_article_is_pending_extraction_however_it_is_inserted():
    made = Article.objects.create(title="Made", body="Text.", content_hash="a" * 64)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO articles_article (title, body, outlet, authors, language, content_hash,"
            " created_at, updated_at) SELECT 'Raw ' || g, 'Text ' || g, '', '[]', '',"
            " md5(g::text), now(), now() FROM generate_series(1, 3) g"
        )
    articles = Article.objects.select_related("extraction").order_by("pk")
    assert [(a.title, a.extraction_status) for a in articles] == [
        ("Made", "pending"),
        ("Raw 1", "pending"),
        ("Raw 2", "pending"),
        ("Raw 3", "pending"),
    ]
    assert all(a.extraction_queued_at is not None for a in articles)
    assert ArticleExtraction.objects.get(pk=made.pk).attempts == 0


@pytest.mark.django_db
def test_the_database_refuses_an_unknown_extraction_status():
    article = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleExtraction.objects.filter(pk=article.pk).update(status="lost")


@pytest.mark.django_db
def test_deleting_an_article_deletes_its_extraction_state():
    article = ArticleFactory()
    article.delete()
    assert not ArticleExtraction.objects.filter(pk=article.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_each_existing_articles_extraction_state():
    executor = MigrationExecutor(connection)
    executor.migrate([("articles", "0003_article_search_pending_list")])
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO articles_article (title, body, outlet, authors, language,"
                " content_hash, created_at, updated_at, extraction_status, extraction_error,"
                " extraction_attempts, extraction_queued_at, extraction_started_at,"
                " extraction_finished_at, extractor_version, extracted_revision) VALUES"
                " ('Done', 'Text.', '', '[]', '', 'a', now(), now(), 'done', '', 1,"
                "  '2026-01-02T10:00Z', '2026-01-02T10:01Z', '2026-01-02T10:02Z', '2026.3', 2),"
                " ('Failed', 'Text.', '', '[]', '', 'b', now(), now(), 'failed', 'boom', 5,"
                "  '2026-01-03T10:00Z', '2026-01-03T10:01Z', '2026-01-03T10:02Z', '', NULL),"
                " ('Waiting', 'Text.', '', '[]', '', 'c', now(), now(), 'pending', '', 0,"
                "  NULL, NULL, NULL, '', NULL)"
            )
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
        states = {
            a.title: (
                a.extraction_status,
                a.extraction_error,
                a.extraction_attempts,
                a.extraction_queued_at and a.extraction_queued_at.isoformat(),
                a.extraction_finished_at and a.extraction_finished_at.isoformat(),
                a.extractor_version,
                a.extracted_revision,
            )
            for a in Article.objects.select_related("extraction")
        }
        assert states == {
            "Done": (
                "done",
                "",
                1,
                "2026-01-02T10:00:00+00:00",
                "2026-01-02T10:02:00+00:00",
                "2026.3",
                2,
            ),
            "Failed": (
                "failed",
                "boom",
                5,
                "2026-01-03T10:00:00+00:00",
                "2026-01-03T10:02:00+00:00",
                "",
                None,
            ),
            "Waiting": ("pending", "", 0, None, None, "", None),
        }
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
