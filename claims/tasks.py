"""Celery tasks: thin wrappers over claims.services. Each is safe to deliver twice (acks_late).

Each is registered under its name in `claims.queueing`, which is how the services send them."""

from __future__ import annotations

import contextlib

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings

from claims import queueing
from claims.services.batch_extraction import articles_extract, extractions_give_up
from claims.services.extraction import (
    TRANSIENT_DB_ERRORS,
    article_extract,
    extraction_enqueue,
    extraction_fail,
    extraction_release,
    extraction_sweep,
)
from claims.services.matching import (
    claims_match_new,
    matching_enqueue,
    matching_sweep,
    matching_yield_to_extraction,
)
from claims.services.sources import RetryLater, source_check, sources_sweep
from factcheck import celery as factcheck_celery

TRANSIENT = TRANSIENT_DB_ERRORS
MAX_RETRIES = 5


@shared_task(
    name=queueing.EXTRACT_ARTICLE_CLAIMS, bind=True, acks_late=True, max_retries=MAX_RETRIES
)
def extract_article_claims(self: Task[[int], str], article_id: int) -> str:
    # Handed back by the broker (its worker was killed mid-task): take the article over at once.
    redelivered = bool((self.request.delivery_info or {}).get("redelivered"))
    try:
        return str(article_extract(article_id=article_id, takeover=redelivered))
    except TRANSIENT as exc:
        if self.request.retries >= MAX_RETRIES:
            # Out of retries: say so on the article rather than leave it pending for ever.
            with contextlib.suppress(*TRANSIENT):  # still down: the sweep gives up on it later
                extraction_fail(
                    article_id,
                    None,
                    f"Gave up after {MAX_RETRIES} retries: the database kept failing "
                    f"({type(exc).__name__}: {exc}). Re-run extraction to try again.",
                )
            raise
        with contextlib.suppress(*TRANSIENT):  # still down: the sweep takes it once stale
            extraction_release(article_id)
        raise self.retry(exc=exc, countdown=min(300, 5 * 2**self.request.retries)) from exc


@shared_task(name=queueing.EXTRACT_ARTICLES, bind=True, acks_late=True, max_retries=MAX_RETRIES)
def extract_articles(self: Task[[list[int]], str], article_ids: list[int]) -> str:
    """A batch of articles (claims.services.batch_extraction). Redelivered after its worker died:
    what the dead attempt committed is skipped, the rest taken over at once."""
    redelivered = bool((self.request.delivery_info or {}).get("redelivered"))
    try:
        outcomes = articles_extract(article_ids=article_ids, takeover=redelivered)
    except TRANSIENT as exc:
        # The service has released what this attempt held back to pending.
        if self.request.retries >= MAX_RETRIES:
            with contextlib.suppress(*TRANSIENT):  # still down: the sweep gives up on them later
                extractions_give_up(
                    article_ids,
                    f"Gave up after {MAX_RETRIES} retries: the database kept failing "
                    f"({type(exc).__name__}: {exc}). Re-run extraction to try again.",
                )
            raise
        raise self.retry(exc=exc, countdown=min(300, 5 * 2**self.request.retries)) from exc
    return str(outcomes)


def _yield_to_extraction() -> None:
    """On a worker that does not extract (the matcher `make run` starts), let extraction have the
    CPU first (bounded wait); one that extracts too (a single worker) must not wait on itself."""
    consumed = factcheck_celery.consumed_queues
    if consumed is not None and settings.PIPELINE_QUEUES["extraction"] not in consumed:
        matching_yield_to_extraction()


# A batch (claims.services.matching.MATCH_BATCH claims) normally takes seconds; cut short by the
# soft limit, the retry resumes with the claims still owed matching.
@shared_task(
    name=queueing.MATCH_CLAIMS,
    acks_late=True,
    autoretry_for=(*TRANSIENT, SoftTimeLimitExceeded),
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=MAX_RETRIES,
    soft_time_limit=120,
    time_limit=150,
)
def match_claims(claim_ids: list[int]) -> int:
    _yield_to_extraction()
    return len(claims_match_new(claim_ids=claim_ids, only_owed=True))


@shared_task(name=queueing.QUEUE_MATCHING, acks_late=True, autoretry_for=TRANSIENT)
def queue_matching(claim_ids: list[int]) -> int:
    """Fan-out on the matching queue (batch extraction): one `match_claims` per MATCH_BATCH
    claims. Sent twice, it only sends duplicates, which matching skips (only claims still owed).
    Publishing costs CPU too: it waits for extraction like matching does."""
    _yield_to_extraction()
    matching_enqueue(claim_ids)
    return len(claim_ids)


@shared_task(
    name=queueing.SWEEP_STALE_EXTRACTIONS, acks_late=True, time_limit=120, soft_time_limit=90
)
def sweep_stale_extractions() -> str:
    result = extraction_sweep()
    return f"{len(result.requeued)} re-queued, {len(result.gave_up)} given up"


@shared_task(
    name=queueing.SWEEP_UNMATCHED_CLAIMS, acks_late=True, time_limit=120, soft_time_limit=90
)
def sweep_unmatched_claims() -> int:
    return len(matching_sweep())


@shared_task(name=queueing.QUEUE_EXTRACTIONS, acks_late=True)
def queue_extractions(article_ids: list[int]) -> int:
    """Fan-out for bulk imports: one `extract_articles` per batch of articles. Sending twice only
    sends duplicates, which the extraction task skips."""
    extraction_enqueue(article_ids, fan_out=False)
    return len(article_ids)


@shared_task(
    name=queueing.CHECK_EVIDENCE_SOURCE,
    bind=True,
    acks_late=True,
    autoretry_for=TRANSIENT,
    retry_backoff=5,
    max_retries=MAX_RETRIES,
    soft_time_limit=90,
    time_limit=120,
)
def check_evidence_source(self: Task[[int], str], evidence_id: int) -> str:
    """Fetch and check one evidence source (claims.services.sources). A fetch that may succeed
    later is retried with backoff; on the last attempt its failure is stored and shown."""
    retries = int(settings.FACTCHECK_SOURCE_MAX_RETRIES)
    last = self.request.retries >= retries
    try:
        return str(source_check(evidence_id=evidence_id, last_attempt=last))
    except RetryLater as exc:
        base = float(settings.FACTCHECK_SOURCE_RETRY_BASE_SECONDS)
        countdown = min(300.0, base * 2**self.request.retries)
        raise self.retry(exc=exc, countdown=countdown, max_retries=retries) from exc


@shared_task(
    name=queueing.SWEEP_EVIDENCE_SOURCES, acks_late=True, time_limit=120, soft_time_limit=90
)
def sweep_evidence_sources() -> int:
    return len(sources_sweep())


# The notification tasks live with their package; imported so the worker registers them.
from claims.notifications import tasks as notification_tasks  # noqa: E402, F401
