"""Source checks through a real Celery worker on the real Redis broker: the editor's request
never waits on the page, a failing server is retried with backoff, the result shows in the API.

The worker reaches the pages on SOURCES_HOST (allowlisted for it in tests/claims/conftest.py,
with FACTCHECK_SOURCE_RETRY_BASE_SECONDS=0.2 so retries come quickly)."""

from __future__ import annotations

import threading
import time

import pytest

from claims.models import Evidence, EvidenceSnapshot
from tests.conftest import token_client
from tests.factories import ClaimFactory, EditorFactory

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]

REPORT = "The port handled 3.9 million containers last year, the annual report says."


def wait_for(predicate, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def status_of(pk: int) -> str:
    return Evidence.objects.values_list("snapshot_status", flat=True).get(pk=pk)


def test_citing_a_slow_page_answers_at_once_and_the_worker_checks_it(celery_worker, pages):
    url = pages.html("/report", REPORT)
    page = pages.pages["/report"]
    release, asked = threading.Event(), threading.Event()

    def slow(request):
        asked.set()
        release.wait(20)
        return page

    pages.pages["/report"] = slow
    editor = EditorFactory()
    claim = ClaimFactory(status="in_progress", assignee=editor)
    body = {"url": url, "quote": "The port handled 3.9 million containers", "stance": "supports"}

    response = token_client(editor).post(f"/api/claims/{claim.pk}/evidence/", body)

    assert response.status_code == 201, response.content
    assert response.json()["snapshot_status"] == "pending"
    pk = response.json()["id"]
    # The worker is fetching the page, which still holds its answer: the request did not wait.
    assert asked.wait(20) and not release.is_set()
    assert status_of(pk) == "pending"
    release.set()
    assert wait_for(lambda: status_of(pk) == "found")
    row = token_client(editor).get(f"/api/evidence/{pk}/").json()
    assert row["checked_at"] is not None
    snapshot = token_client(editor).get(row["snapshot"]).json()
    assert "3.9 million containers" in snapshot["text"]


def test_the_worker_retries_a_failing_server_and_then_finds_the_quote(celery_worker, pages):
    url = pages.html("/report", REPORT)
    page = pages.pages["/report"]
    answers = iter([(503, "text/plain", b"busy"), (502, "text/plain", b"bad gateway")])
    pages.pages["/report"] = lambda request: next(answers, page)
    editor = EditorFactory()
    claim = ClaimFactory(status="in_progress", assignee=editor)
    body = {"url": url, "quote": "handled 3.9 million containers last year"}

    response = token_client(editor).post(f"/api/claims/{claim.pk}/evidence/", body)
    pk = response.json()["id"]

    assert wait_for(lambda: status_of(pk) == "found")
    assert pages.hits == ["/report"] * 3
    assert EvidenceSnapshot.objects.filter(evidence_id=pk).count() == 1  # one stored result


def test_the_worker_reports_a_page_gone(celery_worker, pages):
    url = pages.html("/removed", "Gone", status=410)
    editor = EditorFactory()
    claim = ClaimFactory(status="in_progress", assignee=editor)
    response = token_client(editor).post(f"/api/claims/{claim.pk}/evidence/", {"url": url})
    pk = response.json()["id"]
    assert wait_for(lambda: status_of(pk) == "page_gone")
    assert pages.hits == ["/removed"]  # a 410 is an answer: no retry
