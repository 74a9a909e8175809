"""The import service: rows in (from any reader or the API), articles out, every bad row reported.

`article_import` streams: it holds one batch of rows at a time, writes each batch in its own
transaction, and enqueues extraction for that batch once it commits. Dedupe is by canonical URL,
or by content hash when there is no URL; the database's unique constraints are the final word,
so two imports racing on the same article cannot create it twice (the loser retries its batch and
sees the winner's row).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError, IntegrityError, connection, connections, transaction
from django.utils import timezone

from articles.cleaning import ArticleFields, RowInvalid, article_clean
from articles.models import Article, ImportBatch
from articles.readers import RawRow
from claims.services.extraction import _Broker, extraction_enqueue_on_commit

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
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


class _Run:
    """One import. Outside a transaction, batches are written by a single writer thread on its
    own connection while this thread reads and cleans the next batch (PostgreSQL's work on one
    batch overlaps Python's on the next); at most one batch is in flight, so memory stays flat.
    Inside a transaction (the caller's, e.g. a test) everything runs on the caller's connection."""

    def __init__(self, result: ImportResult, batch_size: int) -> None:
        self.result = result
        self.batch_size = batch_size
        self.pending: list[tuple[RawRow, ArticleFields]] = []
        self.seqs: list[int] = []  # each pending row's position in the input
        self.broker = _Broker(background=True)
        self.writer: ThreadPoolExecutor | None = None
        if not connection.in_atomic_block:
            self.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-writer")
        self.in_flight: tuple[list[Any], list[int], Future[list[tuple[str, Any]]]] | None = None

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

    # --- writing one batch ---

    def flush(self) -> None:
        rows, self.pending = self.pending, []
        seqs, self.seqs = self.seqs, []
        if not rows:
            return
        if self.writer is None:
            self._record(rows, seqs, self._write_batch(rows))
            return
        self.collect()
        self.in_flight = (rows, seqs, self.writer.submit(self._write_batch, rows))

    def collect(self) -> None:
        """Wait for the batch in flight and record its outcomes."""
        if self.in_flight is not None:
            rows, seqs, future = self.in_flight
            self.in_flight = None
            self._record(rows, seqs, future.result())

    def close(self) -> None:
        try:
            self.collect()
        finally:
            if self.writer is not None:
                self.writer.submit(connections.close_all).result()  # the writer's connection
                self.writer.shutdown()
            self.broker.close()  # wait for the last batch's tasks to be sent

    def _record(self, rows: list[Any], seqs: list[int], outcomes: list[tuple[str, Any]]) -> None:
        for row, seq, (outcome, article_id) in zip(rows, seqs, outcomes, strict=True):
            if outcome == "failed":
                self.fail(row[0], "", f"the database refused this article: {article_id}", seq)
            else:
                self.record(row[0], outcome, article_id, seq)

    def _write_batch(self, rows: list[tuple[RawRow, ArticleFields]]) -> list[tuple[str, Any]]:
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

    def _write_one_by_one(self, rows: list[tuple[RawRow, ArticleFields]]) -> list[tuple[str, Any]]:
        outcomes: list[tuple[str, Any]] = []
        for row in rows:
            try:
                outcomes.extend(self._write([row]))
            except (DatabaseError, ValueError) as exc:
                outcomes.append(("failed", (str(exc).splitlines() or [type(exc).__name__])[0]))
        return outcomes

    def _write(self, rows: list[tuple[RawRow, ArticleFields]]) -> list[tuple[str, Any]]:
        """One transaction: look the batch up, insert what is new, update what changed."""
        now = timezone.now()
        batch = self.result.batch
        with transaction.atomic():
            urls = {f.url for _, f in rows if f.url}
            hashes = {f.content_hash for _, f in rows if not f.url}
            existing: dict[tuple[str, str], Article] = {}
            if urls:
                for a in Article.objects.select_for_update().filter(url__in=urls):
                    existing[("url", a.url or "")] = a
            if hashes:
                for a in Article.objects.select_for_update().filter(
                    url__isnull=True, content_hash__in=hashes
                ):
                    existing[("hash", a.content_hash)] = a

            outcomes: list[tuple[str, Any]] = []
            new: dict[tuple[str, str], Article] = {}
            changed: dict[int, Article] = {}
            reextract: set[int] = set()
            for _, f in rows:
                key = ("url", f.url) if f.url else ("hash", f.content_hash)
                if key in new:  # the same article twice in one batch: the later row wins
                    article = new[key]
                    outcome = "unchanged" if not _apply(article, f) else "updated"
                    outcomes.append((outcome, article))
                    continue
                article = existing.get(key)  # type: ignore[assignment]
                if article is None:
                    article = Article(
                        **_values(f),
                        url=f.url,
                        import_batch=batch,
                        extraction_status=Article.ExtractionStatus.PENDING,
                        extraction_queued_at=now,
                    )
                    new[key] = article
                    outcomes.append(("created", article))
                    continue
                content_changed = article.content_hash != f.content_hash
                if not _apply(article, f):
                    outcomes.append(("unchanged", article))
                    continue
                article.import_batch = batch
                if content_changed:  # new text: its claims must be extracted again
                    article.extraction_status = Article.ExtractionStatus.PENDING
                    article.extraction_queued_at = now
                    article.extraction_error = ""
                    article.extraction_attempts = 0
                    reextract.add(article.pk)
                changed[article.pk] = article
                outcomes.append(("updated", article))

            if new:
                Article.objects.bulk_create(list(new.values()))
            if changed:
                Article.objects.bulk_update(
                    list(changed.values()),
                    [
                        *CONTENT_FIELDS,
                        *META_FIELDS,
                        "import_batch",
                        "extraction_status",
                        "extraction_queued_at",
                        "extraction_error",
                        "extraction_attempts",
                        "updated_at",
                    ],
                )
            to_extract = [a.pk for a in new.values()] + sorted(reextract)
            extraction_enqueue_on_commit(to_extract, broker=self.broker)
            self.result.enqueued += len(to_extract)
        return [(outcome, article.pk) for outcome, article in outcomes]


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


def _apply(article: Article, f: ArticleFields) -> bool:
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
    run = _Run(result, batch_size)
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
                    run.pending.append((row, article_clean(row.data)))
                    run.seqs.append(seq)
                except RowInvalid as exc:
                    run.fail(row, exc.field, exc.message, seq)
                except UNEXPECTED_ROW_ERRORS as exc:
                    # A case the cleaner does not know yet: that row fails, the import goes on.
                    logger.exception("cleaning %s, %s failed", row.source, row.location)
                    run.fail(row, "", f"cannot be imported: {type(exc).__name__}: {exc}", seq)
            if len(run.pending) >= batch_size:
                run.flush()
            if progress is not None and seen % 100 == 0:
                progress(100)
        run.flush()
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
        content_changed = locked.content_hash != fields.content_hash
        locked.url = fields.url
        for name, value in _values(fields).items():
            setattr(locked, name, value)
        if content_changed:
            locked.extraction_status = Article.ExtractionStatus.PENDING
            locked.extraction_queued_at = timezone.now()
            locked.extraction_error = ""
            locked.extraction_attempts = 0
            extraction_enqueue_on_commit([locked.pk])
        try:
            with transaction.atomic():
                locked.save()
        except IntegrityError as exc:  # a concurrent change took the url meanwhile
            raise ArticleConflict("another article has this url or text") from exc
    return locked
