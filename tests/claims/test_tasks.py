"""The claims tasks: retries of transient errors, and the whole path through a real Celery worker
on the real Redis broker (import, fan-out, sweep)."""

from __future__ import annotations

import datetime as dt
import io
import time

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.utils import timezone

from articles.models import Article
from claims.demo import DEMO_ARTICLES
from claims.models import Claim
from claims.services.extraction import article_extract, extraction_start, extraction_sweep
from claims.tasks import MAX_RETRIES, extract_article_claims
from tests.claims.services.test_extraction import HARBOUR, pending
from tests.factories import ArticleFactory


@pytest.mark.django_db
def test_a_transient_database_error_is_retried_then_recorded_as_failed(monkeypatch):
    article = pending(body=HARBOUR)

    def flaky(*, article_id, takeover=False):
        extraction_start(article_id)
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("claims.tasks.article_extract", flaky)
    result = extract_article_claims.apply(args=(article.pk,))  # eager: retries run in place
    assert result.state == "FAILURE" and isinstance(result.result, OperationalError)
    article.refresh_from_db()
    assert article.extraction_attempts == 1 + MAX_RETRIES  # the first run and every retry
    # Out of retries: failed with the reason, not left pending for the sweep to loop on.
    assert article.extraction_status == "failed"
    assert article.extraction_error.startswith(f"Gave up after {MAX_RETRIES} retries")
    assert "server closed the connection unexpectedly" in article.extraction_error


@pytest.mark.django_db
def test_a_transient_error_is_released_to_pending_between_retries(monkeypatch):
    article = pending(body=HARBOUR)
    calls = []

    def flaky_once(*, article_id, takeover=False):
        calls.append(article_id)
        if len(calls) == 1:
            extraction_start(article_id)
            raise OperationalError("the database system is starting up")
        return article_extract(article_id=article_id)

    monkeypatch.setattr("claims.tasks.article_extract", flaky_once)
    result = extract_article_claims.apply(args=(article.pk,))
    assert result.state == "SUCCESS", result.result
    article.refresh_from_db()
    assert article.extraction_status == "done"  # the retry could take the released article
    assert article.claims.filter(text__contains="4.2 million containers").exists()


# --- through a real worker --------------------------------------------------------------------


def wait_for(predicate, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_import_enqueues_on_commit_and_a_real_worker_extracts(celery_worker, corpus_dir):
    out = io.StringIO()
    call_command(
        "import_articles", str(corpus_dir / "seed_articles.jsonl"), str(DEMO_ARTICLES), stdout=out
    )
    assert out.getvalue().startswith("9 created")
    assert wait_for(lambda: not Article.objects.exclude(extraction__status="done").exists()), list(
        Article.objects.values_list("extraction__status", "extraction__error")
    )
    tsmc = Claim.objects.filter(text__contains="1.88 million").first()
    assert tsmc is not None and 1_880_000 in [q["value"] for q in tsmc.quantities]
    layoff = Claim.objects.filter(text__contains="10 percent of its global workforce").first()
    assert layoff is not None
    assert Claim.objects.filter(consistency_flag="inconsistent").exists()  # the harbour demo
    # Importing again creates nothing and queues nothing.
    out = io.StringIO()
    call_command("import_articles", str(corpus_dir / "seed_articles.jsonl"), stdout=out)
    assert out.getvalue().startswith("0 created, 0 updated, 5 unchanged")


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_sweep_recovers_an_article_whose_task_was_never_delivered(celery_worker):
    # What a broker outage at import time leaves: pending, queued long ago, no task in Redis.
    article = ArticleFactory(
        body=HARBOUR,
        extraction_status="pending",
        extraction_queued_at=timezone.now() - dt.timedelta(hours=1),
    )
    assert extraction_sweep().requeued == [article.pk]
    assert wait_for(
        lambda: Article.objects.filter(pk=article.pk, extraction__status="done").exists()
    )
    assert Claim.objects.filter(article=article).count() == 3


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_a_bulk_import_fans_out_in_batches_through_the_worker(celery_worker):
    from articles.models import ImportBatch
    from articles.readers import RawRow
    from articles.services import article_import
    from claims.services.extraction import FAN_OUT_OVER

    n = FAN_OUT_OVER + 10
    rows = [
        RawRow("bench", f"item {i}", {"title": f"Town {i}", "body": f"Town {i} has {i + 3} parks."})
        for i in range(n)
    ]
    result = article_import(rows=rows, origin=ImportBatch.Origin.API)
    assert (result.created, result.enqueued) == (n, n)
    assert wait_for(lambda: Article.objects.filter(extraction__status="done").count() == n)
    assert Claim.objects.count() == n


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_a_batch_sent_twice_is_extracted_exactly_once_by_the_real_worker(celery_worker):
    from claims.extraction import extract
    from claims.queueing import EXTRACT_ARTICLES
    from factcheck.queueing import TaskPublisher

    articles = [
        ArticleFactory(
            body=f"Town {i} opened {i + 3} new parks, the mayor said. It spent ${i + 2}.5 million.",
            extraction_status="pending",
        )
        for i in range(30)
    ]
    ids = [a.pk for a in articles]
    # The same batch twice (a sweep and the import both rang), and one article in a second batch.
    TaskPublisher().publish(EXTRACT_ARTICLES, [(ids,), (ids,), ([ids[0]],)])
    assert wait_for(
        lambda: Article.objects.filter(pk__in=ids, extraction__status="done").count() == 30
    )
    assert wait_for(
        lambda: (
            not Claim.objects.filter(article_id__in=ids, matching_queued_at__isnull=False).exists()
        )
    )
    for article in Article.objects.filter(pk__in=ids):
        assert article.extraction_attempts == 1
        stored = sorted(article.claims.values_list("start", "end"))
        assert stored == sorted((f.start, f.end) for f in extract(article.body))  # no duplicate


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_an_old_one_article_message_is_still_extracted_by_the_real_worker(celery_worker):
    from claims.queueing import EXTRACT_ARTICLE_CLAIMS
    from factcheck.queueing import TaskPublisher

    article = ArticleFactory(body=HARBOUR, extraction_status="pending")
    TaskPublisher().publish(EXTRACT_ARTICLE_CLAIMS, [(article.pk,)])  # sent before a deploy
    assert wait_for(
        lambda: Article.objects.filter(pk=article.pk, extraction__status="done").exists()
    )
    assert Claim.objects.filter(article=article).count() == 3
