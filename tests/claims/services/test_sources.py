"""Evidence sources archived and checked (claims.services.sources), against real HTTP pages on a
loopback address the outbound guard is told to allow (tests/claims/conftest.py `pages`)."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.utils import timezone

from claims.models import Evidence, EvidenceSnapshot
from claims.services import sources
from claims.services.sources import RetryLater, source_check, sources_sweep
from claims.services.workflow import evidence_add
from claims.tasks import check_evidence_source
from tests.conftest import published_claim
from tests.factories import ClaimFactory, EditorFactory, EvidenceFactory, ReviewerFactory

pytestmark = pytest.mark.django_db

REPORT = (
    "The port handled 3.9 million containers last year, the annual report says.\n\n"
    "Traffic fell by four percent compared with the year before, mostly in transshipment."
)
QUOTE = "the port handled 3.9 million containers last year"


def cite(url: str, quote: str = QUOTE, **kwargs) -> Evidence:
    return EvidenceFactory(url=url, quote=quote, **kwargs)


def check(evidence: Evidence, **kwargs) -> Evidence:
    source_check(evidence_id=evidence.pk, **kwargs)
    evidence.refresh_from_db()
    return evidence


def test_a_quote_on_the_page_is_found_and_the_page_is_kept(pages):
    url = pages.html("/report", REPORT)
    evidence = check(cite(url, quote="“The port handled 3.9 million containers last year”"))

    assert evidence.snapshot_status == "found"
    assert evidence.get_snapshot_status_display() == "quote found"
    snapshot = evidence.latest_snapshot
    assert snapshot.http_status == 200 and snapshot.final_url == url
    assert snapshot.content_type == "text/html"
    assert "3.9 million containers" in snapshot.text
    assert "Home | About" not in snapshot.text  # the main text, not the navigation
    body = pages.pages["/report"][2]
    assert snapshot.content_hash == hashlib.sha256(body).hexdigest()
    assert bytes(snapshot.body) == body and snapshot.size == len(body)
    assert evidence.checked_at == snapshot.fetched_at


def test_small_differences_in_the_quote_are_tolerated(pages):
    page = REPORT.replace("3.9 million", "3.9 million TEU")
    url = pages.html("/report", page.replace("containers last year", "containers last\n year"))
    evidence = check(cite(url, quote="The port handled 3.9 million containers in the last year"))
    assert evidence.snapshot_status == "found"
    assert 0.85 <= evidence.latest_snapshot.quote_score < 1


def test_a_quote_that_is_not_on_the_page_is_reported(pages):
    url = pages.html("/report", REPORT)
    evidence = check(cite(url, quote="The port handled 4.2 million containers, a record"))
    assert evidence.snapshot_status == "not_found"
    assert evidence.get_snapshot_status_display() == "quote not found"
    assert evidence.latest_snapshot.quote_score < 0.85


def test_a_page_rewritten_since_it_was_cited_is_page_changed(pages):
    url = pages.html("/report", REPORT)
    evidence = check(cite(url))
    assert evidence.snapshot_status == "found"
    first = evidence.latest_snapshot

    pages.html("/report", "This report has been withdrawn pending a review of the figures.")
    sources.source_check_request(evidence_ids=[evidence.pk])
    evidence = check(evidence)

    assert evidence.snapshot_status == "page_changed"
    assert evidence.get_snapshot_status_display() == "page changed since cited"
    latest = evidence.latest_snapshot
    assert latest.pk != first.pk and latest.content_hash != first.content_hash
    assert "withdrawn" in latest.text
    # The page as it was cited stays, to fall back on.
    first.refresh_from_db()
    assert "3.9 million containers" in first.text and first.body is not None


def test_an_unchanged_page_is_not_stored_twice(pages):
    url = pages.html("/report", REPORT)
    evidence = check(cite(url))
    sources.source_check_request(evidence_ids=[evidence.pk])
    evidence = check(evidence)
    first, second = EvidenceSnapshot.objects.filter(evidence=evidence).order_by("id")
    assert first.content_hash == second.content_hash
    assert first.body is not None and second.body is None  # same bytes: kept once
    assert second.text and second.quote_status == "found"


@pytest.mark.parametrize("status", [404, 410])
def test_a_missing_page_is_page_gone(pages, status):
    url = pages.html("/gone", "Nothing here", status=status)
    evidence = check(cite(url), last_attempt=False)  # no retry: 404 and 410 are answers
    assert evidence.snapshot_status == "page_gone"
    assert evidence.get_snapshot_status_display() == "page gone"
    assert evidence.latest_snapshot.error == f"The page is gone (HTTP {status})."


def test_a_host_that_no_longer_resolves_is_retried_then_page_gone(settings):
    evidence = cite("https://stats.invalid/report")
    with pytest.raises(RetryLater, match=r"cannot resolve host stats\.invalid"):
        source_check(evidence_id=evidence.pk, last_attempt=False)
    assert not EvidenceSnapshot.objects.exists()
    evidence = check(evidence, last_attempt=True)
    assert evidence.snapshot_status == "page_gone"
    assert "cannot resolve host stats.invalid" in evidence.latest_snapshot.error


def test_a_pdf_is_kept_with_its_hash_and_not_text_checked(pages):
    pdf = b"%PDF-1.7\n" + b"1 0 obj << /Type /Catalog >> endobj\n" * 50 + b"%%EOF\n"
    pages.pages["/report.pdf"] = (200, "application/pdf", pdf)
    evidence = check(cite(pages.url("/report.pdf")))
    assert evidence.snapshot_status == "not_text_checked"
    assert evidence.get_snapshot_status_display() == "not text-checked"
    snapshot = evidence.latest_snapshot
    assert snapshot.content_hash == hashlib.sha256(pdf).hexdigest()
    assert snapshot.size == len(pdf) and bytes(snapshot.body) == pdf
    assert snapshot.text == "" and "application/pdf" in snapshot.error


def test_a_pdf_without_a_content_type_is_recognised(pages):
    pdf = b"%PDF-1.4\n%%EOF\n"
    pages.pages["/file"] = (200, "", pdf)
    evidence = check(cite(pages.url("/file")))
    assert evidence.snapshot_status == "not_text_checked"
    assert evidence.latest_snapshot.content_type == "application/pdf"


def test_a_huge_page_is_cut_at_the_size_limit_and_reported(pages, settings):
    settings.OUTBOUND_MAX_BYTES = 50_000
    filler = "<p>" + "Unrelated paragraph about shipping lanes. " * 40 + "</p>"
    body = "<html><body><article>" + filler * 200 + f"<p>{REPORT}</p></article></body></html>"
    pages.pages["/huge"] = (200, "text/html", body.encode())
    evidence = check(cite(pages.url("/huge")))

    snapshot = evidence.latest_snapshot
    assert snapshot.truncated and snapshot.size == 50_000
    assert evidence.snapshot_status == "not_text_checked"  # the quote lies past the cut
    assert "larger than 50000 bytes" in snapshot.error and "not in it" in snapshot.error


def test_a_failing_server_is_retried_with_backoff_then_reported(pages, settings):
    settings.FACTCHECK_SOURCE_MAX_RETRIES = 2
    answers = iter([(503, "text/plain", b"busy"), (503, "text/plain", b"busy")])
    url = pages.html("/report", REPORT)
    page = pages.pages["/report"]
    pages.pages["/report"] = lambda request: next(answers, page)
    evidence = cite(url)

    result = check_evidence_source.apply(args=(evidence.pk,))  # eager: retries run in place
    assert result.successful() and str(result.result) == "found"
    assert pages.hits == ["/report"] * 3  # two 503s, then the page
    evidence.refresh_from_db()
    assert evidence.snapshot_status == "found"

    pages.pages["/report"] = (500, "text/plain", b"down")
    sources.source_check_request(evidence_ids=[evidence.pk])
    hits = len(pages.hits)
    check_evidence_source.apply(args=(evidence.pk,))
    assert len(pages.hits) - hits == 3  # the first try and the two retries
    evidence.refresh_from_db()
    assert evidence.snapshot_status == "fetch_failed"
    assert evidence.latest_snapshot.error == (
        "Fetching failed: the server answered HTTP 500 Internal Server Error."
    )


def test_the_retry_countdown_grows_and_stays_under_the_visibility_timeout(monkeypatch, settings):
    settings.FACTCHECK_SOURCE_RETRY_BASE_SECONDS = 30
    settings.FACTCHECK_SOURCE_MAX_RETRIES = 6
    countdowns = []

    def retry(self, exc=None, countdown=None, max_retries=None):
        countdowns.append(countdown)
        raise exc

    monkeypatch.setattr(check_evidence_source, "retry", retry.__get__(check_evidence_source))
    monkeypatch.setattr(
        "claims.tasks.source_check",
        lambda **kw: (_ for _ in ()).throw(RetryLater("no answer")),
    )
    for attempt in range(6):
        check_evidence_source.push_request(retries=attempt)
        try:
            with pytest.raises(RetryLater):
                check_evidence_source.run(1)
        finally:
            check_evidence_source.pop_request()
    assert countdowns == [30, 60, 120, 240, 300, 300]
    assert max(countdowns) < settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] / 2


def test_an_internal_address_is_refused_and_reported_without_retry(settings):
    settings.OUTBOUND_ALLOWED_HOSTS = []
    evidence = check(cite("http://127.0.0.1:9/admin"), last_attempt=False)
    assert evidence.snapshot_status == "fetch_failed"
    assert evidence.latest_snapshot.error == (
        "The address was refused: refused: 127.0.0.1 is a loopback address."
    )


def test_a_second_delivery_of_the_same_check_does_nothing(pages):
    url = pages.html("/report", REPORT)
    evidence = cite(url)
    sources.source_check_request(evidence_ids=[evidence.pk])
    assert str(source_check(evidence_id=evidence.pk)) == "found"
    again = source_check(evidence_id=evidence.pk)
    assert again.status == "skipped"
    assert pages.hits == ["/report"] and EvidenceSnapshot.objects.count() == 1


def test_a_check_of_a_removed_source_does_nothing(pages):
    assert source_check(evidence_id=987654).status == "missing"


def test_citing_a_source_queues_its_check_after_commit(
    monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr(sources, "source_check_enqueue", lambda ids: sent.append(list(ids)))
    reviewer, editor = ReviewerFactory(), EditorFactory()
    claim = ClaimFactory(status="in_progress", assignee=editor)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        evidence = evidence_add(claim=claim, actor=editor, url="https://stats.example/a", quote="x")
    assert sent == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert sent == [[evidence.pk]]
    evidence.refresh_from_db()
    assert evidence.snapshot_status == "pending" and evidence.check_queued_at is not None
    assert reviewer  # the claim's reviewer exists; the editor cites


# --- the periodic re-check --------------------------------------------------------------------


@pytest.fixture
def no_backlog(monkeypatch):
    monkeypatch.setattr(sources, "queue_backlog", lambda name: 0)


@pytest.fixture
def sent(monkeypatch):
    queued: list[list[int]] = []
    monkeypatch.setattr(sources, "source_check_enqueue", lambda ids: queued.append(list(ids)))
    return queued


def _checked(evidence: Evidence, ago: dt.timedelta, status: str = "found") -> Evidence:
    when = timezone.now() - ago
    Evidence.objects.filter(pk=evidence.pk).update(
        snapshot_status=status, checked_at=when, check_queued_at=when - dt.timedelta(seconds=5)
    )
    return evidence


def test_the_sweep_rechecks_published_verdicts_sources_only_once_due(
    no_backlog, sent, settings, django_capture_on_commit_callbacks
):
    settings.FACTCHECK_SOURCE_RECHECK_SECONDS = 3600
    editor, reviewer = EditorFactory(), ReviewerFactory()
    published = published_claim(editor, reviewer)
    old_published = _checked(published.evidence.get(), dt.timedelta(hours=2))
    fresh = _checked(
        EvidenceFactory(claim=published, url="https://stats.example/fresh"),
        dt.timedelta(minutes=5),
    )
    in_work = _checked(EvidenceFactory(claim=ClaimFactory()), dt.timedelta(days=3))

    with django_capture_on_commit_callbacks(execute=True):
        queued = sources_sweep()

    assert queued == [old_published.pk]
    assert sent == [[old_published.pk]]
    assert fresh.pk not in queued and in_work.pk not in queued
    # Marked queued: the next sweep does not send it again.
    with django_capture_on_commit_callbacks(execute=True):
        assert sources_sweep() == []


def test_the_sweep_sends_checks_whose_message_was_lost_and_is_bounded(
    no_backlog, sent, settings, django_capture_on_commit_callbacks
):
    settings.FACTCHECK_SOURCE_LOST_AFTER_SECONDS = 600
    lost = EvidenceFactory.create_batch(3)
    Evidence.objects.update(check_queued_at=timezone.now() - dt.timedelta(hours=1))
    just_queued = EvidenceFactory(check_queued_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        first = sources_sweep(limit=2)
        second = sources_sweep(limit=2)
    assert len(first) == 2 and len(second) == 1
    assert set(first + second) == {e.pk for e in lost}
    assert just_queued.pk not in first + second


def test_the_sweep_adds_nothing_while_the_queue_holds_a_runs_worth(monkeypatch, sent):
    EvidenceFactory()
    monkeypatch.setattr(sources, "queue_backlog", lambda name: 50)
    assert sources_sweep(limit=50) == [] and sent == []
    monkeypatch.setattr(sources, "queue_backlog", lambda name: None)  # broker down
    assert sources_sweep(limit=50) == []
