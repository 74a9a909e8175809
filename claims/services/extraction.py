"""Running the extraction engine on stored articles, and keeping it moving.

New articles are extracted in batches (`claims.services.batch_extraction`, the task
`claims.tasks.extract_articles`); an article that already has claims comes back here, one at a
time. The task `claims.tasks.extract_article_claims` (one article) is a thin wrapper around
`article_extract`:

1. `extraction_start` flips the article to *running* with one conditional UPDATE (only from
   *pending*, or from a *running* left stale by a dead worker). A second delivery of the same
   task, or a concurrent one, changes no row and stops there: safe to run twice.
2. The engine runs outside any transaction (it may take a while on a long article).
3. `_store` locks the article row and writes only if the article is still running under this
   attempt (an import that changed the body meanwhile has set it back to pending: the result is
   dropped and the newer task does the work). Machine claims nobody has touched are replaced;
   a claim an editor has touched is never changed or deleted.
4. After commit, `claims.tasks.match_claims` looks for the same facts elsewhere.

`extraction_request` (re-run, import) and `extraction_sweep` (beat) put articles back in the queue.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pghistory
from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from articles.models import Article, ArticleExtraction
from articles.services import extraction_reset_values
from claims.extraction import EXTRACTOR_VERSION, extract
from claims.extraction.engine import consistency_to_dict, quantity_to_dict
from claims.extraction.types import ExtractedClaim
from claims.matching import figure_keys
from claims.models import (
    OTHER_CLAIM_TYPE,
    AnchorStatus,
    Claim,
    ClaimMatch,
    ClaimStatus,
    ClaimType,
    ConsistencyFlag,
)
from claims.queueing import EXTRACT_ARTICLES, QUEUE_EXTRACTIONS
from claims.services.anchoring import Reanchored, claims_reanchor, latest_revision
from claims.services.claimants import claimant_for_speaker
from claims.services.matching import matching_enqueue
from factcheck.queueing import TaskPublisher, queue_backlog

logger = logging.getLogger(__name__)

Status = Article.ExtractionStatus

# After this many starts an article that keeps killing or timing out its worker is marked failed
# instead of being queued again by the sweep.
MAX_ATTEMPTS = 5
SWEEP_LIMIT = 1000

MACHINE_FIELDS = [
    "text",
    "claim_type",
    "checkworthiness",
    "signals",
    "quantities",
    "consistency",
    "consistency_flag",
    "figure_keys",
    "speaker",
    "extractor_version",
]

# What an untouched claim refreshed on its rewritten sentence is set back to.
ANCHOR_CURRENT = {
    "anchor_status": "current",
    "anchor_old_sentence": "",
    "anchor_new_sentence": "",
    "anchor_changed_at": None,
}


# --- queueing ---------------------------------------------------------------------------------

# Above this many articles, the importer sends one `queue_extractions` message per chunk and a
# worker publishes the per-article tasks: publishing costs about a millisecond of Python per
# message, which would otherwise halve a bulk import's speed.
FAN_OUT_OVER = 50
FAN_OUT_CHUNK = 500

# Articles per `extract_articles` task (claims.services.batch_extraction): enough to pay a
# transaction and a few round trips once for many articles, few enough that a batch takes a
# second or two and that the extraction workers share a small import between them.
EXTRACTION_BATCH = 25


def extraction_batches(article_ids: Sequence[int], size: int = EXTRACTION_BATCH) -> list[list[int]]:
    """The ids in batches of at most `size`, as even as possible (60 -> 20, 20, 20, not 25, 25,
    10), so that the workers finish together."""
    ids = list(article_ids)
    if not ids:
        return []
    count = -(-len(ids) // size)
    step, extra = divmod(len(ids), count)
    batches, at = [], 0
    for i in range(count):
        end = at + step + (1 if i < extra else 0)
        batches.append(ids[at:end])
        at = end
    return batches


def extraction_enqueue(
    article_ids: Sequence[int], *, publisher: TaskPublisher | None = None, fan_out: bool = True
) -> None:
    """Queue `extract_articles(article_ids)` per batch of articles. Call it from on_commit."""
    publisher = publisher or TaskPublisher()
    ids = list(article_ids)
    if fan_out and len(ids) > FAN_OUT_OVER:
        chunks = [ids[i : i + FAN_OUT_CHUNK] for i in range(0, len(ids), FAN_OUT_CHUNK)]
        publisher.publish(QUEUE_EXTRACTIONS, [(chunk,) for chunk in chunks])
    else:
        publisher.publish(EXTRACT_ARTICLES, [(batch,) for batch in extraction_batches(ids)])


def extraction_enqueue_on_commit(
    article_ids: Sequence[int], *, publisher: TaskPublisher | None = None
) -> None:
    ids = list(article_ids)
    if ids:
        transaction.on_commit(lambda: extraction_enqueue(ids, publisher=publisher))


def extraction_requested_receiver(
    sender: object,
    *,
    article_ids: Sequence[int],
    publisher: TaskPublisher | None = None,
    **kwargs: object,
) -> None:
    """`articles.signals.extraction_requested` (sent after commit): queue the articles."""
    extraction_enqueue(article_ids, publisher=publisher)


def extraction_request(*, article_ids: Iterable[int]) -> int:
    """Queue (re-)extraction: the articles go back to *pending* and a task is sent after commit.
    Returns how many articles were queued."""
    ids = list(article_ids)
    with transaction.atomic():
        count = ArticleExtraction.objects.filter(pk__in=ids).update(**extraction_reset_values())
        extraction_enqueue_on_commit(ids)
    return count


# --- running ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    status: str  # "done", "failed", "skipped" (not pending), "superseded" (changed meanwhile)
    claims: int = 0
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.status} ({self.claims} claims){f': {self.detail}' if self.detail else ''}"


# Errors worth a retry: the database went away or refused a connection for a moment. Anything
# else is a fault in the input or the code, recorded on the article instead of retried.
TRANSIENT_DB_ERRORS = (OperationalError, InterfaceError)


def _stale_before() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.FACTCHECK_EXTRACTION_STALE_AFTER_SECONDS)


def extraction_start(article_id: int, *, takeover: bool = False) -> tuple[str, dt.datetime] | None:
    """Claim the article for this attempt; None when another attempt has it or it is not queued.
    Returns the body and the attempt's start time (its token).

    `takeover=True` (a message the broker handed back because its worker died) takes a *running*
    article at once instead of waiting until it is stale; the dead attempt, should it be alive
    after all, finds its token replaced and stores nothing."""
    token, bodies = extraction_start_many([article_id], takeover=takeover)
    return (bodies[article_id], token) if article_id in bodies else None


def extraction_start_many(
    article_ids: Sequence[int], *, takeover: bool = False
) -> tuple[dt.datetime, dict[int, str]]:
    """Claim the articles for this attempt (`extraction_start` is this for one article); returns
    the attempt's token and the body of each article it holds. Two queries whatever the number."""
    now = timezone.now()
    running = Q(status=Status.RUNNING)
    if not takeover:
        running &= Q(started_at__lt=_stale_before())
    started = (
        ArticleExtraction.objects.filter(pk__in=article_ids)
        .filter(Q(status=Status.PENDING) | running)
        .update(
            status=Status.RUNNING,
            started_at=now,
            finished_at=None,
            error="",
            attempts=F("attempts") + 1,
        )
    )
    if not started:
        return now, {}
    held = Article.objects.filter(
        pk__in=article_ids, extraction__status=Status.RUNNING, extraction__started_at=now
    ).values_list("pk", "body")
    bodies = dict(held)
    return now, {pk: bodies[pk] for pk in article_ids if pk in bodies}  # in the batch's order


def extraction_release(article_id: int) -> None:
    """After a transient error: back to *pending* so the retry can take it again."""
    ArticleExtraction.objects.filter(pk=article_id, status=Status.RUNNING).update(
        status=Status.PENDING
    )


def extraction_fail(article_id: int, started_at: dt.datetime | None, message: str) -> None:
    qs = ArticleExtraction.objects.filter(pk=article_id, status=Status.RUNNING)
    if started_at is not None:
        qs = qs.filter(started_at=started_at)
    qs.update(status=Status.FAILED, error=message[:2000], finished_at=timezone.now())


def article_extract(*, article_id: int, takeover: bool = False) -> Outcome:
    """Run the engine on one article and store its claims. Transient database errors propagate
    (the task retries them); anything else marks the article failed with the reason. `takeover`:
    see extraction_start."""
    started = extraction_start(article_id, takeover=takeover)
    if started is None:
        return Outcome("skipped", detail="not pending, or another worker has it")
    body, token = started
    try:
        extracted = extract(body)
    except Exception as exc:
        logger.exception("extraction failed for article %s", article_id)
        extraction_fail(article_id, token, f"The extractor failed: {type(exc).__name__}: {exc}")
        return Outcome("failed", detail=str(exc))
    try:
        return _store(article_id, token, extracted)
    except TRANSIENT_DB_ERRORS:
        raise
    except Exception as exc:
        # A fault in storing (a figure the database or the matcher cannot take): record it, so
        # the article does not sit in *running* until the sweep gives up with the wrong reason.
        logger.exception("storing the claims of article %s failed", article_id)
        extraction_fail(
            article_id, token, f"Storing the claims failed: {type(exc).__name__}: {exc}"
        )
        return Outcome("failed", detail=str(exc))


def consistency_flag(checks: Sequence[dict[str, Any]]) -> str:
    if any(c["status"] == "inconsistent" for c in checks):
        return ConsistencyFlag.INCONSISTENT
    return ConsistencyFlag.CONSISTENT if checks else ConsistencyFlag.NONE


# Once: `ClaimType.values` builds its list on every access (most of this function's time).
CLAIM_TYPES = frozenset(ClaimType.values)


def _machine_values(found: ExtractedClaim) -> dict[str, Any]:
    quantities = [quantity_to_dict(q) for q in found.quantities]
    checks = [consistency_to_dict(c) for c in found.consistency]
    return {
        "text": found.text,
        "claim_type": found.type if found.type in CLAIM_TYPES else OTHER_CLAIM_TYPE,
        "checkworthiness": min(1.0, max(0.0, float(found.checkworthiness))),
        "signals": list(found.signals),
        "quantities": quantities,
        "consistency": checks,
        "consistency_flag": consistency_flag(checks),
        "figure_keys": figure_keys(quantities),
        "speaker": (found.speaker or "")[:300],
        "extractor_version": EXTRACTOR_VERSION,
    }


def untouched_claims(article_id: int) -> QuerySet[Claim]:
    """Machine claims as the extractor left them: still new, never edited, no evidence, no
    notes, no match a reviewer decided. Only these may be replaced or removed."""
    decided = ClaimMatch.objects.filter(
        Q(claim=OuterRef("pk")) | Q(matched=OuterRef("pk")),
        status__in=[ClaimMatch.Status.CONFIRMED, ClaimMatch.Status.REJECTED],
    )
    return (
        Claim.objects.filter(
            article_id=article_id,
            status=ClaimStatus.NEW,
            version=1,
            updated_by__isnull=True,
            rating__isnull=True,
            assignee__isnull=True,
            summary="",
            prior_verdict_from__isnull=True,
        )
        .annotate(n_evidence=Count("evidence", distinct=True), n_notes=Count("annotations"))
        .filter(n_evidence=0, n_notes=0)
        .exclude(Exists(decided))
    )


def _store(article_id: int, token: dt.datetime, extracted: list[ExtractedClaim]) -> Outcome:
    with transaction.atomic(), pghistory.context(action="extraction", extractor=EXTRACTOR_VERSION):
        # Locks the article row, then its state row (one statement: FOR UPDATE of the join), in
        # the order an import or a claim by hand takes them.
        held = (
            Article.objects.select_for_update()
            .filter(pk=article_id, extraction__status=Status.RUNNING, extraction__started_at=token)
            .values_list("pk", flat=True)
            .first()
        )
        if held is None:
            return Outcome("superseded", detail="the article changed or was re-queued meanwhile")
        has_claims = Claim.objects.filter(article_id=article_id).exists()
        # A revision since the claims were stored: move them onto the current body first; then
        # only its new sentences are extracted (docs/revisions.md).
        anchored = (
            claims_reanchor(article_id=article_id)
            if has_claims
            else Reanchored(latest_revision(article_id))
        )
        spans = (
            {
                (c.start, c.end)
                for c in Claim.objects.filter(article_id=article_id, start__isnull=False).only(
                    "start", "end"
                )
            }
            if has_claims
            else set()
        )
        # A first extraction (the common case) has nothing to replace: skip the costly query.
        untouched = list(untouched_claims(article_id)) if spans else []
        replaceable = {
            (c.start, c.end): c for c in untouched if c.anchor_status == AnchorStatus.CURRENT
        }
        # An untouched machine claim on a rewritten sentence takes what the extractor finds
        # there now (same id, current again); if it finds nothing, it stays marked changed.
        refreshable = {
            (c.start, c.end): c for c in untouched if c.anchor_status == AnchorStatus.CHANGED
        }
        wanted = {
            (f.start, f.end): f
            for f in extracted
            if anchored.new_sentences is None
            or (f.start, f.end) in anchored.new_sentences
            or (f.start, f.end) in replaceable
        }

        stale_ids = [c.pk for span, c in replaceable.items() if span not in wanted]
        to_update: list[Claim] = []
        to_create: list[Claim] = []
        for span, found in wanted.items():
            values = _machine_values(found)
            if span in refreshable:
                claim = refreshable[span]
                values.update(ANCHOR_CURRENT)
                for k, v in values.items():
                    setattr(claim, k, v)
                to_update.append(claim)
            elif span in replaceable:
                claim = replaceable[span]
                if any(getattr(claim, k) != v for k, v in values.items()):
                    for k, v in values.items():
                        setattr(claim, k, v)
                    to_update.append(claim)
            elif span not in spans:  # a touched claim holds this span: leave it as it is
                to_create.append(Claim(article_id=article_id, start=span[0], end=span[1], **values))
        # Claims by hand: the speaker proposes a claimant (one per name, across articles).
        for claim in [*to_create, *to_update]:
            if claim.claimant_id is None and claim.speaker:
                claim.claimant = claimant_for_speaker(claim.speaker)
        # Matching is owed for what is new or changed, recorded in the same transaction: if its
        # message is lost, the matching sweep finds these claims.
        owed_since = timezone.now()
        for claim in (*to_update, *to_create):
            claim.matching_queued_at = owed_since
        if stale_ids:
            Claim.objects.filter(pk__in=stale_ids).delete()
        if to_update:
            Claim.objects.bulk_update(
                to_update, [*MACHINE_FIELDS, *ANCHOR_CURRENT, "claimant", "matching_queued_at"]
            )
        created = Claim.objects.bulk_create(to_create)
        ArticleExtraction.objects.filter(pk=article_id).update(
            status=Status.DONE,
            finished_at=timezone.now(),
            error="",
            extractor_version=EXTRACTOR_VERSION,
            extracted_revision=anchored.revision,
        )
        changed = [c.pk for c in created] + [c.pk for c in to_update]
        if changed:
            transaction.on_commit(lambda: matching_enqueue(changed))
    return Outcome(
        "done",
        claims=len(wanted),
        detail=f"{len(created)} new, {len(to_update)} updated, {len(stale_ids)} removed",
    )


# --- the sweep --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SweepResult:
    requeued: list[int]
    gave_up: list[int]


def extraction_sweep(*, limit: int = SWEEP_LIMIT) -> SweepResult:
    """Queue again what a broker outage or a dead worker left behind: articles *pending* since
    before the threshold (the task was never delivered) and *running* since before it (the worker
    died). One that has been started MAX_ATTEMPTS times is marked failed instead. Pending ones
    are not queued again while the extraction queue still holds `limit` messages (they are most
    likely in it; duplicates would only lengthen it)."""
    backlog = queue_backlog(EXTRACT_ARTICLES)  # messages, each a batch of articles
    requeue_pending = backlog is not None and backlog * EXTRACTION_BATCH < limit
    stale = _stale_before()
    now = timezone.now()
    with transaction.atomic():
        gave_up = list(
            ArticleExtraction.objects.select_for_update(skip_locked=True)
            .filter(status=Status.RUNNING, started_at__lt=stale, attempts__gte=MAX_ATTEMPTS)
            .values_list("pk", flat=True)[:limit]
        )
        if gave_up:
            ArticleExtraction.objects.filter(pk__in=gave_up).update(
                status=Status.FAILED,
                finished_at=now,
                error=(
                    f"Gave up after {MAX_ATTEMPTS} attempts: each time the worker died or ran out "
                    "of time. Re-run extraction to try again."
                ),
            )
        lost = Q(status=Status.RUNNING, started_at__lt=stale)
        if requeue_pending:
            lost |= Q(status=Status.PENDING) & (Q(queued_at__lt=stale) | Q(queued_at__isnull=True))
        requeue = list(
            ArticleExtraction.objects.select_for_update(skip_locked=True)
            .filter(lost)
            .order_by("queued_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        if requeue:
            # Back to pending with a fresh queued_at: the next sweep does not send them again
            # straight away, and a worker presumed dead that wakes up finds its run superseded.
            ArticleExtraction.objects.filter(pk__in=requeue).update(
                status=Status.PENDING, queued_at=now
            )
            extraction_enqueue_on_commit(requeue)
    if requeue or gave_up:
        logger.info("extraction sweep: %d re-queued, %d given up", len(requeue), len(gave_up))
    return SweepResult(requeued=requeue, gave_up=gave_up)
