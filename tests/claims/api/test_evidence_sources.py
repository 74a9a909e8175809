"""The API's view of source checks: each source's `snapshot_status`, `checked_at` and a link to
its latest snapshot; the snapshots themselves; re-checking on demand."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims.models import Evidence, EvidenceSnapshot
from claims.services import sources
from tests.conftest import token_client
from tests.factories import ClaimFactory, EvidenceFactory

pytestmark = pytest.mark.django_db


def checked(
    evidence: Evidence, status: str = "found", text: str = "The port handled 3.9 m."
) -> EvidenceSnapshot:
    """A snapshot as the check stores it, made the evidence's latest."""
    snapshot = EvidenceSnapshot.objects.create(
        evidence=evidence,
        fetched_at=timezone.now(),
        requested_url=evidence.url,
        final_url=evidence.url,
        http_status=200,
        content_type="text/html",
        content_hash="ab" * 32,
        size=1234,
        text=text,
        quote_status=status,
        quote_score=1.0 if status == "found" else 0.2,
    )
    Evidence.objects.filter(pk=evidence.pk).update(
        snapshot_status=status, checked_at=snapshot.fetched_at, latest_snapshot=snapshot
    )
    return snapshot


def test_a_source_shows_its_check_status_time_and_snapshot(reviewer_api):
    evidence = EvidenceFactory()
    row = reviewer_api.get(f"/api/evidence/{evidence.pk}/").json()
    assert (row["snapshot_status"], row["checked_at"], row["snapshot"]) == ("pending", None, None)

    snapshot = checked(evidence, "page_changed", text="This report has been withdrawn.")
    row = reviewer_api.get(f"/api/evidence/{evidence.pk}/").json()
    assert row["snapshot_status"] == "page_changed"
    assert row["checked_at"] is not None
    assert row["snapshot"] == f"/api/evidence/{evidence.pk}/snapshots/{snapshot.pk}/"

    stored = reviewer_api.get(row["snapshot"]).json()
    assert stored["text"] == "This report has been withdrawn."
    assert stored["quote_status"] == "page_changed" and stored["http_status"] == 200
    assert "body" not in stored


def test_the_claims_sources_carry_the_check_too(reviewer_api):
    claim = ClaimFactory()
    snapshot = checked(EvidenceFactory(claim=claim), "page_gone")
    detail = reviewer_api.get(f"/api/claims/{claim.pk}/").json()
    listed = reviewer_api.get(f"/api/claims/{claim.pk}/evidence/").json()
    for row in (detail["evidence"][0], listed[0]):
        assert row["snapshot_status"] == "page_gone"
        assert row["snapshot"].endswith(f"/snapshots/{snapshot.pk}/")


def test_the_snapshots_of_a_source_newest_first_and_a_wrong_one_is_404(reviewer_api):
    evidence = EvidenceFactory()
    first = checked(evidence, "found")
    second = checked(evidence, "page_changed")
    rows = reviewer_api.get(f"/api/evidence/{evidence.pk}/snapshots/").json()
    assert [r["id"] for r in rows] == [second.pk, first.pk]
    other = checked(EvidenceFactory(), "found")
    response = reviewer_api.get(f"/api/evidence/{evidence.pk}/snapshots/{other.pk}/")
    assert response.status_code == 404
    assert f"Source {evidence.pk} has no snapshot {other.pk}" in response.json()["detail"]


def count_queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries)


@pytest.mark.parametrize("where", ["list", "claim", "claim-evidence"])
def test_sources_with_snapshots_cost_no_query_each(reviewer, where):
    claim = ClaimFactory()

    def add(n):
        for _ in range(n):
            checked(EvidenceFactory(claim=claim), "found")

    path = {
        "list": "/api/evidence/",
        "claim": f"/api/claims/{claim.pk}/",
        "claim-evidence": f"/api/claims/{claim.pk}/evidence/",
    }[where]
    add(2)
    small = count_queries(token_client(reviewer), path)
    add(20)
    large = count_queries(token_client(reviewer), path)
    assert small == large


def test_recheck_queues_a_check_and_answers_at_once(reviewer_api, monkeypatch):
    sent = []
    monkeypatch.setattr(sources, "source_check_enqueue", lambda ids: sent.append(list(ids)))
    evidence = EvidenceFactory()
    checked(evidence, "found")
    response = reviewer_api.post(f"/api/evidence/{evidence.pk}/recheck/")
    assert response.status_code == 202
    assert response.json()["snapshot_status"] == "found"  # the last result, until the new one
    evidence.refresh_from_db()
    assert evidence.check_queued_at > evidence.checked_at


def test_recheck_is_for_the_newsroom_only(key_api, editor_api):
    evidence = EvidenceFactory()
    assert key_api.post(f"/api/evidence/{evidence.pk}/recheck/").status_code == 403
    assert editor_api.post("/api/evidence/987654/recheck/").status_code == 404
