"""Fault injection on a stack of real pieces (tests/factcheck/pipeline_stack.py): a hung broker
never hangs the web, and what could not be queued is done once the broker is back, by the sweeps,
with nobody doing anything."""

from __future__ import annotations

import contextlib
import signal
import time

import pytest

from articles.models import Article
from claims.accounts.services import user_token_create
from claims.extraction import extract
from claims.models import Claim
from tests.factcheck.pipeline_stack import PipelineStack, import_rows, news_rows, wait_for
from tests.factories import ReviewerFactory

pytestmark = [pytest.mark.celery, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def body(town: str, n: int) -> str:
    return (
        f"The council of {town} said on Monday that {n:,} households received the winter grant "
        f"in 2024, up 12 percent from the year before. Spending on the scheme reached "
        f"${n // 100} million, according to the budget office."
    )


@pytest.fixture
def stack(request, tmp_path):
    stack = PipelineStack(tmp_path, **getattr(request, "param", {}))
    try:
        stack.start_broker()
        stack.start_worker("fast", ["extraction", "webhooks", "housekeeping"], concurrency=1)
        stack.start_worker("matching", ["matching"], concurrency=1)
        stack.start_beat()
        stack.start_web()
        yield stack
    finally:
        if stack.valkey.process is not None:
            with contextlib.suppress(ProcessLookupError):
                stack.valkey.process.send_signal(signal.SIGCONT)
        stack.stop()


def reviewer_token() -> str:
    """A reviewer's API token (the hashed user tokens of claims.accounts), as the stack's web
    server authenticates it."""
    user = ReviewerFactory()
    _, raw = user_token_create(user=user, actor=user, name="pipeline faults")
    return raw


def fully_done(article_id: int) -> bool:
    article = Article.objects.get(pk=article_id)
    claims = Claim.objects.filter(article_id=article_id)
    return (
        article.extraction_status == "done"
        and claims.exists()
        and not claims.filter(matching_queued_at__isnull=False).exists()
    )


def test_a_hung_broker_hangs_no_request_and_the_work_is_done_once_it_is_back(stack):
    token = reviewer_token()
    # Up and healthy: every component says so.
    status, health, _ = wait_for(
        lambda: (
            (r := stack.request("GET", "/healthz"))[0] == 200
            and len(r[1]["components"]["workers"]["alive"]) == 2
            and r
        ),
        60,
        "a healthy stack (both workers' heartbeats)",
    )
    assert health["components"]["broker"]["status"] == "ok"

    broker = stack.broker_process()
    broker.send_signal(signal.SIGSTOP)
    try:
        status, result, took = stack.request(
            "POST",
            "/api/articles/",
            {"title": "Winter grant", "body": body("Eastmouth", 48_200)},
            token=token,
        )
        assert status == 201, result
        assert took < 2.0, f"the import took {took:.2f}s with the broker hung"
        article_id = result["items"][0]["id"]
        assert Article.objects.get(pk=article_id).extraction_status == "pending"

        status, health, took = stack.request("GET", "/healthz")
        assert took < 2.0, f"/healthz took {took:.2f}s with the broker hung"
        assert status == 503
        assert health["components"]["broker"]["status"] == "down"
        assert health["components"]["database"]["status"] == "ok"

        status, listing, took = stack.request("GET", "/api/articles/", token=token)
        assert status == 200 and took < 2.0
        assert [a["id"] for a in listing["results"]] == [article_id]
    finally:
        broker.send_signal(signal.SIGCONT)

    # Nobody does anything: the workers reconnect, the sweeps find what was not queued.
    wait_for(lambda: fully_done(article_id), 60, "the article extracted and its claims matched")
    status, health, _ = wait_for(
        lambda: (r := stack.request("GET", "/healthz"))[0] == 200 and r, 30, "healthy again"
    )
    assert health["components"]["broker"]["status"] == "ok"


def all_done() -> bool:
    return (
        not Article.objects.exclude(extraction__status="done").exists()
        and not Claim.objects.filter(matching_queued_at__isnull=False).exists()
    )


def assert_extracted_exactly_once(article_ids: list[int]) -> None:
    """Each article holds exactly the claims the engine finds in its body: none twice, none lost."""
    for article in Article.objects.filter(pk__in=article_ids):
        stored = sorted(Claim.objects.filter(article=article).values_list("start", "end"))
        assert stored == sorted((c.start, c.end) for c in extract(article.body)), article.pk


def test_a_broker_restarted_empty_mid_extraction_and_mid_matching_loses_nothing(stack):
    token = reviewer_token()
    ids = import_rows(stack, token, news_rows(100, seed=2, paragraphs=3))
    wait_for(
        lambda: (
            Article.objects.filter(extraction__status="done").exists()
            and Article.objects.exclude(extraction__status="done").exists()
            and Claim.objects.filter(matching_queued_at__isnull=False).exists()
        ),
        60,
        "extraction and matching both under way",
        step=0.05,
    )
    stack.valkey.stop()  # SHUTDOWN NOSAVE: every queued and unacknowledged message is gone
    stack.valkey.start()
    not_done = Article.objects.exclude(extraction__status="done").count()
    owed = Claim.objects.filter(matching_queued_at__isnull=False).count()
    assert not_done and owed  # the restart did hit work in flight
    wait_for(all_done, 180, "every article extracted and every claim matched", step=0.5)
    assert_extracted_exactly_once(ids)


# The extraction sweep's threshold is far away here: only the handed-back message can recover.
@pytest.mark.parametrize(
    "stack", [{"FACTCHECK_EXTRACTION_STALE_AFTER_SECONDS": "600"}], indirect=True
)
def test_a_killed_worker_gives_its_work_back_at_once_and_is_replaced(stack):
    token = reviewer_token()
    ids = import_rows(stack, token, news_rows(150, seed=3, paragraphs=3))
    wait_for(
        lambda: Article.objects.filter(extraction__status="done").count() > 20,
        60,
        "extraction under way",
        step=0.05,
    )
    (victim,) = stack.worker_children("fast")  # its one pool process, mid-batch
    victim.send_signal(signal.SIGKILL)
    killed_at = time.monotonic()
    assert Article.objects.exclude(extraction__status="done").exists()
    # The sweep interval (2 s here) plus a margin; the handed-back task is taken over at once.
    wait_for(
        lambda: not Article.objects.exclude(extraction__status="done").exists(),
        2 + 45,
        "every article extracted",
        step=0.2,
    )
    took = time.monotonic() - killed_at
    assert_extracted_exactly_once(ids)
    # The worker is back: a new pool process in place of the killed one.
    replacements = stack.worker_children("fast")
    assert replacements and victim.pid not in {p.pid for p in replacements}
    assert "signal 9 (SIGKILL)" in stack.log("fast")
    assert took < 47


# The test sends the flood itself: the stack's sweep must not match it away while it is built.
@pytest.mark.parametrize(
    "stack", [{"FACTCHECK_MATCHING_STALE_AFTER_SECONDS": "600"}], indirect=True, ids=["flood"]
)
def test_a_matching_flood_does_not_hold_up_a_new_articles_extraction(stack, monkeypatch):
    import redis
    from celery import Celery

    from claims.services.extraction import article_extract
    from claims.services.matching import MATCH_BATCH
    from tests.factories import ArticleFactory

    token = reviewer_token()
    # Thousands of claims owed matching, alike in their words but each with its own figure, so
    # every one is compared with its capped set of candidates (identical wordings would be
    # matched article-first, at almost no cost). Extracted here, in the test process; their
    # matching goes to the stack's broker (below), not to the session's worker, which would
    # still be matching them when the test database is flushed.
    monkeypatch.setattr("claims.services.extraction.matching_enqueue", lambda ids: None)
    for i in range(20):
        article = ArticleFactory(
            extraction_status="pending",
            body=" ".join(
                f"Eastmouth paid the winter grant to {48_200 + 100 * i + j:,} households in "
                f"2024, the council said on {('Monday', 'Tuesday')[j % 2]}."
                for j in range(100)
            ),
        )
        assert article_extract(article_id=article.pk).status == "done"
    flood = list(
        Claim.objects.filter(matching_queued_at__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    assert len(flood) >= 1500
    sender = Celery(broker=stack.env["REDIS_URL"])
    with sender.producer_or_acquire() as producer:
        for i in range(0, len(flood), MATCH_BATCH):
            sender.send_task(
                "claims.tasks.match_claims",
                args=[flood[i : i + MATCH_BATCH]],
                queue=stack.queues["matching"],
                producer=producer,
            )
    broker = redis.Redis.from_url(stack.env["REDIS_URL"])
    wait_for(lambda: Claim.objects.filter(pk__in=flood, matching_queued_at=None), 60, "matching")
    # The flood is there when the new article comes: matching under way, most of it still queued.
    assert broker.llen(stack.queues["matching"]) > 10
    assert Claim.objects.filter(pk__in=flood, matching_queued_at__isnull=False).count() > 500

    status, result, _ = stack.request(
        "POST", "/api/articles/", {"title": "New", "body": body("Northvale", 7_310)}, token=token
    )
    assert status == 201, result
    imported = time.monotonic()
    article_id = result["items"][0]["id"]
    wait_for(
        lambda: Article.objects.get(pk=article_id).extraction_status == "done",
        15,
        "the new article extracted during the flood",
        step=0.1,
    )
    latency = time.monotonic() - imported
    assert Claim.objects.filter(pk__in=flood, matching_queued_at__isnull=False).exists()
    print(f"extraction latency during the matching flood: {latency:.2f}s")
