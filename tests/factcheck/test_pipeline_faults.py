"""Fault injection on a stack of real pieces (tests/factcheck/pipeline_stack.py): a hung broker
never hangs the web, and what could not be queued is done once the broker is back, by the sweeps,
with nobody doing anything."""

from __future__ import annotations

import contextlib
import signal

import pytest
from rest_framework.authtoken.models import Token

from articles.models import Article
from claims.models import Claim
from tests.factcheck.pipeline_stack import PipelineStack, wait_for
from tests.factories import ReviewerFactory

pytestmark = [pytest.mark.celery, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def body(town: str, n: int) -> str:
    return (
        f"The council of {town} said on Monday that {n:,} households received the winter grant "
        f"in 2024, up 12 percent from the year before. Spending on the scheme reached "
        f"${n // 100} million, according to the budget office."
    )


@pytest.fixture
def stack(tmp_path):
    stack = PipelineStack(tmp_path)
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


def fully_done(article_id: int) -> bool:
    article = Article.objects.get(pk=article_id)
    claims = Claim.objects.filter(article_id=article_id)
    return (
        article.extraction_status == "done"
        and claims.exists()
        and not claims.filter(matching_queued_at__isnull=False).exists()
    )


def test_a_hung_broker_hangs_no_request_and_the_work_is_done_once_it_is_back(stack):
    token = Token.objects.create(user=ReviewerFactory()).key
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
