"""A prefork worker keeps one database pool per process across tasks, instead of the new pool
per task Celery's Django fixup would open (see CELERY_DB_REUSE_MAX in the settings)."""

from __future__ import annotations

import pytest
from celery import Celery
from django.db import connection

from articles.models import Article
from tests.factcheck.pipeline_stack import PipelineStack, wait_for
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.celery, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def sessions_opened() -> int:
    """Connections ever opened to the test database (PostgreSQL 14+ counts them)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT sessions FROM pg_stat_database WHERE datname = current_database()")
        return int(cursor.fetchone()[0])


@pytest.mark.parametrize("pool", ["1", "0"], ids=["django-pool", "persistent-connection"])
def test_a_worker_process_reuses_its_database_connections_across_tasks(tmp_path, pool):
    stack = PipelineStack(tmp_path, DATABASE_POOL=pool, DATABASE_POOL_MIN="1")
    try:
        stack.start_broker()
        stack.start_worker("fast", ["extraction"], concurrency=1)
        ids = [ArticleFactory(extraction_status="pending").pk for _ in range(60)]
        # The worker is up (its first task done) before counting.
        sender = Celery(broker=stack.env["REDIS_URL"])

        def send(article_ids: list[int]) -> None:
            for pk in article_ids:
                sender.send_task(
                    "claims.tasks.extract_article_claims",
                    args=[pk],
                    queue=stack.queues["extraction"],
                )

        send(ids[:1])
        wait_for(lambda: Article.objects.filter(pk=ids[0], extraction__status="done"), 60, "up")
        before = sessions_opened()
        send(ids[1:])
        wait_for(
            lambda: not Article.objects.filter(pk__in=ids).exclude(extraction__status="done"),
            120,
            "all extracted",
        )
        opened = sessions_opened() - before
    finally:
        stack.stop()
    # 59 tasks; our own test connection's queries open none. A pool per task would open >= 59.
    assert opened <= 3, f"{opened} connections opened for 59 tasks"
