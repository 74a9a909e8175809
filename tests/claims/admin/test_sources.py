"""Source checks in the admin (claims/admin/sources.py): the status on the claim page, the stored
snapshot, "Sources to look at" (published verdicts whose sources changed or vanished) and the
"Re-check" action."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from claims.models import Evidence, EvidenceSnapshot
from claims.services import sources
from tests.claims.admin.support import S, change_url, claim_in, client_for, texts
from tests.factories import EvidenceFactory

pytestmark = pytest.mark.django_db

EVIDENCE_LIST = reverse("admin:claims_evidence_changelist")
LINK_ROT = EVIDENCE_LIST + "?look=published"


def snapshot_url(snapshot) -> str:
    return reverse("admin:claims_evidencesnapshot_change", args=[snapshot.pk])


def checked(evidence, status, text="", ago=dt.timedelta(0)):
    snapshot = EvidenceSnapshot.objects.create(
        evidence=evidence,
        fetched_at=timezone.now() - ago,
        requested_url=evidence.url,
        final_url=evidence.url,
        http_status=404 if status == "page_gone" else 200,
        content_type="text/html",
        content_hash=str(len(text)).rjust(64, "0"),
        size=len(text),
        text=text,
        quote_status=status,
    )
    Evidence.objects.filter(pk=evidence.pk).update(
        snapshot_status=status, checked_at=snapshot.fetched_at, latest_snapshot=snapshot
    )
    return snapshot


def test_the_claim_page_shows_each_sources_check_with_its_snapshot(client, reviewer):
    claim = claim_in(S.NEW)
    cited = claim.evidence.get()
    snapshot = checked(cited, "page_changed", "This report has been withdrawn.")
    EvidenceFactory(claim=claim, url="https://stats.example/new")  # not checked yet

    html = client_for(client, reviewer).get(change_url(claim)).content.decode()
    inline = html.split('id="evidence-group"')[1].split("</fieldset>")[0]
    assert "page changed since cited" in inline
    assert f'<a href="{snapshot_url(snapshot)}">snapshot of ' in inline
    assert "not checked yet" in inline


def test_sources_to_look_at_lists_published_verdicts_with_link_rot(client, reviewer, editor):
    rotten = claim_in(S.PUBLISHED, editor)
    as_cited = checked(
        rotten.evidence.get(), "found", "The port handled 3.9 million.", dt.timedelta(days=9)
    )
    checked(rotten.evidence.get(), "page_gone", "")
    changed = claim_in(S.PUBLISHED, editor)
    checked(changed.evidence.get(), "page_changed", "Withdrawn.")
    still_fine = claim_in(S.PUBLISHED, editor)
    checked(still_fine.evidence.get(), "found", "The port handled 3.9 million.")
    in_work = claim_in(S.IN_PROGRESS, editor)
    checked(in_work.evidence.get(), "page_gone")

    response = client_for(client, reviewer).get(LINK_ROT)
    assert response.status_code == 200
    shown = {e.pk for e in response.context["cl"].result_list}
    assert shown == {rotten.evidence.get().pk, changed.evidence.get().pk}
    html = response.content.decode()
    assert "page gone" in html and "page changed since cited" in html
    assert "Published: Mostly false" in html
    # The page as it backed the verdict, to fall back on.
    assert f'<a href="{snapshot_url(as_cited)}">stored text</a>' in html


def test_the_stored_snapshot_shows_its_text_to_an_editor_read_only(client, editor):
    claim = claim_in(S.PUBLISHED, editor)
    snapshot = checked(claim.evidence.get(), "found", "The port handled 3.9 million containers.")
    response = client_for(client, editor).get(snapshot_url(snapshot))
    assert response.status_code == 200
    html = response.content.decode()
    assert "The port handled 3.9 million containers." in html
    assert 'name="_save"' not in html
    response = client.post(snapshot_url(snapshot), {"text": "edited"})
    assert response.status_code == 403


def test_the_recheck_action_queues_the_selected_sources(client, editor, monkeypatch):
    sent = []
    monkeypatch.setattr(sources, "source_check_enqueue", lambda ids: sent.append(list(ids)))
    claim = claim_in(S.PUBLISHED, editor)
    evidence = claim.evidence.get()
    checked(evidence, "page_gone")
    response = client_for(client, editor).post(
        LINK_ROT,
        {"action": "recheck_sources", "_selected_action": [str(evidence.pk)]},
        follow=True,
    )
    assert "Re-check queued for 1 source; the status changes once each page has been fetched." in (
        texts(response)
    )
    evidence.refresh_from_db()
    assert evidence.check_queued_at > evidence.checked_at


def test_the_evidence_list_costs_the_same_for_2_and_12_sources(client, reviewer, editor):
    def add(n):
        for _ in range(n):
            claim = claim_in(S.PUBLISHED, editor)
            checked(claim.evidence.get(), "found", "as cited", dt.timedelta(days=1))
            checked(claim.evidence.get(), "page_gone")

    client_for(client, reviewer)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(LINK_ROT)
        assert response.status_code == 200
        return len(ctx.captured_queries), len(response.context["cl"].result_list)

    add(2)
    small, rows = count()
    add(10)
    assert count() == (small, rows + 10)


def test_the_desk_dashboard_links_the_sources_to_look_at(client, reviewer):
    html = client_for(client, reviewer).get(reverse("admin:index")).content.decode()
    assert f'href="{LINK_ROT}" id="fc-sources-link">Sources to look at</a>' in html
