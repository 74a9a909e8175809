"""Evidence sources, archived and checked (docs/evidence.md).

When a source is cited, `source_check_request` marks it queued and sends the check task after
commit; the editor never waits on the fetch. The task (`claims.tasks.check_evidence_source`)
calls `source_check`, which fetches the page through `factcheck.outbound` (address checks,
timeouts, the size cap), stores an `EvidenceSnapshot` (main text via trafilatura, hash, status,
final URL) and whether the quoted passage is still there (`claims.quotecheck`), and copies the
outcome onto the evidence row for cheap lists. A failure worth retrying raises `RetryLater`;
the task retries with backoff and, on its last attempt, the failure is stored and reported.

The beat sweep (`sources_sweep`) re-queues checks whose message was lost, and re-checks the
sources of published verdicts once their last check is older than the re-check interval;
bounded per run, and nothing is added while the queue still holds a run's worth.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from claims.models import (
    SOURCE_STATUSES_TO_LOOK_AT,
    ClaimStatus,
    Evidence,
    EvidenceSnapshot,
    SourceStatus,
)
from claims.queueing import CHECK_EVIDENCE_SOURCE
from claims.quotecheck import quote_in_text
from claims.roles import is_editor, is_reviewer
from factcheck import outbound
from factcheck.api.errors import PermissionRefused
from factcheck.queueing import TaskPublisher, queue_backlog

logger = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain",)
GONE_STATUSES = (404, 410)
# Answers worth another try: the server is overloaded or failing for a moment.
RETRY_STATUSES = (408, 425, 429, 500, 502, 503, 504)


class RetryLater(Exception):
    """The fetch failed in a way another attempt may fix (no answer, a 5xx, DNS)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# --- asking for a check -----------------------------------------------------------------------


def source_check_enqueue(
    evidence_ids: Sequence[int], *, publisher: TaskPublisher | None = None
) -> None:
    """Send one check task per source. Call it after commit; a broker that does not answer
    leaves the sources queued in the database, for the sweep."""
    ids = list(evidence_ids)
    if ids:
        (publisher or TaskPublisher()).publish(CHECK_EVIDENCE_SOURCE, [(pk,) for pk in ids])


def source_check_request(*, evidence_ids: Sequence[int]) -> int:
    """Mark the sources as owed a check (now) and send the tasks after commit. Returns how many
    were marked. Inside the caller's transaction when there is one."""
    ids = list(evidence_ids)
    if not ids:
        return 0
    with transaction.atomic():
        count = Evidence.objects.filter(pk__in=ids).update(check_queued_at=timezone.now())
        transaction.on_commit(lambda: source_check_enqueue(ids))
    return count


def source_recheck(*, evidence_ids: Sequence[int], actor: Any) -> int:
    """Re-check sources on demand (the admin action, the API): editors and reviewers."""
    if not (is_editor(actor) or is_reviewer(actor)):
        raise PermissionRefused("Only editors and reviewers may re-check sources.")
    return source_check_request(evidence_ids=evidence_ids)


# --- the check itself -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Fetched:
    requested_url: str
    final_url: str = ""
    http_status: int | None = None
    content_type: str = ""
    body: bytes = b""
    truncated: bool = False


def _content_type(response: outbound.Response) -> tuple[str, str]:
    """(media type, charset) from the Content-Type header."""
    raw = response.headers.get("Content-Type") or ""
    media, _, params = raw.partition(";")
    charset = ""
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name.lower() == "charset":
            charset = value.strip().strip('"')
    return media.strip().lower(), charset


def _sniff(body: bytes) -> str:
    """A media type for an answer that names none."""
    head = body[:512].lstrip().lower()
    if head.startswith(b"%pdf"):
        return "application/pdf"
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        return "text/html"
    return ""


def page_text(body: bytes, media_type: str, charset: str = "") -> str:
    """The page's main text: trafilatura's for HTML (its whole visible text when trafilatura
    finds no main text), the decoded body for plain text."""
    if media_type in HTML_TYPES:
        import trafilatura

        text = None
        try:
            text = trafilatura.extract(body, include_comments=False, include_tables=True)
            if not text:
                text = trafilatura.html2txt(body)
        except Exception as exc:  # trafilatura raises many kinds on odd markup
            logger.warning("trafilatura could not read a page: %s: %s", type(exc).__name__, exc)
        return text or ""
    try:
        return body.decode(charset or "utf-8", errors="replace")
    except LookupError:  # an unknown charset name
        return body.decode("utf-8", errors="replace")


def _fetch(url: str) -> Fetched:
    """One fetch through the guard. Raises RetryLater for what may pass, OutboundRefused for
    what never will."""
    cap = int(settings.OUTBOUND_MAX_BYTES)
    try:
        response = outbound.fetch(url, max_bytes=cap, truncate=True)
    except outbound.OutboundRefused:
        raise
    except outbound.OutboundError as exc:
        raise RetryLater(exc.reason) from exc
    media, _ = _content_type(response)
    if response.status in RETRY_STATUSES:
        raise RetryLater(f"the server answered HTTP {response.status} {response.reason}".rstrip())
    return Fetched(
        requested_url=url,
        final_url=response.url,
        http_status=response.status,
        content_type=media or _sniff(response.content),
        body=response.content,
        truncated=response.truncated,
    )


@dataclass(frozen=True, slots=True)
class CheckOutcome:
    status: str  # a SourceStatus value, or "skipped" / "missing"
    snapshot_id: int | None = None
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.status}{f': {self.detail}' if self.detail else ''}"


def _already_checked(evidence: Evidence) -> bool:
    """Checked since the last request: a second delivery of the same task has nothing to do."""
    return (
        evidence.checked_at is not None
        and evidence.check_queued_at is not None
        and evidence.checked_at >= evidence.check_queued_at
    )


def source_check(*, evidence_id: int, last_attempt: bool = True) -> CheckOutcome:
    """Fetch the source, store a snapshot and the quote's status. Holds no lock or transaction
    while fetching. Raises RetryLater when the fetch failed for a reason that may pass and this
    is not the last attempt; on the last attempt the failure itself is stored (fetch_failed, or
    page_gone when the host no longer resolves)."""
    evidence = (
        Evidence.objects.filter(pk=evidence_id)
        .only("id", "url", "quote", "checked_at", "check_queued_at")
        .first()
    )
    if evidence is None:
        return CheckOutcome("missing", detail=f"no evidence {evidence_id} (removed)")
    if _already_checked(evidence):
        return CheckOutcome("skipped", detail="already checked since it was queued")
    started = timezone.now()
    error = ""
    try:
        fetched: Fetched | None = _fetch(evidence.url)
    except outbound.OutboundRefused as exc:
        fetched, error = None, f"The address was refused: {exc.reason}."
        status = SourceStatus.FETCH_FAILED
    except RetryLater as exc:
        if not last_attempt:
            raise
        fetched = None
        if exc.reason.startswith("cannot resolve host"):
            status, error = SourceStatus.PAGE_GONE, f"The site is gone: {exc.reason}."
        else:
            status, error = SourceStatus.FETCH_FAILED, f"Fetching failed: {exc.reason}."
    return _store(evidence, started, fetched, status if fetched is None else None, error)


def _judge(evidence: Evidence, fetched: Fetched, text: str) -> tuple[str, float | None, str]:
    """(status, quote score, error) for a page that answered."""
    if fetched.http_status in GONE_STATUSES:
        return SourceStatus.PAGE_GONE, None, f"The page is gone (HTTP {fetched.http_status})."
    if fetched.http_status is None or not 200 <= fetched.http_status < 300:
        return (
            SourceStatus.FETCH_FAILED,
            None,
            f"The server answered HTTP {fetched.http_status}: no page to check.",
        )
    cap_note = (
        f"The page is larger than {settings.OUTBOUND_MAX_BYTES} bytes (the size limit): only "
        "the first part was read and checked."
        if fetched.truncated
        else ""
    )
    if fetched.content_type not in HTML_TYPES + TEXT_TYPES:
        kind = fetched.content_type or "an unknown type"
        return (
            SourceStatus.NOT_TEXT_CHECKED,
            None,
            f"Not text-checked: the source is {kind}; its hash and size are kept."
            + (f" {cap_note}" if cap_note else ""),
        )
    if not evidence.quote.strip():
        return SourceStatus.NOT_TEXT_CHECKED, None, "No quote to look for; the page is kept."
    match = quote_in_text(evidence.quote, text)
    if match.found:
        return SourceStatus.FOUND, match.score, cap_note
    if fetched.truncated:
        return SourceStatus.NOT_TEXT_CHECKED, match.score, cap_note + " The quote is not in it."
    # The quote was on the page at an earlier check, and is not now: the page changed.
    was_there = EvidenceSnapshot.objects.filter(
        evidence_id=evidence.pk, quote_status=SourceStatus.FOUND
    ).exists()
    if was_there:
        return (
            SourceStatus.PAGE_CHANGED,
            match.score,
            "The quote was on the page when first checked; it is not any more.",
        )
    return SourceStatus.NOT_FOUND, match.score, ""


def _store(
    evidence: Evidence,
    started: dt.datetime,
    fetched: Fetched | None,
    failed_status: str | None,
    error: str,
) -> CheckOutcome:
    text, content_hash, score = "", "", None
    if fetched is not None:
        media = fetched.content_type
        text = page_text(fetched.body, media) if media in HTML_TYPES + TEXT_TYPES else ""
        content_hash = hashlib.sha256(fetched.body).hexdigest()
        status, score, error = _judge(evidence, fetched, text)
        if status == SourceStatus.PAGE_CHANGED and content_hash == _first_hash(evidence.pk):
            status = SourceStatus.NOT_FOUND  # same bytes as first seen: nothing changed
    else:
        assert failed_status is not None
        status = failed_status
    with transaction.atomic():
        locked = (
            Evidence.objects.select_for_update()
            .filter(pk=evidence.pk)
            .only("id", "checked_at", "check_queued_at")
            .first()
        )
        if locked is None:
            return CheckOutcome("missing", detail=f"no evidence {evidence.pk} (removed)")
        if _already_checked(locked) and locked.checked_at and locked.checked_at >= started:
            # Another delivery of this task stored its check while this one was fetching.
            return CheckOutcome("skipped", detail="checked meanwhile by another run")
        previous_hash = (
            EvidenceSnapshot.objects.filter(evidence_id=evidence.pk)
            .order_by("-fetched_at", "-id")
            .values_list("content_hash", flat=True)
            .first()
        )
        keep_body = fetched is not None and bool(fetched.body) and content_hash != previous_hash
        now = timezone.now()
        snapshot = EvidenceSnapshot.objects.create(
            evidence_id=evidence.pk,
            fetched_at=now,
            requested_url=evidence.url,
            final_url=fetched.final_url if fetched else "",
            http_status=fetched.http_status if fetched else None,
            content_type=fetched.content_type[:200] if fetched else "",
            content_hash=content_hash,
            size=len(fetched.body) if fetched else 0,
            truncated=fetched.truncated if fetched else False,
            text=text,
            body=fetched.body if keep_body and fetched else None,
            quote_status=status,
            quote_score=score,
            error=error,
        )
        Evidence.objects.filter(pk=evidence.pk).update(
            snapshot_status=status, checked_at=now, latest_snapshot=snapshot
        )
    return CheckOutcome(status, snapshot.pk, error)


def _first_hash(evidence_id: int) -> str | None:
    return (
        EvidenceSnapshot.objects.filter(evidence_id=evidence_id)
        .exclude(content_hash="")
        .order_by("fetched_at", "id")
        .values_list("content_hash", flat=True)
        .first()
    )


# --- the periodic re-check --------------------------------------------------------------------


def _recheck_before() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.FACTCHECK_SOURCE_RECHECK_SECONDS)


def _lost_before() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.FACTCHECK_SOURCE_LOST_AFTER_SECONDS)


def sources_due() -> Q:
    """Sources owed a check: queued long ago and never checked since (the message was lost), and
    published verdicts' sources last checked before the re-check interval."""
    lost = _lost_before()
    never_done = Q(checked_at__isnull=True) & (
        Q(check_queued_at__isnull=True) | Q(check_queued_at__lt=lost)
    )
    requested_not_done = Q(check_queued_at__lt=lost, checked_at__lt=F("check_queued_at"))
    stale_published = Q(claim__status=ClaimStatus.PUBLISHED, checked_at__lt=_recheck_before()) & (
        Q(check_queued_at__isnull=True) | Q(check_queued_at__lt=lost)
    )
    return never_done | requested_not_done | stale_published


def sources_sweep(*, limit: int | None = None) -> list[int]:
    """Queue the sources owed a check (`sources_due`), oldest first, at most `limit` a run
    (FACTCHECK_SOURCE_RECHECK_BATCH). Each gets a fresh `check_queued_at`, so it is sent at most
    once per lost-after interval. While the queue still holds a run's worth, nothing is added."""
    limit = int(limit if limit is not None else settings.FACTCHECK_SOURCE_RECHECK_BATCH)
    backlog = queue_backlog(CHECK_EVIDENCE_SOURCE)
    if backlog is None or backlog >= limit:
        return []
    with transaction.atomic():
        ids = list(
            Evidence.objects.select_for_update(of=("self",), skip_locked=True)
            .filter(sources_due())
            .order_by(F("checked_at").asc(nulls_first=True), "pk")
            .values_list("pk", flat=True)[:limit]
        )
        if ids:
            source_check_request(evidence_ids=ids)
    if ids:
        logger.info("source sweep: %d sources queued for a check", len(ids))
    return ids


def sources_to_look_at() -> Q:
    """Published verdicts' sources whose last check found them changed, gone or without the
    quote: the admin's "Sources to look at"."""
    return Q(claim__status=ClaimStatus.PUBLISHED, snapshot_status__in=SOURCE_STATUSES_TO_LOOK_AT)


__all__ = [
    "CheckOutcome",
    "RetryLater",
    "page_text",
    "source_check",
    "source_check_enqueue",
    "source_check_request",
    "source_recheck",
    "sources_sweep",
    "sources_to_look_at",
]
