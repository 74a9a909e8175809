"""Extraction in batches: many articles per task, their claims written in one transaction.

The task `claims.tasks.extract_articles` is a thin wrapper around `articles_extract`. One
article's extraction is a few milliseconds of engine work; storing its claims one article at a
time cost many times that (a transaction, a dozen round trips, a history row and a context upsert
per claim through the history trigger). A batch pays those once:

1. `extraction_start_many` (claims.services.extraction) claims the batch's articles with one
   conditional UPDATE (only from *pending*, or from a *running* left stale by a dead worker, or
   at once when the broker handed the message back), all under one token (the attempt's start
   time); one SELECT reads the bodies of those this attempt holds. An article someone else
   holds is skipped.
2. The engine runs on each, outside any transaction. An engine error marks that article failed
   with its reason; the others go on.
3. `_store_batch`, in one transaction: lock the articles still held under the token (one changed
   or re-queued meanwhile is superseded: nothing stored for it), resolve the speakers' claimants
   in bulk, insert every claim with one INSERT, write their history in one statement (below),
   mark the articles done with one UPDATE, and queue matching once after commit. The number of
   queries does not depend on the number of articles.

Only first extractions go this way (an article with no claims: nothing to keep or replace).
An article that already has claims (a re-run, a changed body) goes through the per-article
`claims.services.extraction.article_extract`, which keeps what editors touched.

History: the Claim insert trigger (django-pghistory) writes one event row per claim and upserts
the context row once per claim. For these machine inserts the trigger is skipped (its WHEN
condition reads `claims.models.CLAIM_HISTORY_WRITTEN`, set for this transaction only) and the same
events ("insert", the extraction's context) are written by one INSERT ... SELECT from the new
rows: every claim's history still starts with its creation, as the trigger would have recorded
it. Edits by people, updates and deletes keep their triggers.

Commit without waiting for the disk (`synchronous_commit = off` for this transaction only): a
database crash in the next fraction of a second may lose the whole batch, never part of it, and
its articles are then still *running*, so the sweep queues them again. Nothing an editor wrote
is ever in these transactions.

Exactly once: the token guards every write, so a batch delivered twice, or redelivered after a
worker died mid-batch (acks_late), skips the articles already done and takes over the rest.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import time
from collections import Counter
from collections.abc import Sequence
from typing import Any

import pghistory
from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from articles.models import Article, ArticleExtraction, ArticleRevision
from claims.claimants import tidy_claimant_name
from claims.extraction import EXTRACTOR_VERSION, extract
from claims.extraction.types import ExtractedClaim
from claims.models import (
    CLAIM_HISTORY_WRITTEN,
    AnchorStatus,
    Claim,
    Claimant,
    ClaimEvent,
    ClaimStatus,
)
from claims.services.claimants import claimants_for_speakers
from claims.services.extraction import (
    TRANSIENT_DB_ERRORS,
    Outcome,
    _machine_values,
    article_extract,
    extraction_fail,
    extraction_start_many,
)
from claims.services.matching import matching_enqueue

logger = logging.getLogger(__name__)

Status = Article.ExtractionStatus

# A batch stores what it has once the engine has worked this long since the last store (news
# articles: once per batch; a batch of very long articles: in parts).
STORE_EVERY_SECONDS = 5.0


def _release(article_ids: Sequence[int], token: dt.datetime) -> None:
    """Back to *pending* (only what this attempt still holds): a retry or the per-article path
    takes them again."""
    ArticleExtraction.objects.filter(
        pk__in=article_ids, status=Status.RUNNING, started_at=token
    ).update(status=Status.PENDING)


class BatchOutcome(dict[int, Outcome]):
    """Each article's outcome, and where the batch's time went (the worker's log shows it)."""

    engine_seconds: float = 0.0
    seconds: float = 0.0

    def __str__(self) -> str:
        counts = Counter(outcome.status for outcome in self.values())
        done = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
        return f"{done}; {self.seconds:.3f}s, of which the engine {self.engine_seconds:.3f}s"


def extractions_give_up(article_ids: Sequence[int], message: str) -> None:
    """Out of retries: the batch's articles not done yet are marked failed with the reason,
    rather than left pending for the sweep to loop on."""
    ArticleExtraction.objects.filter(
        pk__in=article_ids, status__in=[Status.PENDING, Status.RUNNING]
    ).update(status=Status.FAILED, error=message[:2000], finished_at=timezone.now())


def articles_extract(*, article_ids: Sequence[int], takeover: bool = False) -> BatchOutcome:
    """Extract a batch of articles; the outcome of each. Transient database errors propagate (the
    task retries; what this attempt held is released first); anything else is recorded on the
    article it concerns."""
    began = time.perf_counter()
    engine_seconds = 0.0
    ids = list(dict.fromkeys(article_ids))
    outcomes: dict[int, Outcome] = {}
    # Re-extractions (the article has claims already) go one by one, keeping edited claims.
    rerun = set(
        Claim.objects.filter(article_id__in=ids)
        .order_by()
        .values_list("article_id", flat=True)
        .distinct()
    )
    first = [pk for pk in ids if pk not in rerun]
    token, bodies = extraction_start_many(first, takeover=takeover) if first else (None, {})
    try:
        for pk in first:
            if pk not in bodies:
                outcomes[pk] = Outcome("skipped", detail="not pending, or another worker has it")
        extracted: dict[int, list[ExtractedClaim]] = {}
        since_stored = 0.0
        for pk, body in bodies.items():
            engine_began = time.perf_counter()
            try:
                extracted[pk] = extract(body)
            except Exception as exc:
                logger.exception("extraction failed for article %s", pk)
                extraction_fail(pk, token, f"The extractor failed: {type(exc).__name__}: {exc}")
                outcomes[pk] = Outcome("failed", detail=str(exc))
            finally:
                took = time.perf_counter() - engine_began
                engine_seconds += took
                since_stored += took
            # Long articles: store in parts, so that a batch cut short (time limit, killed
            # worker) keeps what it did and its redelivery only does the rest.
            if extracted and token is not None and since_stored >= STORE_EVERY_SECONDS:
                outcomes.update(_store_guarded(token, extracted))
                extracted, since_stored = {}, 0.0
        if extracted and token is not None:
            outcomes.update(_store_guarded(token, extracted))
    except TRANSIENT_DB_ERRORS:
        if token is not None:
            with contextlib.suppress(*TRANSIENT_DB_ERRORS):  # still down: the sweep takes them
                _release(list(bodies), token)
        raise
    for pk in ids:
        if pk in rerun:
            outcomes[pk] = article_extract(article_id=pk, takeover=takeover)
    result = BatchOutcome((pk, outcomes[pk]) for pk in ids)
    result.engine_seconds = engine_seconds
    result.seconds = time.perf_counter() - began
    return result


def _store_guarded(
    token: dt.datetime, extracted: dict[int, list[ExtractedClaim]]
) -> dict[int, Outcome]:
    try:
        outcomes, handed_over = _store_batch(token, extracted)
    except TRANSIENT_DB_ERRORS:
        raise
    except Exception:
        # One article's claims the database refused (a figure out of range...): the batch is
        # rolled back; store each on its own so that only that article fails, with its reason.
        logger.exception(
            "storing a batch of %d articles failed; storing one by one", len(extracted)
        )
        outcomes = {}
        for pk, found in extracted.items():
            try:
                outcomes.update(_store_batch(token, {pk: found})[0])
            except TRANSIENT_DB_ERRORS:
                raise
            except Exception as exc:
                logger.exception("storing the claims of article %s failed", pk)
                extraction_fail(
                    pk, token, f"Storing the claims failed: {type(exc).__name__}: {exc}"
                )
                outcomes[pk] = Outcome("failed", detail=str(exc))
        return outcomes
    # Claims were added by hand since the batch started: the per-article path merges with them.
    for pk in handed_over:
        outcomes[pk] = article_extract(article_id=pk)
    return outcomes


def _store_batch(
    token: dt.datetime, extracted: dict[int, list[ExtractedClaim]]
) -> tuple[dict[int, Outcome], list[int]]:
    """Store the claims of the articles still held under `token`; returns the outcomes and the
    articles handed to the per-article path (released to *pending*)."""
    ids = sorted(extracted)
    outcomes: dict[int, Outcome] = {}
    with (
        transaction.atomic(),
        pghistory.context(action="extraction", extractor=EXTRACTOR_VERSION),
    ):
        with connection.cursor() as cursor:
            # See the module's docstring: a crash may lose this commit, never half of it.
            cursor.execute("SET LOCAL synchronous_commit = off")
            # The insert trigger stands aside for this transaction: _history_insert_events
            # writes the same events for the claims inserted here.
            cursor.execute(f"SET LOCAL {CLAIM_HISTORY_WRITTEN} = 'on'")
        # Locks each article row, then its state row (one statement: FOR UPDATE of the join),
        # in the order an import or a claim by hand takes them.
        held = set(
            Article.objects.select_for_update()
            .filter(pk__in=ids, extraction__status=Status.RUNNING, extraction__started_at=token)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for pk in ids:
            if pk not in held:
                outcomes[pk] = Outcome(
                    "superseded", detail="the article changed or was re-queued meanwhile"
                )
        has_claims = set(
            Claim.objects.filter(article_id__in=held)
            .order_by()
            .values_list("article_id", flat=True)
            .distinct()
        )
        fresh = [pk for pk in ids if pk in held and pk not in has_claims]
        now = timezone.now()
        wanted: dict[int, dict[tuple[int, int], ExtractedClaim]] = {
            pk: {(f.start, f.end): f for f in extracted[pk]} for pk in fresh
        }
        rows = [
            (pk, span, _machine_values(found)) for pk in fresh for span, found in wanted[pk].items()
        ]
        claimants = claimants_for_speakers(v["speaker"] for _, _, v in rows if v["speaker"])
        new_ids = _insert_claims(rows, claimants, now)
        _history_insert_events(new_ids)
        ArticleExtraction.objects.filter(pk__in=fresh).update(
            status=Status.DONE,
            finished_at=timezone.now(),
            error="",
            extractor_version=EXTRACTOR_VERSION,
            # The claims index this revision's body: re-anchoring starts from it (anchoring).
            extracted_revision=Subquery(
                ArticleRevision.objects.filter(article_id=OuterRef("pk"))
                .order_by("-number")
                .values("number")[:1]
            ),
        )
        if has_claims:
            _release(sorted(has_claims), token)
        if new_ids:
            transaction.on_commit(lambda: matching_enqueue(new_ids, fan_out=True))
    for pk in fresh:
        outcomes[pk] = Outcome("done", claims=len(wanted[pk]), detail=f"{len(wanted[pk])} new")
    return outcomes, sorted(has_claims)


# What COPY writes for a machine claim; the rest is NULL and search_vector PostgreSQL computes.
_COPY_COLUMNS = (
    "id",
    "article_id",
    "start",
    "end",
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
    "claimant_id",
    "matching_queued_at",
    "status",
    "claim_reviewed",
    "dismiss_reason",
    "summary",
    "version",
    "created_at",
    "updated_at",
    "anchor_status",
    "anchor_old_sentence",
    "anchor_new_sentence",
)


def _json(value: list[Any]) -> str:
    """JSON text for COPY; most claims' lists (consistency checks, often signals) are empty."""
    return json.dumps(value) if value else "[]"


def _insert_claims(
    rows: list[tuple[int, tuple[int, int], dict[str, Any]]],
    claimants: dict[str, Claimant],
    now: dt.datetime,
) -> list[int]:
    """Insert new machine claims with COPY (bulk_create's one INSERT with tens of thousands of
    parameters costs more Python than the engine did): ids drawn from the sequence first, then
    one COPY. Each claim is owed matching from `now`. Constraints apply as to an INSERT."""
    if not rows:
        return []
    qn = connection.ops.quote_name
    table = Claim._meta.db_table
    # The one timestamp, in the text PostgreSQL reads (not dumped again for each row and column).
    stamp = now.isoformat()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, len(rows)],
        )
        ids = [pk for (pk,) in cursor.fetchall()]
        columns = ", ".join(qn(c) for c in _COPY_COLUMNS)
        with cursor.cursor.copy(f"COPY {qn(table)} ({columns}) FROM STDIN") as copy:
            for pk, (article_id, (start, end), v) in zip(ids, rows, strict=True):
                claimant = claimants.get(tidy_claimant_name(v["speaker"]).lower())
                copy.write_row(
                    (
                        pk,
                        article_id,
                        start,
                        end,
                        v["text"],
                        v["claim_type"],
                        v["checkworthiness"],
                        _json(v["signals"]),
                        _json(v["quantities"]),
                        _json(v["consistency"]),
                        v["consistency_flag"],
                        v["figure_keys"],
                        v["speaker"],
                        v["extractor_version"],
                        claimant.pk if claimant else None,
                        stamp,
                        ClaimStatus.NEW.value,
                        "",
                        "",
                        "",
                        1,
                        stamp,
                        stamp,
                        AnchorStatus.CURRENT.value,
                        "",
                        "",
                    )
                )
    return ids


def _history_insert_events(claim_ids: list[int]) -> None:
    """The "insert" history event of each new claim, as the trigger writes it, in one statement;
    the current pghistory context (upserted once) is attached to all of them."""
    if not claim_ids:
        return
    tracked = {f.attname for f in Claim._meta.concrete_fields}
    copied = [
        f.column
        for f in ClaimEvent._meta.concrete_fields
        if not f.name.startswith("pgh_") and f.attname in tracked
    ]
    qn = connection.ops.quote_name
    columns = ", ".join(qn(c) for c in copied)
    selected = ", ".join(f"c.{qn(c)}" for c in copied)
    # The context is attached once (a CTE with a volatile function is evaluated once).
    sql = (
        "WITH ctx AS MATERIALIZED (SELECT _pgh_attach_context() AS id) "
        f"INSERT INTO {qn(ClaimEvent._meta.db_table)} "
        f"({columns}, pgh_context_id, pgh_created_at, pgh_label, pgh_obj_id) "
        f"SELECT {selected}, ctx.id, NOW(), 'insert', c.id "
        f"FROM {qn(Claim._meta.db_table)} c CROSS JOIN ctx "
        f"WHERE c.id = ANY(%s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [claim_ids])
