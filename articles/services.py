"""The import service: rows in (from any reader or the API), articles out, every bad row reported.

`article_import` streams: it holds one batch of rows at a time, writes each batch in its own
transaction, and requests extraction for that batch once it commits (`articles.signals`: the
claims app queues the tasks). Dedupe is by canonical URL,
or by content hash when there is no URL; the database's unique constraints are the final word,
so two imports racing on the same article cannot create it twice (the loser retries its batch and
sees the winner's row).
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import logging
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import DatabaseError, IntegrityError, connection, connections, transaction
from django.db.models import Max
from django.utils import timezone

from articles.cleaning import ArticleFields, RowInvalid, article_clean
from articles.models import Article, ArticleExtraction, ArticleRevision, ImportBatch
from articles.readers import RawRow
from articles.signals import extraction_requested
from factcheck.queueing import TaskPublisher

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
# Writer threads (and connections) per import: PostgreSQL computing the search vector is the
# slowest part of an import, and two backends do it on two cores.
WRITERS = 2
# The batch keeps the first errors in full; the counts are always exact.
MAX_STORED_ERRORS = 1000

# What a row the cleaner did not anticipate may raise (bad Unicode, a number too big to convert,
# a structure nested too deeply); anything else is a bug worth a traceback.
UNEXPECTED_ROW_ERRORS = (ValueError, TypeError, OverflowError, RecursionError)

CONTENT_FIELDS = ["title", "body", "content_hash"]
META_FIELDS = ["outlet", "authors", "published_at", "language"]


@dataclass
class ItemResult:
    location: str
    outcome: str  # created / updated / unchanged / failed
    article_id: int | None = None
    error: dict[str, str] | None = None


@dataclass
class ImportResult:
    batch: ImportBatch
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    errors_total: int = 0
    items: list[ItemResult] | None = None
    enqueued: int = 0
    _errors: list[dict[str, str]] = field(default_factory=list)

    @property
    def errors(self) -> list[dict[str, str]]:
        return self._errors

    @property
    def summary(self) -> str:
        line = (
            f"{self.created:,} created, {self.updated:,} updated, "
            f"{self.unchanged:,} unchanged, {self.failed:,} failed"
        )
        return f"{line} (import #{self.batch.pk})"


def _storable(text: str) -> str:
    """A label we can store and print: a file name that is not UTF-8 (surrogate-escaped by the
    OS layer) gets U+FFFD where the bad bytes were, instead of failing the batch's save."""
    if text.isascii():
        return text
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def _error(row: RawRow, field_name: str, message: str) -> dict[str, str]:
    return {
        "source": _storable(row.source),
        "location": row.location,
        "field": _storable(field_name),
        "message": _storable(message),
    }


def format_error(error: dict[str, str]) -> str:
    """'feed.jsonl, line 7, published_at: cannot read ...' for people."""
    where = ", ".join(p for p in (error["source"], error["location"], error["field"]) if p)
    return f"{where}: {error['message']}"


# What puts an article (back) in the extraction queue: pending since now, no error, and its
# attempts counted from zero (the sweep gives up on an article after too many).
def extraction_reset_values(*, now: dt.datetime | None = None) -> dict[str, Any]:
    """The values of an ArticleExtraction queryset's `update(**...)` that queue it again."""
    return {
        "status": Article.ExtractionStatus.PENDING,
        "queued_at": now or timezone.now(),
        "error": "",
        "attempts": 0,
    }


def extraction_reset(article_ids: Sequence[int], *, now: dt.datetime | None = None) -> int:
    """Set the articles' extraction back to pending; how many were. A writer that changed the
    text holds the article rows locked already (the lock order: article, then its extraction)."""
    if not article_ids:
        return 0
    return ArticleExtraction.objects.filter(pk__in=list(article_ids)).update(
        **extraction_reset_values(now=now)
    )


def extraction_requested_on_commit(
    article_ids: list[int], *, publisher: TaskPublisher | None = None
) -> None:
    """Once the current transaction commits, send `articles.signals.extraction_requested` for
    these articles (nothing for none). Call it in the transaction that set them pending."""
    ids = list(article_ids)
    if ids:
        transaction.on_commit(
            lambda: extraction_requested.send(sender=Article, article_ids=ids, publisher=publisher)
        )


Outcomes = list[tuple[str, Any]]  # per row: (created / updated / unchanged, id) or (failed, why)


class _Lane:
    """One writer thread with its own connection, and the batch it is filling or writing."""

    def __init__(self, number: int) -> None:
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"import-writer-{number}")
        self.pending: list[tuple[RawRow, ArticleFields]] = []
        self.seqs: list[int] = []  # each pending row's position in the input
        self.in_flight: tuple[list[Any], list[int], Future[tuple[Outcomes, int]]] | None = None


class _Run:
    """One import. Outside a transaction, batches are written by `writers` threads, each on its
    own connection, while this thread reads and cleans the next rows: PostgreSQL's work (most of
    it computing the search vector) runs in parallel with Python's. Rows are dealt to the
    writers by their dedupe key, so the same article always goes to the same writer, in input
    order (the later row still wins), and two writers never lock or insert the same row. Each
    writer has at most one batch in flight and one filling, so memory stays flat.
    Inside a transaction (the caller's, e.g. a test), or with one writer, everything runs in the
    caller's thread on the caller's connection."""

    def __init__(self, result: ImportResult, batch_size: int, writers: int) -> None:
        self.result = result
        self.batch_size = batch_size
        self.publisher = TaskPublisher(background=True)
        # One writer: no thread, no connection of its own (a small import, e.g. an API list,
        # pays neither a thread nor a connection set-up per request).
        self.inline = connection.in_atomic_block or writers <= 1
        self.writers = 1 if self.inline else writers
        self.lanes: dict[int, _Lane] = {}  # started on first use: a one-row POST needs one

    def fail(self, row: RawRow, field_name: str, message: str, seq: int) -> None:
        r = self.result
        r.failed += 1
        r.errors_total += 1
        error = _error(row, field_name, message)
        if len(r._errors) < MAX_STORED_ERRORS:
            r._errors.append(error)
        if r.items is not None:
            r.items[seq] = ItemResult(row.location, "failed", error=error)

    def record(self, row: RawRow, outcome: str, article_id: int | None, seq: int) -> None:
        setattr(self.result, outcome, getattr(self.result, outcome) + 1)
        if self.result.items is not None:
            self.result.items[seq] = ItemResult(row.location, outcome, article_id)

    # --- writing batches ---

    def add(self, row: RawRow, fields: ArticleFields, seq: int) -> None:
        key = fields.url or fields.content_hash
        number = hash(key) % self.writers if self.writers > 1 else 0
        lane = self.lanes.get(number)
        if lane is None:
            lane = self.lanes[number] = _Lane(number)
        lane.pending.append((row, fields))
        lane.seqs.append(seq)
        if len(lane.pending) >= self.batch_size:
            self.flush(lane)

    def flush(self, lane: _Lane) -> None:
        rows, lane.pending = lane.pending, []
        seqs, lane.seqs = lane.seqs, []
        if not rows:
            return
        if self.inline:
            self._record(rows, seqs, self._write_batch(rows))
            return
        self.collect(lane)
        lane.in_flight = (rows, seqs, lane.pool.submit(self._write_batch, rows))

    def flush_all(self) -> None:
        for lane in self.lanes.values():
            self.flush(lane)

    def collect(self, lane: _Lane) -> None:
        """Wait for the lane's batch in flight and record its outcomes."""
        if lane.in_flight is not None:
            rows, seqs, future = lane.in_flight
            lane.in_flight = None
            self._record(rows, seqs, future.result())

    def close(self) -> None:
        try:
            for lane in self.lanes.values():
                self.collect(lane)
        finally:
            for lane in self.lanes.values():
                if not self.inline:
                    lane.pool.submit(connections.close_all).result()  # the writer's connection
                lane.pool.shutdown()
            self.publisher.close()  # wait for the last batches' tasks to be sent

    def _record(self, rows: list[Any], seqs: list[int], written: tuple[Outcomes, int]) -> None:
        outcomes, enqueued = written
        self.result.enqueued += enqueued
        for row, seq, (outcome, article_id) in zip(rows, seqs, outcomes, strict=True):
            if outcome == "failed":
                self.fail(row[0], "", f"the database refused this article: {article_id}", seq)
            else:
                self.record(row[0], outcome, article_id, seq)

    def _write_batch(self, rows: list[tuple[RawRow, ArticleFields]]) -> tuple[Outcomes, int]:
        for attempt in range(2):
            try:
                return self._write(rows)
            except IntegrityError:
                if attempt == 0:
                    continue  # a concurrent import created some of these: look again
            except (DatabaseError, ValueError) as exc:  # a value PostgreSQL or psycopg refuses
                logger.warning("batch refused (%s); writing rows one by one", exc)
                break
        return self._write_one_by_one(rows)

    def _write_one_by_one(self, rows: list[tuple[RawRow, ArticleFields]]) -> tuple[Outcomes, int]:
        outcomes: Outcomes = []
        enqueued = 0
        for row in rows:
            try:
                one, queued = self._write([row])
            except (DatabaseError, ValueError) as exc:
                outcomes.append(("failed", (str(exc).splitlines() or [type(exc).__name__])[0]))
            else:
                outcomes.extend(one)
                enqueued += queued
        return outcomes, enqueued

    def _write(self, rows: list[tuple[RawRow, ArticleFields]]) -> tuple[Outcomes, int]:
        """One transaction: look the batch up, insert what is new, update what changed."""
        now = timezone.now()
        batch = self.result.batch
        with transaction.atomic():
            urls = {f.url for _, f in rows if f.url}
            hashes = {f.content_hash for _, f in rows if not f.url}
            existing: dict[tuple[str, str], Article] = {}
            locked = Article.objects.select_for_update().defer("search_vector")
            if urls:
                for a in locked.filter(url__in=urls):
                    existing[("url", a.url or "")] = a
            if hashes:
                for a in locked.filter(url__isnull=True, content_hash__in=hashes):
                    existing[("hash", a.content_hash)] = a

            outcomes: Outcomes = []
            new: dict[tuple[str, str], _NewArticle] = {}
            changed: dict[int, Article] = {}
            reextract: set[int] = set()
            old_bodies: dict[int, str] = {}  # the body before this batch, per changed article
            for _, f in rows:
                key = ("url", f.url) if f.url else ("hash", f.content_hash)
                if key in new:  # the same article twice in one batch: the later row wins
                    twice = new[key]
                    outcome = "unchanged" if not _apply(twice, f) else "updated"
                    outcomes.append((outcome, twice))
                    continue
                article = existing.get(key)
                if article is None:
                    new[key] = _NewArticle(f, now)
                    outcomes.append(("created", new[key]))
                    continue
                content_changed = article.content_hash != f.content_hash
                old_body = article.body
                if not _apply(article, f):
                    outcomes.append(("unchanged", article))
                    continue
                article.import_batch = batch
                if article.body != old_body:
                    # Even a change the content hash folds away (spacing) moves claim offsets.
                    old_bodies.setdefault(article.pk, old_body)
                    content_changed = True
                if content_changed:  # new text: its claims must be extracted again
                    reextract.add(article.pk)
                changed[article.pk] = article
                outcomes.append(("updated", article))

            if new:
                _insert(list(new.values()), batch_id=batch.pk, now=now)
            if changed:
                Article.objects.bulk_update(
                    list(changed.values()),
                    [
                        *CONTENT_FIELDS,
                        *META_FIELDS,
                        "import_batch",
                        "updated_at",
                    ],
                )
                extraction_reset(sorted(reextract), now=now)
            stamp = _RevisionStamp(
                origin=batch.origin,
                source=batch.source,
                batch_id=batch.pk,
                user_id=batch.created_by_id,
            )
            if new:
                _first_revisions_insert(list(new.values()), stamp=stamp, now=now)
            revised = {
                pk: (old, changed[pk].body)
                for pk, old in old_bodies.items()
                if changed[pk].body != old
            }
            if revised:
                revisions_add(revised, stamp=stamp)
            to_extract = [a.pk for a in new.values()] + sorted(reextract)
            extraction_requested_on_commit(to_extract, publisher=self.publisher)
        return [(outcome, article.pk) for outcome, article in outcomes], len(to_extract)


class _NewArticle:
    """An article the batch inserts: only what COPY writes (building a model instance per row
    costs more Python than sending the row)."""

    __slots__ = (
        "authors",
        "body",
        "content_hash",
        "language",
        "outlet",
        "pk",
        "published_at",
        "title",
        "updated_at",
        "url",
    )

    def __init__(self, f: ArticleFields, now: dt.datetime) -> None:
        self.pk = 0  # drawn from the sequence just before COPY
        self.url = f.url
        self.title = f.title
        self.body = f.body
        self.content_hash = f.content_hash
        self.outlet = f.outlet
        self.authors = f.authors
        self.published_at = f.published_at
        self.language = f.language
        self.updated_at = now


# What COPY writes; the rest (search_vector) PostgreSQL computes, and a trigger inserts each
# article's extraction state (pending, queued now: articles.models.ArticleExtraction).
_COPY_COLUMNS = (
    "id",
    "url",
    "title",
    "body",
    "outlet",
    "authors",
    "published_at",
    "language",
    "content_hash",
    "import_batch_id",
    "created_at",
    "updated_at",
)


def _insert(articles: list[_NewArticle], *, batch_id: int, now: dt.datetime) -> None:
    """Insert with COPY, a few times cheaper in Python than bulk_create's INSERT. COPY returns
    no ids, so they are drawn from the table's identity sequence first, in the same round trip
    count as RETURNING would cost. The unique constraints still apply: a concurrent import
    that created one of these raises IntegrityError like an INSERT would. Call inside the
    batch's transaction."""
    qn = connection.ops.quote_name
    table = Article._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, len(articles)],
        )
        for article, (pk,) in zip(articles, cursor.fetchall(), strict=True):
            article.pk = pk
        columns = ", ".join(qn(c) for c in _COPY_COLUMNS)
        with cursor.cursor.copy(f"COPY {qn(table)} ({columns}) FROM STDIN") as copy:
            for a in articles:
                copy.write_row(
                    (
                        a.pk,
                        a.url,
                        a.title,
                        a.body,
                        a.outlet,
                        json.dumps(a.authors),
                        a.published_at,
                        a.language,
                        a.content_hash,
                        batch_id,
                        now,
                        a.updated_at,
                    )
                )


# --- revisions ---------------------------------------------------------------------------------


def body_hash(body: str) -> str:
    """SHA-256 of a body exactly as stored (a revision differs by any character)."""
    return hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()


def revision_diff(old: str, new: str, *, old_number: int, new_number: int) -> str:
    """A unified diff by lines (one paragraph a line), one line of context."""
    return "\n".join(
        difflib.unified_diff(
            old.splitlines(),
            new.splitlines(),
            f"revision {old_number}",
            f"revision {new_number}",
            n=1,
            lineterm="",
        )
    )


@dataclass(frozen=True)
class _RevisionStamp:
    """Where a revision came from: the import's origin, files or feed, batch and user."""

    origin: str
    source: str = ""
    batch_id: int | None = None
    user_id: int | None = None


_REVISION_COPY_COLUMNS = (
    "article_id",
    "number",
    "body",
    "content_hash",
    "origin",
    "source",
    "import_batch_id",
    "created_by_id",
    "diff",
    "created_at",
)


def _first_revisions_insert(
    articles: list[_NewArticle], *, stamp: _RevisionStamp, now: dt.datetime
) -> None:
    """Revision 1 of each article the batch created, by COPY like the articles themselves."""
    qn = connection.ops.quote_name
    table = qn(ArticleRevision._meta.db_table)
    columns = ", ".join(qn(c) for c in _REVISION_COPY_COLUMNS)
    source = stamp.source[:1000]
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for a in articles:
            copy.write_row(
                (
                    a.pk,
                    1,
                    a.body,
                    body_hash(a.body),
                    stamp.origin,
                    source,
                    stamp.batch_id,
                    stamp.user_id,
                    "",
                    now,
                )
            )


def revisions_add(bodies: dict[int, tuple[str, str]], *, stamp: _RevisionStamp) -> None:
    """The next revision of each article whose body changed: {article id: (old, new body)}.
    An article without revisions yet (made before they were kept) first gets revision 1 with
    its old body. Call inside the transaction that changes the bodies, the articles locked."""
    last = dict(
        ArticleRevision.objects.filter(article_id__in=list(bodies))
        .values("article_id")
        .annotate(n=Max("number"))
        .values_list("article_id", "n")
    )
    rows: list[ArticleRevision] = []
    for pk, (old, new) in bodies.items():
        number = last.get(pk) or 0
        if number == 0:
            number = 1
            rows.append(
                ArticleRevision(
                    article_id=pk,
                    number=1,
                    body=old,
                    content_hash=body_hash(old),
                    origin=ArticleRevision.Origin.EXISTING,
                )
            )
        rows.append(
            ArticleRevision(
                article_id=pk,
                number=number + 1,
                body=new,
                content_hash=body_hash(new),
                origin=stamp.origin,
                source=stamp.source[:1000],
                import_batch_id=stamp.batch_id,
                created_by_id=stamp.user_id,
                diff=revision_diff(old, new, old_number=number, new_number=number + 1),
            )
        )
    ArticleRevision.objects.bulk_create(rows)


def _values(f: ArticleFields) -> dict[str, Any]:
    return {
        "title": f.title,
        "body": f.body,
        "content_hash": f.content_hash,
        "outlet": f.outlet,
        "authors": f.authors,
        "published_at": f.published_at,
        "language": f.language,
    }


def _apply(article: Article | _NewArticle, f: ArticleFields) -> bool:
    """Copy the row onto the article; True if anything changed. Empty metadata in the row keeps
    what the article has (a feed without authors does not erase them)."""
    changed = False
    for name, value in _values(f).items():
        if name in META_FIELDS and value in ("", [], None):
            continue
        if getattr(article, name) != value:
            setattr(article, name, value)
            changed = True
    if changed:
        article.updated_at = timezone.now()
    return changed


def article_import(
    *,
    rows: Iterable[RawRow],
    origin: str,
    actor: Any = None,
    source: str = "",
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
    collect_items: bool = False,
    writers: int = WRITERS,
) -> ImportResult:
    """Import rows (see `articles.readers`) as one ImportBatch. Rows that cannot be read or
    validated are recorded with their source, location and field; the rest are imported.
    `progress(n)` is called with the number of rows handled since the last call."""
    batch = ImportBatch.objects.create(
        origin=origin,
        created_by=actor if getattr(actor, "pk", None) else None,
        source=_storable(source)[:1000],
    )
    result = ImportResult(batch=batch, items=[] if collect_items else None)
    run = _Run(result, batch_size, writers)
    seen = 0
    try:
        for seq, row in enumerate(rows):
            seen += 1
            if result.items is not None:
                result.items.append(ItemResult(row.location, "pending"))
            if row.error is not None or row.data is None:
                run.fail(row, row.field, row.error or "empty row", seq)
            else:
                try:
                    fields = article_clean(row.data)
                except RowInvalid as exc:
                    run.fail(row, exc.field, exc.message, seq)
                except UNEXPECTED_ROW_ERRORS as exc:
                    # A case the cleaner does not know yet: that row fails, the import goes on.
                    logger.exception("cleaning %s, %s failed", row.source, row.location)
                    run.fail(row, "", f"cannot be imported: {type(exc).__name__}: {exc}", seq)
                else:
                    run.add(row, fields, seq)
            if progress is not None and seen % 100 == 0:
                progress(100)
        run.flush_all()
    finally:
        run.close()
    if progress is not None and seen % 100:
        progress(seen % 100)

    batch.created_count = result.created
    batch.updated_count = result.updated
    batch.unchanged_count = result.unchanged
    batch.failed_count = result.failed
    batch.errors = result.errors
    if result.errors_total > len(result.errors):
        batch.errors = [
            *result.errors,
            {
                "source": "",
                "location": "",
                "field": "",
                "message": f"... and {result.errors_total - len(result.errors):,} more errors",
            },
        ]
    batch.finished_at = timezone.now()
    batch.save(
        update_fields=[
            "created_count",
            "updated_count",
            "unchanged_count",
            "failed_count",
            "errors",
            "finished_at",
        ]
    )
    return result


class ArticleConflict(ValueError):
    """The change would give the article another article's URL."""


def article_update(
    *, article: Article, data: dict[str, Any], partial: bool = True, actor: Any = None
) -> Article:
    """Change an article's fields with the same cleaning as an import; `partial=False` replaces
    them all (absent ones become empty). A new title or body resets extraction and queues it
    after commit. Raises RowInvalid or ArticleConflict."""
    merged: dict[str, Any] = {}
    if partial:
        merged = {
            "url": article.url,
            "title": article.title,
            "body": article.body,
            "outlet": article.outlet,
            "authors": article.authors,
            "published_at": article.published_at,
            "language": article.language,
        }
    merged.update(data)
    fields = article_clean(merged)
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        if fields.url != locked.url:
            other = Article.objects.filter(url=fields.url).exclude(pk=locked.pk).first()
            if fields.url and other is not None:
                raise ArticleConflict(f"article #{other.pk} already has the url {fields.url}")
        if fields.url is None and locked.url is not None:
            other = (
                Article.objects.filter(url__isnull=True, content_hash=fields.content_hash)
                .exclude(pk=locked.pk)
                .first()
            )
            if other is not None:
                raise ArticleConflict(f"article #{other.pk} already has this title and text")
        old_body = locked.body
        content_changed = locked.content_hash != fields.content_hash or old_body != fields.body
        locked.url = fields.url
        for name, value in _values(fields).items():
            setattr(locked, name, value)
        if content_changed:
            extraction_reset([locked.pk])
            extraction_requested_on_commit([locked.pk])
        try:
            with transaction.atomic():
                locked.save()
        except IntegrityError as exc:  # a concurrent change took the url meanwhile
            raise ArticleConflict("another article has this url or text") from exc
        if locked.body != old_body:
            user_id = actor.pk if isinstance(actor, get_user_model()) else None
            revisions_add(
                {locked.pk: (old_body, locked.body)},
                stamp=_RevisionStamp(
                    origin=ArticleRevision.Origin.UPDATE,
                    source="api",
                    user_id=user_id,
                ),
            )
    return locked
